/**
 * createQrCheckout's service: claim → order check → PointCheckout POST /checkout/qr → store with its first
 * event. Idempotent per (caller, idempotencyKey): the checkout id derives from both and is the gateway's
 * requestId, so retries and concurrent calls end in one gateway checkout and one document.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { Caller } from '../auth/caller';
import { logs } from '../logs';
import type { PointCheckoutClient } from '../pointcheckout/client';
import { GatewayAuthError, GatewayRejectedError, GatewayUnavailableError } from '../pointcheckout/errors';
import { claimCreation, dropClaim, markClaimRetryable, peekClaim } from './claims';
import type { CheckoutDocument } from './document';
import { CheckoutError } from './errors';
import { formatMinor, fromWireAmount, parseAmount, toWireAmount, type Currency } from './money';
import { findChargedCheckoutForOrder, getCheckout, storeCreatedCheckout, type StoredCheckout } from './repository';
import type { CreateQrCheckoutOutput, ParsedCreateQrCheckoutInput } from './schemas';

/** How long one caller may hold a create before another caller with the same key may take it over. */
const CLAIM_LEASE_MS = 45_000;
const WAIT_POLL_MS = 250;

export interface CreateDeps {
  gateway: PointCheckoutClient;
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
  };
}

async function storedOrFail(checkoutId: string): Promise<CreateQrCheckoutOutput> {
  const stored = await getCheckout(checkoutId);
  if (!stored) throw new CheckoutError('unavailable', 'The checkout is still being created; try again in a moment.');
  return outputOf(stored);
}

/** Waits for another call with the same key to finish; returns true when this call may proceed itself. */
async function takeClaim(checkoutId: string, caller: Caller, payloadHash: string): Promise<'proceed' | 'created'> {
  for (;;) {
    const decision = await claimCreation(checkoutId, caller.uid, payloadHash, CLAIM_LEASE_MS);
    if (decision.kind === 'conflict') {
      throw new CheckoutError(
        'already-exists',
        'This idempotencyKey was already used for a different checkout; use a new key for a new payment.',
      );
    }
    if (decision.kind !== 'wait') return decision.kind;
    // Another call holds the claim: poll cheaply until it finishes, fails, or its lease runs out.
    while (Date.now() < decision.leaseExpiresAtMs + WAIT_POLL_MS) {
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
      const peek = await peekClaim(checkoutId, caller.uid, payloadHash);
      if (peek?.kind === 'created') return 'created';
      if (!peek || peek.kind !== 'wait') break;
    }
  }
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

  // The order check does not depend on the claim: run both at once (one Firestore round trip less).
  const chargedLookup = findChargedCheckoutForOrder(input.orderId);
  chargedLookup.catch(() => undefined); // awaited below unless the claim fails first
  if ((await takeClaim(checkoutId, caller, payloadHash)) === 'created') return storedOrFail(checkoutId);

  const charged = await chargedLookup;
  if (charged) {
    await dropClaim(checkoutId);
    throw new CheckoutError(
      'failed-precondition',
      `Order ${input.orderId} has already been paid (checkout ${charged.id} is ${charged.data.status}); it cannot be charged twice.`,
    );
  }

  const createdAt = Timestamp.now();
  const expiresAt = Timestamp.fromMillis(createdAt.toMillis() + input.expiresInMinutes * 60_000);
  let wire;
  try {
    wire = await deps.gateway.createQrCheckout({
      requestId: checkoutId,
      orderId: input.orderId,
      currency,
      amount: toWireAmount(amountMinor, currency),
      description: input.description,
      qrSize: input.qrSize,
      expiresIn: input.expiresInMinutes,
      deviceReference: caller.uid,
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
    if (error instanceof GatewayRejectedError) {
      await dropClaim(checkoutId);
      logs.createRefused(checkoutId, error.message);
      throw new CheckoutError('failed-precondition', `PointCheckout refused the checkout: ${error.message}`);
    }
    await markClaimRetryable(checkoutId);
    if (error instanceof GatewayAuthError) {
      logs.gatewayAuthFailed('createQrCheckout');
      throw new CheckoutError('failed-precondition', 'PointCheckout refused our merchant credentials; ask your administrator to check the API key and secret.');
    }
    if (error instanceof GatewayUnavailableError) {
      logs.createUnknownOutcome(checkoutId, error.detail);
      throw new CheckoutError('unavailable', 'PointCheckout could not be reached. Try again: with the same idempotencyKey no second charge can be made.');
    }
    throw error;
  }

  if (wire.requestId !== checkoutId || wire.currency !== currency || fromWireAmount(wire.amount, currency) !== amountMinor) {
    await markClaimRetryable(checkoutId);
    logs.gatewayMismatch(checkoutId, 'create');
    throw new CheckoutError('unavailable', 'PointCheckout answered with a different checkout than requested; nothing was stored. Try again.');
  }

  const document: CheckoutDocument = {
    orderId: input.orderId,
    description: input.description ?? null,
    amount: formatMinor(amountMinor, currency),
    amountMinor,
    currency,
    status: 'PENDING',
    qrImage: wire.base64QR,
    checkoutUrl: wire.redirectUrl,
    expiresAt,
    createdBy: caller.uid,
    createdAt,
    updatedAt: createdAt,
    totalRefunded: formatMinor(0, currency),
    totalRefundedMinor: 0,
    refundReservedMinor: 0,
    version: 1,
    gateway: {
      id: wire.id,
      displayId: wire.displayId ?? null,
      checkoutKey: wire.checkoutKey,
      requestId: wire.requestId,
      firebaseDatabase: wire.firebaseDatabase ?? null,
      firebaseCollection: wire.firebaseCollection ?? null,
      firebaseDocument: wire.firebaseDocument ?? null,
    },
  };
  try {
    await storeCreatedCheckout(checkoutId, document);
  } catch (error) {
    await markClaimRetryable(checkoutId).catch(() => undefined);
    logs.unexpected('storeCreatedCheckout', error);
    throw new CheckoutError('unavailable', 'The checkout could not be saved. Try again with the same idempotencyKey.');
  }
  logs.checkoutCreated(checkoutId, wire.id, input.orderId, document.amount, currency);
  // Exactly what was stored (or, if a concurrent caller stored it first, the same gateway checkout): no re-read.
  return outputOf({ id: checkoutId, data: document });
}
