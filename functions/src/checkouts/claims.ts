/**
 * Creation claims (`checkoutClaims/{checkoutId}`): they make createQrCheckout idempotent. The checkout id
 * doubles as PointCheckout's `requestId`, so a retried or taken-over create reaches the same gateway
 * checkout; the claim makes concurrent callers with one key wait for the first instead of racing it.
 * Claims are server-only; no client can read or write them.
 */
import { getFirestore, Timestamp } from 'firebase-admin/firestore';
import { CLAIMS } from './repository';

export type ClaimState = 'creating' | 'retryable' | 'created';

interface ClaimData {
  createdBy: string;
  payloadHash: string;
  state: ClaimState;
  leaseExpiresAt: Timestamp;
}

export type ClaimDecision =
  | { kind: 'proceed' }
  | { kind: 'created' }
  | { kind: 'conflict' }
  | { kind: 'wait'; leaseExpiresAtMs: number };

function claimRef(checkoutId: string) {
  return getFirestore().collection(CLAIMS).doc(checkoutId);
}

function decide(data: ClaimData, createdBy: string, payloadHash: string, nowMs: number): ClaimDecision | null {
  if (data.createdBy !== createdBy || data.payloadHash !== payloadHash) return { kind: 'conflict' };
  if (data.state === 'created') return { kind: 'created' };
  if (data.state === 'creating' && data.leaseExpiresAt.toMillis() > nowMs) {
    return { kind: 'wait', leaseExpiresAtMs: data.leaseExpiresAt.toMillis() };
  }
  return null; // retryable, or a creator that died holding the lease: take it over
}

/** Takes the right to call the gateway for this checkout id, or says why not. */
export async function claimCreation(
  checkoutId: string,
  createdBy: string,
  payloadHash: string,
  leaseMs: number,
): Promise<ClaimDecision> {
  const ref = claimRef(checkoutId);
  return getFirestore().runTransaction(async (tx): Promise<ClaimDecision> => {
    const snap = await tx.get(ref);
    const now = Date.now();
    const lease = { state: 'creating' as const, leaseExpiresAt: Timestamp.fromMillis(now + leaseMs), updatedAt: Timestamp.now() };
    if (!snap.exists) {
      tx.create(ref, { createdBy, payloadHash, ...lease, createdAt: Timestamp.now() });
      return { kind: 'proceed' };
    }
    const decision = decide(snap.data() as ClaimData, createdBy, payloadHash, now);
    if (decision) return decision;
    tx.update(ref, lease);
    return { kind: 'proceed' };
  });
}

/** A cheap read (no transaction) for callers waiting on another's claim. */
export async function peekClaim(checkoutId: string, createdBy: string, payloadHash: string): Promise<ClaimDecision | null> {
  const snap = await claimRef(checkoutId).get();
  if (!snap.exists) return null;
  return decide(snap.data() as ClaimData, createdBy, payloadHash, Date.now());
}

/** The gateway's outcome is unknown: the next call with the same key may retry at once, with the same requestId. */
export async function markClaimRetryable(checkoutId: string): Promise<void> {
  await claimRef(checkoutId).update({ state: 'retryable', leaseExpiresAt: Timestamp.now(), updatedAt: Timestamp.now() });
}

/** The gateway refused, so nothing exists there: forget the claim so a corrected retry starts afresh. */
export async function dropClaim(checkoutId: string): Promise<void> {
  await claimRef(checkoutId).delete();
}

/** True while a create for this id is in flight: a webhook for it has arrived before we stored it. */
export async function isCreationInFlight(checkoutId: string): Promise<boolean> {
  const snap = await claimRef(checkoutId).get();
  return snap.exists && (snap.data() as ClaimData).state !== 'created';
}
