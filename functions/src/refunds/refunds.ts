/**
 * Refund records (`checkouts/{id}/refunds/{refundId}`) and the reservation that caps concurrent refunds:
 * each refund reserves its amount on the checkout inside a transaction before anything is sent to
 * PointCheckout, so refunds racing each other can never add up to more than was paid.
 */
import { FieldValue, getFirestore, Timestamp, type Transaction } from 'firebase-admin/firestore';
import { assertCanAccess, type Caller } from '../access/caller';
import { CheckoutError } from '../shared/errors';
import { formatMinor, parseAmount } from '../domain/money';
import { CHECKOUT_TRANSACTION } from '../store/persist';
import { REFUND_CHECK_MS } from '../domain/schedule';
import { checkoutRef, parseCheckout, type StoredCheckout } from '../store/repository';

export const REFUNDS = 'refunds';
/**
 * PENDING: being sent. REFUNDED / PARTIALLY_REFUNDED: PointCheckout confirmed it (the checkout status it reported).
 * FAILED: refused (reservation released). UNKNOWN: no answer (reservation kept until settled).
 * APPLIED: settled as taken, from the gateway's totalRefunded. NOT_APPLIED: settled as never taken (released).
 */
export type RefundGatewayStatus = 'PENDING' | 'REFUNDED' | 'PARTIALLY_REFUNDED' | 'FAILED' | 'UNKNOWN' | 'APPLIED' | 'NOT_APPLIED';
export const UNSETTLED_REFUND_STATUSES: readonly RefundGatewayStatus[] = ['PENDING', 'UNKNOWN'];
/** Refunds the gateway took: confirmed by its answer, or settled from its total. */
export const APPLIED_REFUND_STATUSES: readonly RefundGatewayStatus[] = ['REFUNDED', 'PARTIALLY_REFUNDED', 'APPLIED'];
/** The statuses a refund answer may carry; any other (PAID, CHARGEBACK, …) leaves the refund's outcome unknown. */
export const REFUND_OUTCOME_STATUSES: readonly string[] = ['REFUNDED', 'PARTIALLY_REFUNDED'];
const RELEASED: readonly RefundGatewayStatus[] = ['FAILED', 'NOT_APPLIED'];

export interface Reservation {
  refundId: string;
  amountMinor: number;
  checkout: StoredCheckout;
}

export async function reserveRefund(
  checkoutId: string,
  /** `gatewayRefundedMinor`: the gateway's refunded total read just before, when it could be (refund.ts). */
  request: { amount?: string | number; note: string; caller: Caller; gatewayRefundedMinor?: number | null },
): Promise<Reservation> {
  const ref = checkoutRef(checkoutId);
  return getFirestore().runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (!snap.exists) throw new CheckoutError('not-found', `No checkout ${checkoutId}.`);
    const checkout = parseCheckout(snap.id, snap.data());
    assertCanAccess(request.caller, checkout.data);
    const { status, currency, amountMinor, totalRefundedMinor, refundReservedMinor } = checkout.data;
    if (status !== 'PAID' && status !== 'PARTIALLY_REFUNDED') {
      throw new CheckoutError('failed-precondition', `Only a PAID or PARTIALLY_REFUNDED checkout can be refunded; this one is ${status}.`);
    }
    // What has left the customer's payment as far as anyone knows: ours, and the gateway's fresher total.
    const refundedBefore = Math.max(totalRefundedMinor, request.gatewayRefundedMinor ?? 0);
    const remaining = amountMinor - Math.max(refundReservedMinor, refundedBefore);
    if (remaining <= 0) {
      throw new CheckoutError('failed-precondition', 'Nothing is left to refund (other refunds are complete or in progress).');
    }
    let minor = remaining;
    if (request.amount !== undefined) {
      const parsed = parseAmount(request.amount, currency);
      if (!parsed.ok) throw new CheckoutError('invalid-argument', `amount: ${parsed.reason}`);
      minor = parsed.minor;
    }
    if (minor > remaining) {
      throw new CheckoutError('invalid-argument', `amount: exceeds what remains to refund (${formatMinor(remaining, currency)} ${currency}).`);
    }
    const refundRef = ref.collection(REFUNDS).doc();
    tx.create(refundRef, {
      amount: formatMinor(minor, currency),
      amountMinor: minor,
      currency,
      note: request.note,
      by: request.caller.uid,
      at: Timestamp.now(),
      gatewayStatus: 'PENDING' satisfies RefundGatewayStatus,
      // The checkout's tenancy, so the report and the CSV find a day's refunds of some branches by index.
      branchId: checkout.data.branchId,
      mode: checkout.data.mode,
      account: checkout.data.account,
      source: 'ours',
      // What the gateway had refunded just before (as read, else as we knew): settlement credits this refund only
      // with growth since.
      refundedBeforeMinor: refundedBefore,
    });
    // Counted as pending until settled; reconciliation asks about it should this call never come back.
    const checkSoon = Timestamp.fromMillis(Date.now() + REFUND_CHECK_MS);
    const current = checkout.data.nextCheckAt;
    tx.update(ref, {
      refundReservedMinor: Math.max(refundReservedMinor, refundedBefore) + minor,
      refundsPending: checkout.data.refundsPending + 1,
      nextCheckAt: current && current.toMillis() < checkSoon.toMillis() ? current : checkSoon,
    });
    return { refundId: refundRef.id, amountMinor: minor, checkout };
  }, CHECKOUT_TRANSACTION);
}

/**
 * Moves one refund record from PENDING/UNKNOWN to `to`, once: a record someone else settled meanwhile is left
 * alone. A settled record stops counting as pending; a released one gives its reserved amount back.
 */
async function settleRecord(
  tx: Transaction,
  checkoutId: string,
  refundId: string,
  to: RefundGatewayStatus,
  amountMinor: number,
  detail: { error?: string; confirmedTotalMinor?: number } = {},
) {
  const ref = checkoutRef(checkoutId);
  const recordRef = ref.collection(REFUNDS).doc(refundId);
  const record = await tx.get(recordRef);
  const from = record.get('gatewayStatus') as RefundGatewayStatus | undefined;
  if (!from || !UNSETTLED_REFUND_STATUSES.includes(from) || from === to) return;
  return () => {
    const { error, confirmedTotalMinor } = detail;
    tx.update(recordRef, {
      gatewayStatus: to,
      settledAt: Timestamp.now(),
      ...(error ? { error } : {}),
      // The gateway's total in its answer: a settlement deciding from an older total knows it is stale.
      ...(confirmedTotalMinor !== undefined ? { confirmedTotalMinor } : {}),
    });
    if (to === 'UNKNOWN') return; // still pending: no longer in flight, not yet settled
    tx.update(ref, {
      refundsPending: FieldValue.increment(-1),
      ...(RELEASED.includes(to) ? { refundReservedMinor: FieldValue.increment(-amountMinor) } : {}),
      ...(APPLIED_REFUND_STATUSES.includes(to) ? { refundsRecordedMinor: FieldValue.increment(amountMinor) } : {}),
    });
  };
}

/** Records the gateway's answer to our own refund call. */
export async function settleRefund(
  checkoutId: string,
  reservation: Reservation,
  gatewayStatus: RefundGatewayStatus,
  detail: { error?: string; confirmedTotalMinor?: number } = {},
): Promise<void> {
  await getFirestore().runTransaction(async (tx) => {
    const write = await settleRecord(tx, checkoutId, reservation.refundId, gatewayStatus, reservation.amountMinor, detail);
    write?.();
  }, CHECKOUT_TRANSACTION);
}
