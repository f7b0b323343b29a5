/**
 * Settling refunds whose outcome we never heard (no answer, a 5xx, a crash between reserving and sending), and
 * recording refunds made outside this system. PointCheckout documents no way to ask about one refund, and no
 * de-duplication by referenceId, so a refund with an unknown outcome is never sent again: its fate is read from
 * the checkout's `totalRefunded` instead. Each refund is credited only with what the gateway refunded since it
 * was reserved (`refundedBeforeMinor`); the refunds whose amounts add up to exactly the growth nobody explains
 * are the ones it took. When none do, refundCheckout decides nothing (the refund is held, settling); later
 * settlement falls back to oldest first (the one ambiguity left: it errs on the side of never refunding twice)
 * and what remains is a refund made outside (`source: "gateway"`). A refund it cannot account for is released
 * once it has been out of flight long enough that it can no longer land.
 */
import { getFirestore, Timestamp } from 'firebase-admin/firestore';
import { CHECKOUT_TRANSACTION } from '../store/persist';
import { recordOutsideRefund } from './outsideRefunds';
import { APPLIED_REFUND_STATUSES, REFUNDS, UNSETTLED_REFUND_STATUSES, type RefundGatewayStatus } from './refunds';
import { checkoutRef, parseCheckout } from '../store/repository';

/** A refund still unsettled this long after it was sent cannot be in flight any more (requests time out in 10 s). */
export const REFUND_SETTLE_AFTER_MS = 60_000;

export interface RefundRecordView {
  id: string;
  amountMinor: number;
  status: RefundGatewayStatus;
  atMs: number;
  /** The gateway's refunded total as known when it was reserved; absent on records older than it (0). */
  refundedBeforeMinor?: number;
  /** The gateway's total in the answer that confirmed it. */
  confirmedTotalMinor?: number;
}

export interface SettlementPlan {
  applied: string[];
  released: string[];
  /** Growth of the gateway's total that no refund of ours explains: a refund made outside this system. */
  outsideMinor: number;
  /** The total decided from is older than one we already hold: nothing decided, ask the gateway again. */
  stale: boolean;
}

/** Subsets this large are enumerated (2^n); more unsettled refunds than that on one checkout fall back to oldest first. */
const MAX_EXACT_SEARCH = 16;

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

function oldestFirst(refunds: RefundRecordView[], budget: number): RefundRecordView[] {
  const taken: RefundRecordView[] = [];
  for (const refund of refunds) {
    if (refund.amountMinor > budget) continue;
    taken.push(refund);
    budget -= refund.amountMinor;
  }
  return taken;
}

/**
 * Pure: which unsettled refunds the gateway's total shows as taken, which can be released, and what it refunded
 * outside this system. `guess: false` (inside refundCheckout) never applies a refund by the oldest-first fallback.
 */
export function planRefundSettlement(
  gatewayTotalMinor: number,
  records: RefundRecordView[],
  nowMs: number,
  options: { guess?: boolean; heldTotalMinor?: number; settleAfterMs?: number } = {},
): SettlementPlan {
  const { guess = true, heldTotalMinor = 0, settleAfterMs = REFUND_SETTLE_AFTER_MS } = options;
  const plan: SettlementPlan = { applied: [], released: [], outsideMinor: 0, stale: false };
  const known = Math.max(heldTotalMinor, ...records.map((r) => r.confirmedTotalMinor ?? 0));
  const confirmed = records.filter((r) => APPLIED_REFUND_STATUSES.includes(r.status)).reduce((sum, r) => sum + r.amountMinor, 0);
  // A total read before a refund was confirmed (or applied) would make that refund's predecessors look untaken.
  if (gatewayTotalMinor < known || gatewayTotalMinor < confirmed) return { ...plan, stale: true };
  const unsettled = records.filter((r) => UNSETTLED_REFUND_STATUSES.includes(r.status)).sort((a, b) => a.atMs - b.atMs);
  const outOfFlight = (r: RefundRecordView) => nowMs - r.atMs >= settleAfterMs;
  // A refund being sent right now may or may not be in the total yet: decide nothing until it has an answer.
  if (unsettled.some((r) => r.status === 'PENDING' && !outOfFlight(r))) return plan;
  const unaccounted = gatewayTotalMinor - confirmed;
  // Only growth since a refund was reserved can be that refund.
  const possible = unsettled.filter((r) => gatewayTotalMinor - (r.refundedBeforeMinor ?? 0) >= r.amountMinor);
  let taken = unaccounted > 0 && possible.length > 0 ? exactSubset(possible, unaccounted) : [];
  if (!taken) {
    if (!guess || !unsettled.every(outOfFlight)) return plan; // held: settled later, never from a guess here
    taken = oldestFirst(possible, unaccounted);
  }
  for (const refund of unsettled) {
    if (taken.includes(refund)) plan.applied.push(refund.id);
    else if (outOfFlight(refund)) plan.released.push(refund.id);
  }
  const stillOpen = unsettled.length - plan.applied.length - plan.released.length;
  // What none of ours explains is a refund made outside, once none of ours can still turn out to be it.
  if (stillOpen === 0) plan.outsideMinor = unaccounted - taken.reduce((sum, r) => sum + r.amountMinor, 0);
  return plan;
}

