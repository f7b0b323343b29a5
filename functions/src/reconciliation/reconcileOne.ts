/**
 * Reconciliation of one checkout: ask PointCheckout, apply what it says, expire a PENDING one past its expiry that
 * the gateway itself still calls PENDING, settle refunds with unknown outcomes, and schedule the next check.
 * A checkout the gateway keeps answering "not found" for is marked `gatewayUnknown` and asked about slowly
 * (every 2 hours) until a day past its expiry; any successful lookup clears the mark.
 */
import { FieldValue, getFirestore, Timestamp } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import type { PointCheckoutClient } from '../pointcheckout/client';
import { GatewayRejectedError } from '../pointcheckout/errors';
import { persistently, CHECKOUT_TRANSACTION } from '../store/persist';
import { refreshFromGateway } from '../lifecycle/refresh';
import { applyObservation } from '../transition/apply';
import { checkoutRef, parseCheckout, type StoredCheckout } from '../store/repository';
import { nextCheckAtMs, scheduleInputOf, unknownCheckAtMs } from '../domain/schedule';

export type CheckOutcome = 'changed' | 'expired' | 'unchanged' | 'unknown-at-gateway' | 'not-found-again';

export interface UnknownPolicy {
  /** "Not found" answers needed before a checkout is marked unknown to the gateway… */
  failures: number;
  /** …spread over at least this long (a gateway that briefly lost a checkout gets it back). */
  minutes: number;
}

export const DEFAULT_UNKNOWN_POLICY: UnknownPolicy = { failures: 5, minutes: 60 };
/** How soon a checkout the gateway said it does not know is asked about again. */
const NOT_FOUND_RETRY_MS = 10 * 60_000;

async function expireAtGateway(checkout: StoredCheckout, gateway: PointCheckoutClient): Promise<boolean> {
  try {
    await gateway.cancelCheckout(checkout.data.gateway.id);
  } catch (error) {
    // Refused: it changed at the gateway meanwhile (paid, or expired there); the next check applies that.
    if (error instanceof GatewayRejectedError) return false;
    throw error;
  }
  const result = await persistently(() =>
    applyObservation(checkout.id, { status: 'EXPIRED', totalRefundedMinor: checkout.data.totalRefundedMinor }, 'reconcile'),
  );
  // The webhook the cancel triggers may record the expiry first (it reads that CANCELLED as EXPIRED): still ours.
  return result.outcome === 'applied' || (result.outcome === 'unchanged' && result.checkout.data.status === 'EXPIRED');
}

/** Sets the next check from the document as it is now (statuses and pending refunds may have just changed). */
async function reschedule(checkoutId: string, nowMs: number): Promise<void> {
  const ref = checkoutRef(checkoutId);
  await getFirestore().runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (!snap.exists) return;
    const { data } = parseCheckout(snap.id, snap.data());
    const next = nextCheckAtMs(scheduleInputOf(data), nowMs);
    tx.update(ref, {
      lastCheckedAt: Timestamp.fromMillis(nowMs),
      nextCheckAt: next === null ? FieldValue.delete() : Timestamp.fromMillis(next),
      ...(data.gatewayLookup ? { gatewayLookup: FieldValue.delete() } : {}),
    });
  }, CHECKOUT_TRANSACTION);
}

/** Counts a "not found"; past the policy's bound, marks the checkout unknown to the gateway and stops asking. */
async function recordNotFound(checkoutId: string, nowMs: number, policy: UnknownPolicy): Promise<CheckOutcome> {
  const ref = checkoutRef(checkoutId);
  return getFirestore().runTransaction(async (tx): Promise<CheckOutcome> => {
    const snap = await tx.get(ref);
    if (!snap.exists) return 'not-found-again';
    const { data } = parseCheckout(snap.id, snap.data());
    const failures = (data.gatewayLookup?.failures ?? 0) + 1;
    const firstFailedAt = data.gatewayLookup?.firstFailedAt ?? Timestamp.fromMillis(nowMs);
    const unknown = failures >= policy.failures && nowMs - firstFailedAt.toMillis() >= policy.minutes * 60_000;
    // Unknown, it is still asked about slowly until a day past its expiry: the gateway may find it again.
    const slow = unknownCheckAtMs(data.expiresAt.toMillis(), nowMs);
    tx.update(ref, {
      gatewayLookup: { failures, firstFailedAt },
      lastCheckedAt: Timestamp.fromMillis(nowMs),
      ...(unknown
        ? { gatewayUnknown: true, nextCheckAt: slow === null ? FieldValue.delete() : Timestamp.fromMillis(slow) }
        : { nextCheckAt: Timestamp.fromMillis(nowMs + NOT_FOUND_RETRY_MS) }),
    });
    // Counted once, when it becomes unknown; a slow re-check that still finds nothing is "not found again".
    return unknown && !data.gatewayUnknown ? 'unknown-at-gateway' : 'not-found-again';
  }, CHECKOUT_TRANSACTION);
}

export async function reconcileOne(
  checkout: StoredCheckout,
  gateway: PointCheckoutClient,
  nowMs: number,
  policy: UnknownPolicy,
): Promise<CheckOutcome> {
  let result;
  try {
    const wire = gateway.getCheckout(checkout.data.gateway.id, { waitOutRateLimit: false });
    result = await refreshFromGateway(checkout, 'reconcile', gateway, wire);
  } catch (error) {
    if (error instanceof GatewayRejectedError && error.isNotFound) {
      const outcome = await recordNotFound(checkout.id, nowMs, policy);
      if (outcome === 'unknown-at-gateway') {
        logger.warn('reconcile: PointCheckout does not know this checkout; asking slowly until a day past its expiry', { checkoutId: checkout.id });
      }
      return outcome;
    }
    throw error;
  }
  let outcome: CheckOutcome = result.outcome === 'applied' ? 'changed' : 'unchanged';
  if (result.outcome !== 'applied' && result.outcome !== 'missing') {
    const current = result.checkout.data;
    // Only what the gateway itself calls PENDING is expired: never a status we do not understand, nor a mismatch.
    const gatewayPending = result.outcome === 'unchanged' && result.gatewayStatus === 'PENDING';
    if (gatewayPending && current.status === 'PENDING' && current.expiresAt.toMillis() <= nowMs) {
      if (await expireAtGateway(result.checkout, gateway)) outcome = 'expired';
    }
  }
  if (result.outcome !== 'missing') await persistently(() => reschedule(checkout.id, Date.now()));
  return outcome;
}
