/**
 * createQrCheckout's service: claim (and the order) → PointCheckout POST /checkout/qr → store with its first
 * event. Idempotent per (caller, idempotencyKey): the checkout id derives from both and is the gateway's
 * requestId, so retries and concurrent calls end in one gateway checkout and one document. At most one open
 * checkout per order, whatever the key (orderLock.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { canAccess, type Caller } from '../auth/caller';
import { logs } from '../logs';
import { DEFAULT_ACCOUNT } from '../accounts';
import type { PointCheckoutClient } from '../pointcheckout/client';
import type { GatewayFor } from '../pointcheckout/fromParams';
import {
  GatewayAuthError,
  GatewayRateLimitedError,
  GatewayRejectedError,
  GatewayUnavailableError,
} from '../pointcheckout/errors';
import type { WireCheckout } from '../pointcheckout/wire';
import { orderRefusal } from './orderRefusal';
import { findChargedCheckoutForOrder, orderKeyFor } from './orderLock';
import { orderSpaceOf } from './orderSpace';
import { claimCreation, dropClaim, markClaimRetryable, peekClaim, type ClaimDecision, type ClaimRequest } from './claims';
import { findAtGateway, matchesRequest, storeFromGateway } from './createRecovery';
import { branchForCreate } from './branches';
import { CheckoutError } from '../shared/errors';
import { parseAmount, toWireAmount, type Currency } from './money';
import { refreshFromGateway } from './refresh';
import { getCheckout, type StoredCheckout } from './repository';
import type { CreateQrCheckoutOutput, ParsedCreateQrCheckoutInput } from './schemas';
import { OPEN_STATUSES } from './status';

/** How long one caller may hold a create before another caller with the same key may take it over. */
const CLAIM_LEASE_MS = 45_000;
const WAIT_POLL_MS = 250;

export interface CreateDeps {
  gatewayFor: GatewayFor;
  modeOf: (accountId: string) => 'test' | 'live';
  /** Minutes before reconciliation first asks about the new checkout (param RECONCILE_AFTER_MINUTES). */
  firstCheckMinutes?: number;
  /** Order ids are one space across branches (param ORDER_IDS_MERCHANT_WIDE); still per account and mode. */
  ordersMerchantWide?: boolean;
}

function minorOf(value: string | number, currency: Currency): number {
  const parsed = parseAmount(value, currency);
  if (!parsed.ok) throw new CheckoutError('invalid-argument', `amount: ${parsed.reason}`);
  return parsed.minor;
}

function zeroOrMinor(value: string | number, currency: Currency): number {
  return /^0+(\.0+)?$/.test(String(value)) ? 0 : minorOf(value, currency);
}

/** Stable JSON (sorted keys) so that the same request always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function payloadHashOf(input: ParsedCreateQrCheckoutInput, amountMinor: number): string {
  const { idempotencyKey: _key, amount: _amount, ...rest } = input;
  return createHash('sha256').update(canonical({ ...rest, amountMinor })).digest('hex');
}

/** Our checkout id: derived from the caller and key when there is one, random otherwise. 32 url-safe chars. */
export function checkoutIdFor(uid: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return randomBytes(16).toString('hex');
  return createHash('sha256').update(`${uid}\u0000${idempotencyKey}`).digest('hex').slice(0, 32);
}

function outputOf(checkout: StoredCheckout): CreateQrCheckoutOutput {
  const { data } = checkout;
  return {
    checkoutId: checkout.id,
    status: data.status,
    qrImage: data.qrImage,
    checkoutUrl: data.checkoutUrl,
    amount: data.amount,
    currency: data.currency,
    expiresAt: data.expiresAt.toDate().toISOString(),
    branchId: data.branchId,
    account: data.account,
    mode: data.mode,
  };
}

/**
 * A checkout we already hold, as the caller should see it now: an open one is first confirmed with the gateway
 * (best effort), so a retry never shows a QR that was paid, cancelled or expired meanwhile as payable.
 */
async function currentOutput(checkoutId: string, gateway: PointCheckoutClient): Promise<CreateQrCheckoutOutput> {
  const stored = await getCheckout(checkoutId);
  if (!stored) throw new CheckoutError('unavailable', 'The checkout is still being created; try again in a moment.');
  if (!OPEN_STATUSES.includes(stored.data.status)) return outputOf(stored);
  try {
    const result = await refreshFromGateway(stored, 'refresh', gateway);
    return outputOf(result.outcome === 'missing' ? stored : result.checkout);
  } catch {
    return outputOf(stored); // the gateway is unreachable: what we hold is still the best answer
  }
}