function recordsOf(docs: { id: string; get: (field: string) => unknown }[]): RefundRecordView[] {
  return docs.map((doc) => ({
    id: doc.id,
    amountMinor: doc.get('amountMinor') as number,
    status: doc.get('gatewayStatus') as RefundGatewayStatus,
    atMs: (doc.get('at') as Timestamp).toMillis(),
    refundedBeforeMinor: doc.get('refundedBeforeMinor') as number | undefined,
    confirmedTotalMinor: doc.get('confirmedTotalMinor') as number | undefined,
  }));
}

function decides(plan: SettlementPlan): boolean {
  return plan.applied.length + plan.released.length > 0 || plan.outsideMinor > 0;
}

/**
 * Settles this checkout's unsettled refunds, and records outside ones, from the gateway's `totalRefunded`, in one
 * transaction that re-reads the checkout and its refunds: a total older than what they show decides nothing.
 */
export async function settleRefundsFromGateway(
  checkoutId: string,
  gatewayTotalMinor: number,
  options: { guess?: boolean; nowMs?: number } = {},
): Promise<SettlementPlan> {
  const ref = checkoutRef(checkoutId);
  const nowMs = options.nowMs ?? Date.now();
  // Most calls decide nothing (a refund still in flight, or nothing to settle): find that out without a
  // transaction, whose read of the refunds would hold up the refunds being reserved at the same time.
  const preview = planRefundSettlement(gatewayTotalMinor, recordsOf((await ref.collection(REFUNDS).get()).docs), nowMs, options);
  if (!decides(preview)) return preview;
  return getFirestore().runTransaction(async (tx) => {
    const [checkoutSnap, snap] = await Promise.all([tx.get(ref), tx.get(ref.collection(REFUNDS))]);
    if (!checkoutSnap.exists) return { applied: [], released: [], outsideMinor: 0, stale: false };
    const { data } = parseCheckout(checkoutSnap.id, checkoutSnap.data());
    const records = recordsOf(snap.docs);
    const plan = planRefundSettlement(gatewayTotalMinor, records, nowMs, { ...options, heldTotalMinor: data.totalRefundedMinor });
    if (!decides(plan)) return plan;
    const at = Timestamp.fromMillis(nowMs);
    for (const id of plan.applied) tx.update(ref.collection(REFUNDS).doc(id), { gatewayStatus: 'APPLIED', settledAt: at });
    for (const id of plan.released) tx.update(ref.collection(REFUNDS).doc(id), { gatewayStatus: 'NOT_APPLIED', settledAt: at });
    if (plan.outsideMinor > 0) {
      recordOutsideRefund(tx, ref, {
        amountMinor: plan.outsideMinor, currency: data.currency, gatewayTotalMinor, at,
        branchId: data.branchId, mode: data.mode, account: data.account,
      });
    }
    // The counters follow from the records as they are now: taken (ours and outside), and still unsettled.
    const settledIds = new Set([...plan.applied, ...plan.released]);
    const recorded = records
      .filter((r) => APPLIED_REFUND_STATUSES.includes(r.status) || plan.applied.includes(r.id))
      .reduce((sum, r) => sum + r.amountMinor, plan.outsideMinor);
    const open = records.filter((r) => UNSETTLED_REFUND_STATUSES.includes(r.status) && !settledIds.has(r.id));
    tx.update(ref, {
      refundsPending: open.length,
      refundsRecordedMinor: recorded,
      refundReservedMinor: recorded + open.reduce((sum, r) => sum + r.amountMinor, 0),
    });
    return plan;
  }, CHECKOUT_TRANSACTION);
}
