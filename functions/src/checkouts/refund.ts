/** refundCheckout's service: reserve → PointCheckout refund → apply its answer (`source: "refund"`). */
import type { Caller } from '../auth/caller';
import { assertRole } from '../auth/caller';
import { logs } from '../logs';
import type { PointCheckoutClient } from '../pointcheckout/client';
import { GatewayRejectedError, GatewayUnavailableError } from '../pointcheckout/errors';
import { isTransientFirestoreError } from '../api/errors';
import { CheckoutError } from './errors';
import { toWireAmount } from './money';
import { observationFromWire } from './observation';
import { persistently } from './persist';
import { reserveRefund, settleRefund, type RefundGatewayStatus } from './refunds';
import { applyObservation, getCheckout, type StoredCheckout } from './repository';

export interface RefundOutcome {
  refundId: string;
  amountMinor: number;
  checkout: StoredCheckout;
}

export async function refundCheckout(
  caller: Caller,
  input: { checkoutId: string; amount?: string | number; note: string },
  gateway: PointCheckoutClient,
): Promise<RefundOutcome> {
  assertRole(caller, ['manager'], 'refund a payment');
  const reservation = await reserveRefund(input.checkoutId, { amount: input.amount, note: input.note, by: caller.uid });
  const { data } = reservation.checkout;
  let wire;
  try {
    wire = await gateway.refundCheckout(data.gateway.id, {
      amount: toWireAmount(reservation.amountMinor, data.currency),
      currency: data.currency,
      note: input.note,
      referenceId: reservation.refundId,
    });
  } catch (error) {
    if (error instanceof GatewayRejectedError) {
      await settleRefund(input.checkoutId, reservation, 'FAILED', error.message);
      throw new CheckoutError('failed-precondition', `PointCheckout refused the refund: ${error.message}`);
    }
    if (error instanceof GatewayUnavailableError) {
      // The amount stays reserved: the refund may have gone through, and must not be repeated blindly.
      await settleRefund(input.checkoutId, reservation, 'UNKNOWN');
      throw new CheckoutError('unavailable', 'PointCheckout did not confirm the refund. Refresh the checkout before trying again.');
    }
    throw error;
  }
  const observation = observationFromWire(wire, {
    requestId: data.gateway.requestId,
    currency: data.currency,
    amountMinor: data.amountMinor,
  });
  if (!observation.ok) {
    logs.gatewayMismatch(input.checkoutId, observation.detail);
    await settleRefund(input.checkoutId, reservation, 'UNKNOWN');
    throw new CheckoutError('unavailable', 'PointCheckout answered the refund unexpectedly; refresh the checkout to see its status.');
  }
  // PointCheckout has refunded: from here on a busy database must not turn that into a failure.
  try {
    const result = await persistently(() => applyObservation(input.checkoutId, observation.snapshot, 'refund'));
    if (result.outcome === 'applied') logs.transitionApplied(input.checkoutId, 'refund', result.hops);
  } catch (error) {
    if (!isTransientFirestoreError(error)) throw error;
    // The gateway's webhook for this refund (or the next refresh) applies the status instead.
    logs.unexpected('refundCheckout: applying a confirmed refund', error);
  }
  await persistently(() => settleRefund(input.checkoutId, reservation, observation.snapshot.status as RefundGatewayStatus));
  const checkout = (await getCheckout(input.checkoutId)) ?? reservation.checkout;
  return { refundId: reservation.refundId, amountMinor: reservation.amountMinor, checkout };
}
