/**
 * In-memory checkouts. Moves follow the state machine in moves.ts; every change goes through
 * `applyChange`, which records history and notifies the listener (the webhook sender) unless the
 * caller asked for a silent change.
 */
import { ApiError, badRequest } from './envelope';
import { newCheckoutKey, newDisplayId, newNumericId } from './ids';
import {
  formatTimestamp,
  redirectUrlFor,
  type CheckoutRecord,
  type CheckoutStatus,
  type StatusChange,
} from './model';
import { isOpen, MOVES, TransitionError, type CheckoutAction } from './moves';
import type { CreateCheckoutInput } from './validation';
import type { RefundInput, SearchInput } from './validation-ops';

export { API_CANCELLABLE, CHECKOUT_ACTIONS, isOpen, TransitionError, type CheckoutAction } from './moves';

/**
 * Counts of merchant API calls received (failed ones included), plus what was actually applied:
 * `createsApplied` (creates that made a new checkout), `refundsApplied` (refunds that grew
 * totalRefunded) and `rateLimited` (requests answered 429), so tests can tell "applied twice" from "once".
 */
export interface ApiStats {
  creates: number;
  gets: number;
  searches: number;
  cancels: number;
  refunds: number;
  createsApplied: number;
  refundsApplied: number;
  rateLimited: number;
}

/** Strict mode refuses every repeated requestId and applies every refund (see README "Strict mode"). */
export interface Strictness {
  strict: boolean;
}

/** Called after every status or totalRefunded change; `notify` is false for a deliberately lost webhook. */
export type ChangeListener = (record: CheckoutRecord, change: StatusChange, notify: boolean) => void;

export interface StoreOptions {
  publicUrl: () => string;
  /** Branch reported on checkouts created without `branchId`. */
  defaultBranch: { id: string; name: string };
  now?: () => number;
}

export interface SearchPage {
  page: number;
  size: number;
  totalPages: number;
  totalElements: number;
  content: CheckoutRecord[];
}

export class CheckoutStore {
  private readonly byId = new Map<string, CheckoutRecord>();
  private readonly byKey = new Map<string, CheckoutRecord>();
  private readonly byRequestId = new Map<string, CheckoutRecord>();
  private readonly displayIds = new Set<string>();
  private seq = 0;
  /** Added to the real clock by POST /_sim/clock so tests can reach expiry without waiting. */
  clockOffsetMs = 0;
  stats: ApiStats = emptyStats();
  listener: ChangeListener | undefined;

  constructor(private readonly options: StoreOptions) {}

  /** The simulated clock, in epoch ms. */
  now(): number {
    return (this.options.now ?? Date.now)() + this.clockOffsetMs;
  }

