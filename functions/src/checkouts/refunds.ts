/**
 * Refund records (`checkouts/{id}/refunds/{refundId}`) and the reservation that caps concurrent refunds:
 * each refund reserves its amount on the checkout inside a transaction before anything is sent to
 * PointCheckout, so refunds racing each other can never add up to more than was paid.
 */
import { FieldValue, getFirestore, Timestamp } from 'firebase-admin/firestore';
import { CheckoutError } from './errors';
import { formatMinor, parseAmount } from './money';
import { CHECKOUT_TRANSACTION } from './persist';
import { checkoutRef, parseCheckout, type StoredCheckout } from './repository';

export const REFUNDS = 'refunds';
export type RefundGatewayStatus = 'PENDING' | 'REFUNDED' | 'PARTIALLY_REFUNDED' | 'FAILED' | 'UNKNOWN';

export interface Reservation {
  refundId: string;
  amountMinor: number;
  checkout: StoredCheckout;
}

export async function reserveRefund(
  checkoutId: string,
  request: { amount?: string | number; note: string; by: string },
): Promise<Reservation> {
  const ref = checkoutRef(checkoutId);
  return getFirestore().runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (!snap.exists) throw new CheckoutError('not-found', `No checkout ${checkoutId}.`);
    const checkout = parseCheckout(snap.id, snap.data());
    const { status, currency, amountMinor, totalRefundedMinor, refundReservedMinor } = checkout.data;
    if (status !== 'PAID' && status !== 'PARTIALLY_REFUNDED') {
      throw new CheckoutError('failed-precondition', `Only a PAID or PARTIALLY_REFUNDED checkout can be refunded; this one is ${status}.`);
    }
    const remaining = amountMinor - Math.max(refundReservedMinor, totalRefundedMinor);
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
      by: request.by,
      at: Timestamp.now(),
      gatewayStatus: 'PENDING' satisfies RefundGatewayStatus,
    });
    tx.update(ref, { refundReservedMinor: Math.max(refundReservedMinor, totalRefundedMinor) + minor });
    return { refundId: refundRef.id, amountMinor: minor, checkout };
  }, CHECKOUT_TRANSACTION);
}

/** Records the gateway's answer; a refusal also gives the reserved amount back. */
export async function settleRefund(
  checkoutId: string,
  reservation: Reservation,
  gatewayStatus: RefundGatewayStatus,
  error?: string,
): Promise<void> {
  const ref = checkoutRef(checkoutId);
  const batch = getFirestore().batch();
  batch.update(ref.collection(REFUNDS).doc(reservation.refundId), {
    gatewayStatus,
    settledAt: Timestamp.now(),
    ...(error ? { error } : {}),
  });
  if (gatewayStatus === 'FAILED') batch.update(ref, { refundReservedMinor: FieldValue.increment(-reservation.amountMinor) });
  await batch.commit();
}
