/**
 * Settling refunds whose outcome we never heard (no answer, a 5xx, a crash between reserving and sending).
 * PointCheckout documents no way to ask about one refund, and no de-duplication by referenceId, so a refund
 * with an unknown outcome is never sent again: its fate is read from the checkout's `totalRefunded` instead.
 * What the gateway has refunded beyond the refunds it confirmed to us is attributed to our unsettled refunds
 * whose amounts add up to exactly that (or, when none do, oldest first); one it cannot account for is released
 * once it has been out of flight long enough that it can no longer land. Refunds made outside this system (the merchant dashboard) would be attributed the same way:
 * that is the one ambiguity, and it errs on the side of never refunding twice.
 */
import { FieldValue, getFirestore, Timestamp } from 'firebase-admin/firestore';
import { CHECKOUT_TRANSACTION } from './persist';
import { APPLIED_REFUND_STATUSES, REFUNDS, UNSETTLED_REFUND_STATUSES, type RefundGatewayStatus } from './refunds';
import { checkoutRef } from './repository';

/** A refund still unsettled this long after it was sent cannot be in flight any more (requests time out in 10 s). */
export const REFUND_SETTLE_AFTER_MS = 60_000;


export interface RefundRecordView {
  id: string;
  amountMinor: number;
  status: RefundGatewayStatus;
  atMs: number;
}

export interface SettlementPlan {
  applied: string[];
  released: string[];
}

/** Subsets this large are enumerated (2^n); more unsettled refunds than that on one checkout fall back to oldest first. */
const MAX_EXACT_SEARCH = 16;

/**
 * The unsettled refunds whose amounts add up to exactly `target`, preferring the fewest and then the oldest;
 * null when none do. Pure.
 */
function exactSubset(refunds: RefundRecordView[], target: number): RefundRecordView[] | null {
  if (refunds.length > MAX_EXACT_SEARCH) return null;
  let best: RefundRecordView[] | null = null;
  for (let mask = 0; mask < 1 << refunds.length; mask += 1) {
    const picked = refunds.filter((_, i) => mask & (1 << i));
    if (picked.reduce((sum, r) => sum + r.amountMinor, 0) !== target) continue;
    if (!best || picked.length < best.length) best = picked;
  }
  return best;
}

/**
 * Pure: which unsettled refunds the gateway's total shows as taken, and which can be released. The refunds whose
 * amounts add up to exactly what the gateway took beyond the confirmed ones are the ones it took; when no set
 * adds up (a refund made outside this system), oldest first.
 */
export function planRefundSettlement(
  gatewayTotalMinor: number,
  records: RefundRecordView[],
  nowMs: number,
  settleAfterMs = REFUND_SETTLE_AFTER_MS,
): SettlementPlan {
  const plan: SettlementPlan = { applied: [], released: [] };
  const unsettled = records.filter((r) => UNSETTLED_REFUND_STATUSES.includes(r.status)).sort((a, b) => a.atMs - b.atMs);
  // A refund being sent right now may or may not be in the total yet: decide nothing until it has an answer.
  if (unsettled.some((r) => r.status === 'PENDING' && nowMs - r.atMs < settleAfterMs)) return plan;
  const confirmed = records.filter((r) => APPLIED_REFUND_STATUSES.includes(r.status)).reduce((sum, r) => sum + r.amountMinor, 0);
  let unaccounted = gatewayTotalMinor - confirmed;
  const exact = unaccounted > 0 ? exactSubset(unsettled, unaccounted) : [];
  for (const refund of unsettled) {
    const taken = exact ? exact.includes(refund) : refund.amountMinor <= unaccounted;
    if (taken) {
      plan.applied.push(refund.id);
      unaccounted -= refund.amountMinor;
    } else if (nowMs - refund.atMs >= settleAfterMs) {
      plan.released.push(refund.id);
    }
  }
  return plan;
}

/** Settles this checkout's unsettled refunds from the gateway's `totalRefunded`, in one transaction. */
function recordsOf(docs: { id: string; get: (field: string) => unknown }[]): RefundRecordView[] {
  return docs.map((doc) => ({
    id: doc.id,
    amountMinor: doc.get('amountMinor') as number,
    status: doc.get('gatewayStatus') as RefundGatewayStatus,
    atMs: (doc.get('at') as Timestamp).toMillis(),
  }));
}

export async function settleRefundsFromGateway(checkoutId: string, gatewayTotalMinor: number, nowMs = Date.now()): Promise<SettlementPlan> {
  const ref = checkoutRef(checkoutId);
  // Most calls decide nothing (a refund still in flight, or nothing to settle): find that out without a
  // transaction, whose read of the refunds would hold up the refunds being reserved at the same time.
  const preview = planRefundSettlement(gatewayTotalMinor, recordsOf((await ref.collection(REFUNDS).get()).docs), nowMs);
  if (preview.applied.length + preview.released.length === 0) return preview;
  return getFirestore().runTransaction(async (tx) => {
    const snap = await tx.get(ref.collection(REFUNDS));
    const records = snap.docs.map((doc) => ({
      id: doc.id,
      amountMinor: doc.get('amountMinor') as number,
      status: doc.get('gatewayStatus') as RefundGatewayStatus,
      atMs: (doc.get('at') as Timestamp).toMillis(),
    }));
    const plan = planRefundSettlement(gatewayTotalMinor, records, nowMs);
    if (plan.applied.length + plan.released.length === 0) return plan;
    const at = Timestamp.fromMillis(nowMs);
    let releasedMinor = 0;
    for (const id of plan.applied) tx.update(ref.collection(REFUNDS).doc(id), { gatewayStatus: 'APPLIED', settledAt: at });
    for (const id of plan.released) {
      releasedMinor += records.find((r) => r.id === id)?.amountMinor ?? 0;
      tx.update(ref.collection(REFUNDS).doc(id), { gatewayStatus: 'NOT_APPLIED', settledAt: at });
    }
    tx.update(ref, {
      refundsPending: FieldValue.increment(-(plan.applied.length + plan.released.length)),
      refundReservedMinor: FieldValue.increment(-releasedMinor),
    });
    return plan;
  }, CHECKOUT_TRANSACTION);
}
