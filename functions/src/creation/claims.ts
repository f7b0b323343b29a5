/**
 * Creation claims (`checkoutClaims/{checkoutId}`): they make createQrCheckout idempotent. The checkout id
 * doubles as PointCheckout's `requestId`, so a retried or taken-over create reaches the same gateway
 * checkout; the claim makes concurrent callers with one key wait for the first instead of racing it.
 *
 * Each attempt holds the claim under its own `holder` token: a caller whose lease ran out and was taken over
 * can no longer mark, drop or release the claim of the caller that took it. The claim also keeps what was
 * asked (`request`), so a create abandoned with an unknown outcome can be adopted later from the gateway.
 * Claims are server-only; no client can read or write them.
 */
import { randomBytes } from 'node:crypto';
import { FieldValue, getFirestore, Timestamp, type Transaction } from 'firebase-admin/firestore';
import { creationStateOf, type ClaimData, type ClaimRequest, type CreationState } from '../domain/claimState';
import type { Caller } from '../access/caller';
import { decideOrder, orderKeyFor, orderRef, type OrderDecision } from '../orders/orderLock';
import { legacyOrderKey } from '../orders/orderSpace';
import { CLAIMS, checkoutRef, parseCheckout } from '../store/repository';

export { ABANDONED_AFTER_MS, creationStateOf, type ClaimData, type ClaimRequest, type ClaimState, type CreationState } from '../domain/claimState';

export type ClaimDecision =
  | { kind: 'proceed'; holder: string }
  | { kind: 'created' }
  | { kind: 'conflict' }
  | { kind: 'wait'; leaseExpiresAtMs: number }
  | Exclude<OrderDecision, { kind: 'free' }>;

export function claimRef(checkoutId: string) {
  return getFirestore().collection(CLAIMS).doc(checkoutId);
}

function decide(data: ClaimData, createdBy: string, payloadHash: string, nowMs: number) {
  if (data.createdBy !== createdBy || data.payloadHash !== payloadHash) return { kind: 'conflict' as const };
  if (data.state === 'created') return { kind: 'created' as const };
  if (data.state === 'creating' && data.leaseExpiresAt.toMillis() > nowMs) {
    return { kind: 'wait' as const, leaseExpiresAtMs: data.leaseExpiresAt.toMillis() };
  }
  return null; // retryable, or a creator that died holding the lease: take it over
}

/**
 * Takes the right to call the gateway for this checkout id, or says why not. In the same transaction it takes
 * the order: at most one open checkout per order, whichever key or caller asks.
 */
export async function claimCreation(
  checkoutId: string,
  caller: Caller,
  payloadHash: string,
  request: ClaimRequest,
  leaseMs: number,
  merchantWide: boolean,
): Promise<ClaimDecision> {
  const ref = claimRef(checkoutId);
  return getFirestore().runTransaction(async (tx): Promise<ClaimDecision> => {
    const snap = await tx.get(ref);
    const now = Date.now();
    if (snap.exists) {
      const decision = decide(snap.data() as ClaimData, caller.uid, payloadHash, now);
      if (decision) return decision;
    }
    const order = await decideOrder(tx, request, checkoutId, caller, now, merchantWide);
    if (order.kind !== 'free') return order;
    const holder = randomBytes(12).toString('hex');
    const at = Timestamp.fromMillis(now);
    const lease = { state: 'creating' as const, holder, leaseExpiresAt: Timestamp.fromMillis(now + leaseMs), updatedAt: at };
    const orderKey = orderKeyFor(request, merchantWide);
    if (snap.exists) tx.update(ref, { ...lease, orderKey });
    else tx.create(ref, { createdBy: caller.uid, payloadHash, request, orderKey, ...lease, createdAt: at });
    tx.set(orderRef(orderKey), { orderId: request.orderId, openCheckoutId: checkoutId, updatedAt: at }, { merge: true });
    return { kind: 'proceed', holder };
  });
}

/** A cheap read (no transaction) for callers waiting on another's claim. */
export async function peekClaim(checkoutId: string, createdBy: string, payloadHash: string) {
  const snap = await claimRef(checkoutId).get();
  if (!snap.exists) return null;
  return decide(snap.data() as ClaimData, createdBy, payloadHash, Date.now());
}

/** Runs `change` on the claim only while `holder` still holds it and it is not created. */
async function asHolder(checkoutId: string, holder: string, change: (tx: Transaction) => Promise<void> | void): Promise<boolean> {
  const ref = claimRef(checkoutId);
  return getFirestore().runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    const data = snap.data() as ClaimData | undefined;
    if (!data || data.holder !== holder || data.state === 'created') return false;
    await change(tx);
    return true;
  });
}

/** The gateway's outcome is unknown: the next call with the same key may retry at once, with the same requestId. */
export async function markClaimRetryable(checkoutId: string, holder: string): Promise<boolean> {
  return asHolder(checkoutId, holder, (tx) => {
    tx.update(claimRef(checkoutId), { state: 'retryable', leaseExpiresAt: Timestamp.now(), updatedAt: Timestamp.now() });
  });
}

/** The gateway refused, so nothing exists there: forget the claim and free the order for a corrected retry. */
export async function dropClaim(checkoutId: string, holder: string, orderKey: string): Promise<boolean> {
  return asHolder(checkoutId, holder, (tx) => releaseClaim(tx, checkoutId, orderKey));
}

/** The order document a claim took (claims older than order spaces took the legacy one). */
export function claimOrderKey(claim: Pick<ClaimData, 'orderKey' | 'request'>, orderId: string): string {
  return claim.orderKey ?? legacyOrderKey(claim.request?.orderId ?? orderId);
}

/** Deletes the claim, and the order's pointer if it still points at this checkout (inside the caller's transaction). */
export async function releaseClaim(tx: Transaction, checkoutId: string, orderKey: string): Promise<void> {
  const order = await tx.get(orderRef(orderKey));
  tx.delete(claimRef(checkoutId));
  if (order.get('openCheckoutId') === checkoutId) {
    tx.update(order.ref, { openCheckoutId: FieldValue.delete(), updatedAt: Timestamp.now() });
  }
}

/** Where a create for this id stands: a webhook may have arrived before (or instead of) our own write. */
export async function creationState(checkoutId: string): Promise<{ state: CreationState; claim?: ClaimData }> {
  const snap = await claimRef(checkoutId).get();
  const claim = snap.data() as ClaimData | undefined;
  return { state: creationStateOf(claim, Date.now()), claim };
}

/** Reads a stored checkout inside a transaction (null when absent). */
export async function readCheckoutIn(tx: Transaction, checkoutId: string) {
  const snap = await tx.get(checkoutRef(checkoutId));
  return snap.exists ? parseCheckout(snap.id, snap.data()) : null;
}