/** Waits for another call with the same key to finish; returns the decision this call acts on. */
async function takeClaim(
  checkoutId: string,
  caller: Caller,
  payloadHash: string,
  request: ClaimRequest,
  merchantWide: boolean,
): Promise<Exclude<ClaimDecision, { kind: 'wait' } | { kind: 'conflict' }>> {
  for (;;) {
    const decision = await claimCreation(checkoutId, caller, payloadHash, request, CLAIM_LEASE_MS, merchantWide);
    if (decision.kind === 'conflict') {
      throw new CheckoutError(
        'already-exists',
        'This idempotencyKey was already used for a different checkout; use a new key for a new payment.',
      );
    }
    if (decision.kind !== 'wait') return decision;
    // Another call holds the claim: poll cheaply until it finishes, fails, or its lease runs out.
    while (Date.now() < decision.leaseExpiresAtMs + WAIT_POLL_MS) {
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
      const peek = await peekClaim(checkoutId, caller.uid, payloadHash);
      if (peek?.kind === 'created') return { kind: 'created' };
      if (!peek || peek.kind !== 'wait') break;
    }
  }
}

/** Says what a claim that did not let us proceed means for the caller (or returns the checkout to show). */
async function settleWithoutCreating(
  decision: Exclude<ClaimDecision, { kind: 'proceed' } | { kind: 'wait' } | { kind: 'conflict' }>,
  checkoutId: string,
  orderId: string,
  gateway: PointCheckoutClient,
): Promise<CreateQrCheckoutOutput> {
  switch (decision.kind) {
    case 'created':
      return currentOutput(checkoutId, gateway);
    case 'order-open':
      if (decision.sameSale) return currentOutput(decision.checkoutId, gateway);
      throw orderRefusal(decision, orderId);
    default:
      throw orderRefusal(decision, orderId);
  }
}

/**
 * PointCheckout refused the create. After a lost answer that refusal may be its duplicate-requestId rule
 * (it documents no idempotent return): look for the checkout it made under our requestId before believing it.
 */
async function recoverRefusedCreate(
  checkoutId: string,
  request: ClaimRequest,
  gateway: PointCheckoutClient,
): Promise<WireCheckout | null> {
  const found = await findAtGateway(gateway, checkoutId);
  if (!found) return null;
  if (!matchesRequest(found, request)) {
    logs.gatewayMismatch(checkoutId, 'create recovery');
    throw new CheckoutError('unavailable', 'PointCheckout holds a different checkout under this request; nothing was stored. Contact support.');
  }
  logs.createRecovered(checkoutId, found.id, found.status);
  return found;
}

/** Maps a failure of the gateway create (after any recovery) to what the caller hears; the claim is kept retryable. */
async function failCreate(error: unknown, checkoutId: string, holder: string): Promise<never> {
  await markClaimRetryable(checkoutId, holder).catch(() => undefined);
  if (error instanceof GatewayAuthError) {
    logs.gatewayAuthFailed('createQrCheckout');
    throw new CheckoutError('failed-precondition', 'PointCheckout refused our merchant credentials; ask your administrator to check the API key and secret.');
  }
  if (error instanceof GatewayRateLimitedError) {
    logs.createUnknownOutcome(checkoutId, error.detail);
    throw new CheckoutError('unavailable', `${error.message}. Retry with the same idempotencyKey.`);
  }
  if (error instanceof GatewayUnavailableError) {
    logs.createUnknownOutcome(checkoutId, error.detail);
    throw new CheckoutError('unavailable', 'PointCheckout could not be reached. Try again: with the same idempotencyKey no second charge can be made.');
  }
  throw error;
}

