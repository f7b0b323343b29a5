/**
 * The first create for a key and an order, at its round-trip minimum: the claim and the order's document taken
 * in one batch of two create()s, and the gateway's checkout stored in one batch, answered from what was written.
 * Either batch refused (a retry, a second key for the order, an order tried before, a checkout already stored)
 * hands over to the transactions of claims.ts and createRecovery.ts, which decide as before.
 */
import { randomBytes } from 'node:crypto';
import { getFirestore, Timestamp } from 'firebase-admin/firestore';
import type { Caller } from '../access/caller';
import { claimRef, dropClaim, type ClaimRequest } from './claims';
import { CLAIM_LEASE_MS } from './createAnswer';
import { documentFromWire } from './createRecovery';
import { orderKeyFor, orderRef } from '../orders/orderLock';
import { legacyOrderKey } from '../orders/orderSpace';
import { observationFromWire } from '../transition/observation';
import { storeCreatedCheckoutAtOnce } from '../transition/apply';
import type { Currency } from '../domain/money';
import type { WireCheckout } from '../pointcheckout/wire';
import type { StoredCheckout } from '../store/repository';

const ALREADY_EXISTS = 6;

/**
 * Takes the claim and the order in one batch; the holder token, or null when either exists (the transaction
 * decides then). The order's pre-tenancy document is read beside the commit: one pointing at another checkout
 * also hands over, with the claim given back first.
 */
export async function claimFirst(
  checkoutId: string,
  caller: Caller,
  payloadHash: string,
  request: ClaimRequest,
  merchantWide: boolean,
): Promise<{ holder: string } | null> {
  const now = Date.now();
  const at = Timestamp.fromMillis(now);
  const holder = randomBytes(12).toString('hex');
  const orderKey = orderKeyFor(request, merchantWide);
  const legacy = orderRef(legacyOrderKey(request.orderId)).get();
  legacy.catch(() => undefined); // awaited once the batch is in
  const batch = getFirestore().batch();
  const lease = { state: 'creating' as const, holder, leaseExpiresAt: Timestamp.fromMillis(now + CLAIM_LEASE_MS), updatedAt: at };
  batch.create(claimRef(checkoutId), { createdBy: caller.uid, payloadHash, request, orderKey, ...lease, createdAt: at });
  batch.create(orderRef(orderKey), { orderId: request.orderId, openCheckoutId: checkoutId, updatedAt: at });
  try {
    await batch.commit();
  } catch (error) {
    if ((error as { code?: unknown }).code === ALREADY_EXISTS) return null;
    throw error;
  }
  let pointer: unknown;
  try {
    pointer = (await legacy).get('openCheckoutId');
  } catch (error) {
    await dropClaim(checkoutId, holder, orderKey); // nothing was asked of the gateway yet: give it all back
    throw error;
  }
  if (typeof pointer === 'string' && pointer !== checkoutId) {
    await dropClaim(checkoutId, holder, orderKey);
    return null;
  }
  return { holder };
}

/**
 * Stores the gateway's fresh checkout in one batch and returns it as written; null when this path does not
 * apply (no QR image or payment page in the answer, a status other than PENDING) or the batch was refused, so
 * the caller stores it through the transaction instead.
 */
export async function storeFirst(
  checkoutId: string,
  wire: WireCheckout & { base64QR?: string },
  request: ClaimRequest,
  createdBy: string,
  options: { firstCheckMinutes?: number },
): Promise<StoredCheckout | null> {
  if (!wire.redirectUrl || !wire.base64QR) return null;
  const expected = { requestId: checkoutId, currency: request.currency as Currency, amountMinor: request.amountMinor };
  const observation = observationFromWire(wire, expected);
  if (!observation.ok || observation.snapshot.status !== 'PENDING') return null;
  const document = documentFromWire(wire, request, createdBy, wire.base64QR, Date.now(), options);
  try {
    await storeCreatedCheckoutAtOnce(checkoutId, document);
  } catch {
    return null; // stored meanwhile by a caller that took the claim over, or the claim is gone: decide in a transaction
  }
  return { id: checkoutId, data: document };
}