  /**
   * Creates a checkout, or returns the existing one for a repeated `requestId` with the same
   * orderId, amount and currency. The vendor does not document duplicates in v2.0; this
   * idempotent return is our assumption so that a create retried after a lost response
   * is safe. A different payload is refused with the v1.2 error text adapted to `requestId`.
   * In strict mode every repeat is refused, the same payload too (the worst case, research §11.4).
   */
  async create(
    input: CreateCheckoutInput,
    renderQr: (text: string, size: number) => Promise<string>,
    mode: Strictness = { strict: false },
  ): Promise<{ record: CheckoutRecord; duplicate: boolean }> {
    const existing = this.duplicateOf(input, mode.strict);
    if (existing) return { record: this.refresh(existing), duplicate: true };

    const checkoutKey = newCheckoutKey();
    const base64QR = await renderQr(redirectUrlFor(this.options.publicUrl(), checkoutKey), input.qrSize);
    // Another create with the same requestId may have finished while the QR was rendering.
    const raced = this.duplicateOf(input, mode.strict);
    if (raced) return { record: this.refresh(raced), duplicate: true };

    const createdAtMs = this.now();
    const id = newNumericId((candidate) => this.byId.has(candidate));
    const displayId = newDisplayId((candidate) => this.displayIds.has(candidate));
    const record: CheckoutRecord = {
      seq: ++this.seq,
      id,
      displayId,
      checkoutKey,
      requestId: input.requestId,
      orderId: input.orderId,
      description: input.description,
      deviceReference: input.deviceReference,
      currency: input.currency,
      amountMinor: input.amountMinor,
      status: 'PENDING',
      totalRefundedMinor: 0,
      usedPaymentMethod: null,
      qrSize: input.qrSize,
      base64QR,
      customer: input.customer,
      billingAddress: input.billingAddress,
      items: input.items,
      totals: input.totals,
      allowedPaymentMethods: input.allowedPaymentMethods,
      defaultPaymentMethod: input.defaultPaymentMethod,
      language: input.language,
      // Assumption: any branchId is accepted (the simulator has no branch registry).
      branchId: input.branchId ?? this.options.defaultBranch.id,
      branchName: input.branchId ? `Branch ${input.branchId}` : this.options.defaultBranch.name,
      createdAtMs,
      expiresAtMs: createdAtMs + input.expiresInMinutes * 60_000,
      timestamp: formatTimestamp(createdAtMs),
      refunds: [],
      history: [{ from: null, to: 'PENDING', source: 'api', at: formatTimestamp(createdAtMs) }],
    };
    this.byId.set(id, record);
    this.byKey.set(checkoutKey, record);
    this.byRequestId.set(input.requestId, record);
    this.displayIds.add(displayId);
    this.stats.createsApplied++;
    return { record, duplicate: false };
  }

  private duplicateOf(input: CreateCheckoutInput, strict: boolean): CheckoutRecord | undefined {
    const existing = this.byRequestId.get(input.requestId);
    if (!existing) return undefined;
    const same =
      !strict &&
      existing.orderId === input.orderId &&
      existing.amountMinor === input.amountMinor &&
      existing.currency === input.currency;
    if (!same) {
      throw badRequest(`A checkout already exists for this merchant with request id '${input.requestId}'`);
    }
    return existing;
  }

  /** Looks a checkout up by id, expiring it first if its time has passed. */
  get(id: string): CheckoutRecord | undefined {
    const record = this.byId.get(id);
    return record && this.refresh(record);
  }

  /** Looks a checkout up by its payment-page key. */
  getByKey(checkoutKey: string): CheckoutRecord | undefined {
    const record = this.byKey.get(checkoutKey);
    return record && this.refresh(record);
  }

  /** Every checkout, newest first. */
  all(): CheckoutRecord[] {
    this.expireDue();
    return [...this.byId.values()].sort((a, b) => b.seq - a.seq);
  }

  search(q: SearchInput): SearchPage {
    const anchor = q.afterId === null ? undefined : this.byId.get(q.afterId);
    const matches = this.all().filter(
      (c) =>
        (q.requestId === null || c.requestId === q.requestId) &&
        (q.orderId === null || c.orderId === q.orderId) &&
        (q.statuses === null || q.statuses.includes(c.status)) &&
        // Every simulated checkout is a QR checkout.
        (q.type === null || q.type === 'QR') &&
        (q.customerReference === null || c.customer?.reference === q.customerReference) &&
        (q.customerEmail === null || c.customer?.email === q.customerEmail) &&
        (q.customerPhone === null || c.customer?.phone === q.customerPhone) &&
        (q.afterId === null || (anchor !== undefined && c.seq > anchor.seq)) &&
        (q.afterMs === null || c.createdAtMs > q.afterMs),
    );
    return {
      page: q.page,
      size: q.size,
      totalPages: Math.ceil(matches.length / q.size),
      totalElements: matches.length,
      content: matches.slice(q.page * q.size, (q.page + 1) * q.size),
    };
  }

  /** Applies a customer / clock move; throws `TransitionError` when illegal from the current status. */
  transition(record: CheckoutRecord, action: CheckoutAction, source: string, notify = true): CheckoutRecord {
    this.refresh(record);
    const move = MOVES[action];
    if (!move.from.includes(record.status)) throw new TransitionError(record.status, action);
    if (action === 'pay') record.usedPaymentMethod = 'CARD';
    this.applyChange(record, move.to, source, notify);
    return record;
  }