export async function createQrCheckout(
  caller: Caller,
  input: ParsedCreateQrCheckoutInput,
  deps: CreateDeps,
): Promise<CreateQrCheckoutOutput> {
  const currency = input.currency;
  const amountMinor = minorOf(input.amount, currency);
  const payloadHash = payloadHashOf(input, amountMinor);
  const checkoutId = checkoutIdFor(caller.uid, input.idempotencyKey);
  const branch = await branchForCreate(caller, input.branchId);
  // The branch's account now; the checkout keeps it for good, whatever the branch switches to later.
  const account = branch?.account ?? DEFAULT_ACCOUNT;
  const gateway = deps.gatewayFor(account);
  const request: ClaimRequest = {
    orderId: input.orderId,
    amountMinor,
    currency,
    description: input.description ?? null,
    expiresInMinutes: input.expiresInMinutes,
    qrSize: input.qrSize ?? null,
    branchId: branch?.id ?? null,
    deviceReference: input.deviceReference ?? null,
    account,
    mode: deps.modeOf(account),
  };

  // The older-checkouts check does not depend on the claim: run both at once (one Firestore round trip less).
  const merchantWide = deps.ordersMerchantWide ?? false;
  const orderKey = orderKeyFor(request, merchantWide);
  const chargedLookup = findChargedCheckoutForOrder(input.orderId, orderSpaceOf(request, merchantWide), merchantWide);
  chargedLookup.catch(() => undefined); // awaited below unless the claim fails first
  const decision = await takeClaim(checkoutId, caller, payloadHash, request, merchantWide);
  if (decision.kind !== 'proceed') return settleWithoutCreating(decision, checkoutId, input.orderId, gateway);
  const { holder } = decision;

  const charged = await chargedLookup;
  if (charged) {
    await dropClaim(checkoutId, holder, orderKey);
    const visible = canAccess(caller, charged.data);
    return settleWithoutCreating({ kind: 'order-charged', checkoutId: charged.id, status: charged.data.status, visible }, checkoutId, input.orderId, gateway);
  }

  let wire: WireCheckout & { base64QR?: string };
  try {
    wire = await gateway.createQrCheckout({
      requestId: checkoutId,
      orderId: input.orderId,
      currency,
      amount: toWireAmount(amountMinor, currency),
      description: input.description,
      qrSize: input.qrSize,
      expiresIn: input.expiresInMinutes,
      // The caller's uid is not the merchant's device: send a device reference only when the app gives one.
      deviceReference: input.deviceReference,
      branchId: branch?.pointcheckoutBranchId ?? undefined,
      language: input.language,
      items: input.items?.map((item) => ({
        name: item.name,
        sku: item.sku,
        quantity: item.quantity,
        unitprice: item.unitPrice === undefined ? undefined : toWireAmount(zeroOrMinor(item.unitPrice, currency), currency),
        linetotal: toWireAmount(zeroOrMinor(item.lineTotal, currency), currency),
      })),
      customer: input.customer,
    });
  } catch (error) {
    if (!(error instanceof GatewayRejectedError)) return failCreate(error, checkoutId, holder);
    let recovered: WireCheckout | null;
    try {
      recovered = await recoverRefusedCreate(checkoutId, request, gateway);
    } catch (searchError) {
      if (searchError instanceof CheckoutError) await markClaimRetryable(checkoutId, holder).catch(() => undefined);
      if (searchError instanceof CheckoutError) throw searchError;
      return failCreate(searchError, checkoutId, holder);
    }
    if (!recovered) {
      await dropClaim(checkoutId, holder, orderKey);
      logs.createRefused(checkoutId, error.message);
      throw new CheckoutError('failed-precondition', `PointCheckout refused the checkout: ${error.message}`);
    }
    wire = recovered;
  }

  if (wire.requestId !== checkoutId || !matchesRequest(wire, request)) {
    await markClaimRetryable(checkoutId, holder);
    logs.gatewayMismatch(checkoutId, 'create');
    throw new CheckoutError('unavailable', 'PointCheckout answered with a different checkout than requested; nothing was stored. Try again.');
  }

  let stored: StoredCheckout;
  try {
    stored = await storeFromGateway(checkoutId, wire, request, caller.uid, { firstCheckMinutes: deps.firstCheckMinutes });
  } catch (error) {
    await markClaimRetryable(checkoutId, holder).catch(() => undefined);
    logs.unexpected('storeCreatedCheckout', error);
    throw new CheckoutError('unavailable', 'The checkout could not be saved. Try again with the same idempotencyKey.');
  }
  logs.checkoutCreated(checkoutId, wire.id, input.orderId, stored.data.amount, currency);
  return outputOf(stored);
}
