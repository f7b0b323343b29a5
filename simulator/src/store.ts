/**
 * In-memory checkouts. Moves follow the state machine in moves.ts; every change goes through
 * `applyChange`, which records history and notifies the listener (the webhook sender) unless the
 * caller asked for a silent change.
 */
import { badRequest } from './envelope';
import { newCheckoutKey, newDisplayId, newNumericId } from './ids';
import { formatTimestamp, redirectUrlFor, type CheckoutRecord, type CheckoutStatus, type StatusChange } from './model';
import { isOpen, MOVES, TransitionError, type CheckoutAction } from './moves';
import { newCheckoutRecord } from './new-record';
import { searchCheckouts } from './search';
import { emptyStats, type ApiStats, type ChangeListener, type SearchPage, type StoreOptions, type Strictness } from './store-types';
import type { CreateCheckoutInput } from './validation';
import type { RefundInput, SearchInput } from './validation-ops';

export { API_CANCELLABLE, CHECKOUT_ACTIONS, isOpen, TransitionError, type CheckoutAction } from './moves';
export { cancelError, type ApiStats, type ChangeListener, type SearchPage, type StoreOptions, type Strictness } from './store-types';

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

    const id = newNumericId((candidate) => this.byId.has(candidate));
    const displayId = newDisplayId((candidate) => this.displayIds.has(candidate));
    const record = newCheckoutRecord(input, { seq: ++this.seq, id, displayId, checkoutKey, base64QR, createdAtMs: this.now() }, this.options.defaultBranch);
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
      existing.type === input.type &&
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
    return searchCheckouts(this.all(), (id) => this.byId.get(id), q);
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