  /**
   * Refunds part or all of a PAID / PARTIALLY_REFUNDED checkout. Assumption: a repeated
   * `referenceId` with the same amount is a retry and refunds nothing more (idempotent);
   * with another amount it is refused. Strict mode applies every refund (the vendor documents
   * no de-duplication, research §5.4): a retry refunds again while the amount remains.
   */
  refund(record: CheckoutRecord, input: RefundInput, notify = true, mode: Strictness = { strict: false }): CheckoutRecord {
    this.refresh(record);
    if (input.referenceId !== null && !mode.strict) {
      const previous = record.refunds.find((r) => r.referenceId === input.referenceId);
      if (previous) {
        if (previous.amountMinor === input.amountMinor && previous.currency === input.currency) return record;
        throw badRequest(`A refund already exists for this checkout with reference id '${input.referenceId}'`);
      }
    }
    if (record.status !== 'PAID' && record.status !== 'PARTIALLY_REFUNDED') {
      throw badRequest(`Checkout cannot be refunded in status ${record.status}`);
    }
    if (input.currency !== record.currency) {
      throw badRequest(`Refund currency '${input.currency}' does not match the checkout currency '${record.currency}'`);
    }
    if (input.amountMinor > record.amountMinor - record.totalRefundedMinor) {
      throw badRequest('Refund amount exceeds the refundable amount');
    }
    record.totalRefundedMinor += input.amountMinor;
    this.stats.refundsApplied++;
    record.refunds.push({ ...input, at: formatTimestamp(this.now()) });
    const to: CheckoutStatus = record.totalRefundedMinor === record.amountMinor ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    this.applyChange(record, to, 'api', notify);
    return record;
  }

  /** Expires every open checkout whose time has passed; returns how many changed. */
  expireDue(): number {
    let count = 0;
    for (const record of this.byId.values()) {
      if (this.expireIfDue(record)) count++;
    }
    return count;
  }

  /**
   * Removes a checkout from everything the merchant API and the payment page can see, as if it
   * had been made on another account or purged by the gateway. Returns false if it was unknown.
   */
  forget(id: string): boolean {
    const record = this.byId.get(id);
    if (!record) return false;
    this.byId.delete(id);
    this.byKey.delete(record.checkoutKey);
    if (this.byRequestId.get(record.requestId) === record) this.byRequestId.delete(record.requestId);
    this.displayIds.delete(record.displayId);
    return true;
  }

  /** Drops every checkout and resets the counters and the clock offset. */
  reset(): void {
    this.byId.clear();
    this.byKey.clear();
    this.byRequestId.clear();
    this.displayIds.clear();
    this.stats = emptyStats();
    this.clockOffsetMs = 0;
  }

  private refresh(record: CheckoutRecord): CheckoutRecord {
    this.expireIfDue(record);
    return record;
  }

  private expireIfDue(record: CheckoutRecord): boolean {
    if (!isOpen(record.status) || this.now() < record.expiresAtMs) return false;
    this.applyChange(record, 'EXPIRED', 'clock', true);
    return true;
  }

  private applyChange(record: CheckoutRecord, to: CheckoutStatus, source: string, notify: boolean): void {
    const change: StatusChange = { from: record.status, to, source, at: formatTimestamp(this.now()) };
    record.status = to;
    record.history.push(change);
    this.listener?.(record, change, notify);
  }
}

function emptyStats(): ApiStats {
  return { creates: 0, gets: 0, searches: 0, cancels: 0, refunds: 0, createsApplied: 0, refundsApplied: 0, rateLimited: 0 };
}

/** Maps a store failure onto the merchant API's wording for cancel. */
export function cancelError(err: unknown): unknown {
  return err instanceof TransitionError ? new ApiError(400, `Checkout cannot be cancelled in status ${err.status}`) : err;
}
