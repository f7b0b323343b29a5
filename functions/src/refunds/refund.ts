/** refundCheckout's service: read the gateway's refunded total → reserve → PointCheckout refund → apply its answer (`source: "refund"`). */
import type { Caller } from '../access/caller';
import { assertCanAccess, assertRole } from '../access/caller';
import { logs } from '../logs';
import type { PointCheckoutClient } from '../pointcheckout/client';
import type { GatewayFor } from '../pointcheckout/fromParams';
import { GatewayAuthError, GatewayRateLimitedError, GatewayRejectedError, GatewayUnavailableError } from '../pointcheckout/errors';
import { isTransientFirestoreError } from '../store/persist';
import { CheckoutError } from '../shared/errors';
import { toWireAmount } from '../domain/money';
import { observationFromWire, refundedOf } from '../transition/observation';
import { persistently } from '../store/persist';
import { APPLIED_REFUND_STATUSES, REFUND_OUTCOME_STATUSES, REFUNDS, reserveRefund, settleRefund, type RefundGatewayStatus, type Reservation } from './refunds';
import { settleRefundsFromGateway } from './refundSettlement';
import { applyObservation } from '../transition/apply';
import { checkoutRef, getCheckout, type StoredCheckout } from '../store/repository';

export interface RefundOutcome {
  refundId: string;
  amountMinor: number;
  checkout: StoredCheckout;
}

/**
 * After an unknown outcome: Get Checkout (safe to retry), apply its status, and settle unsettled refunds from its
 * totalRefunded, never by a guess (a refund made outside this system could look like ours). A total older than
 * one a concurrent refund was confirmed with is read again, once. Says whether this refund is now known to be
 * applied (by us, or by a webhook that settled it first); false when it is not, or the gateway cannot be asked.
 */
async function settledAsApplied(checkoutId: string, refundId: string, data: StoredCheckout['data'], gateway: PointCheckoutClient): Promise<boolean> {
  try {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const wire = await gateway.getCheckout(data.gateway.id);
      const observation = observationFromWire(wire, { requestId: data.gateway.requestId, currency: data.currency, amountMinor: data.amountMinor });
      const refundedMinor = refundedOf(observation);
      if (refundedMinor === null) return false;
      if (observation.ok) {
        const result = await persistently(() => applyObservation(checkoutId, observation.snapshot, 'refund'));
        if (result.outcome === 'applied') logs.transitionApplied(checkoutId, 'refund', result.hops);
      }
      const plan = await persistently(() => settleRefundsFromGateway(checkoutId, refundedMinor, { guess: false }));
      if (plan.applied.length + plan.released.length > 0) logs.refundsSettled(checkoutId, plan.applied.length, plan.released.length);
      if (!plan.stale) break;
    }
    const record = await checkoutRef(checkoutId).collection(REFUNDS).doc(refundId).get();
    return APPLIED_REFUND_STATUSES.includes(record.get('gatewayStatus') as RefundGatewayStatus);
  } catch (error) {
    logs.unexpected('refundCheckout: settling an unknown outcome', error);
    return false;
  }
}

const HELD_MESSAGE =
  'PointCheckout did not confirm the refund. It is held, settling, never repeated: refresh the checkout in a minute to see whether it was made before refunding again.';

/** An unknown outcome: never sent again; settled now if the gateway's total shows it, otherwise held (`unavailable`). */
async function settleUnknown(checkoutId: string, reservation: Reservation, data: StoredCheckout['data'], gateway: PointCheckoutClient): Promise<RefundOutcome> {
  await persistently(() => settleRefund(checkoutId, reservation, 'UNKNOWN'));
  if (await settledAsApplied(checkoutId, reservation.refundId, data, gateway)) {
    const checkout = (await getCheckout(checkoutId)) ?? reservation.checkout;
    return { refundId: reservation.refundId, amountMinor: reservation.amountMinor, checkout };
  }
  throw new CheckoutError('unavailable', HELD_MESSAGE);
}

/**
 * What the gateway has refunded in all just before ours is sent, as the record's baseline (`refundedBefore`): a
 * dashboard refund whose webhook has not landed yet must count as made before ours, or a later settlement could
 * take ours (answered 502, never made) for part of it. Null when it cannot be read: the refund then goes ahead on
 * the total we hold, and its POST meets whatever made the read fail.
 */
async function refundedAtGatewayNow(caller: Caller, checkoutId: string, gatewayFor: GatewayFor): Promise<number | null> {
  const stored = await getCheckout(checkoutId);
  if (!stored) return null; // reserveRefund says not-found
  assertCanAccess(caller, stored.data); // before asking the gateway anything about it
  const { data } = stored;
  try {
    const wire = await gatewayFor(data.account).getCheckout(data.gateway.id);
    return refundedOf(observationFromWire(wire, { requestId: data.gateway.requestId, currency: data.currency, amountMinor: data.amountMinor }));
  } catch (error) {
    if (error instanceof GatewayUnavailableError || error instanceof GatewayRejectedError || error instanceof GatewayAuthError) return null;
    throw error;
  }
}

export async function refundCheckout(
  caller: Caller,
  input: { checkoutId: string; amount?: string | number; note: string },
  gatewayFor: GatewayFor,
): Promise<RefundOutcome> {
  assertRole(caller, ['manager'], 'refund a payment');
  const gatewayRefundedMinor = await refundedAtGatewayNow(caller, input.checkoutId, gatewayFor);
  const reservation = await reserveRefund(input.checkoutId, { amount: input.amount, note: input.note, caller, gatewayRefundedMinor });
  const { data } = reservation.checkout;
  const gateway = gatewayFor(data.account);
  let wire;
  try {
    wire = await gateway.refundCheckout(data.gateway.id, {
      amount: toWireAmount(reservation.amountMinor, data.currency),
      currency: data.currency,
      note: input.note,
      referenceId: reservation.refundId,
    });
  } catch (error) {
    if (error instanceof GatewayRateLimitedError) {
      // 429: PointCheckout refused to process it now, so nothing was refunded: give the amount back.
      await settleRefund(input.checkoutId, reservation, 'FAILED', { error: 'rate limited' });
      throw new CheckoutError('unavailable', `${error.message}; nothing was refunded.`);
    }
    if (error instanceof GatewayRejectedError) {
      await settleRefund(input.checkoutId, reservation, 'FAILED', { error: error.message });
      throw new CheckoutError('failed-precondition', `PointCheckout refused the refund: ${error.message}`);
    }
    if (error instanceof GatewayAuthError) {
      // 401/403: refused before anything was processed.
      await settleRefund(input.checkoutId, reservation, 'FAILED', { error: 'credentials refused' });
      throw new CheckoutError('failed-precondition', 'PointCheckout refused our merchant credentials; nothing was refunded. Ask your administrator to check the API key and secret.');
    }
    // Never sent again (PointCheckout documents no de-duplication): read its refunded total and decide.
    if (error instanceof GatewayUnavailableError) return settleUnknown(input.checkoutId, reservation, data, gateway);
    throw error;
  }
  const observation = observationFromWire(wire, {
    requestId: data.gateway.requestId,
    currency: data.currency,
    amountMinor: data.amountMinor,
  });
  if (!observation.ok || !REFUND_OUTCOME_STATUSES.includes(observation.snapshot.status)) {
    // An answer that is not a refund's outcome (PAID, CHARGEBACK, someone else's checkout) says nothing of ours.
    if (!observation.ok) logs.gatewayMismatch(input.checkoutId, observation.detail);
    return settleUnknown(input.checkoutId, reservation, data, gateway);
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
  const { status, totalRefundedMinor } = observation.snapshot;
  await persistently(() => settleRefund(input.checkoutId, reservation, status as RefundGatewayStatus, { confirmedTotalMinor: totalRefundedMinor }));
  const checkout = (await getCheckout(input.checkoutId)) ?? reservation.checkout;
  return { refundId: reservation.refundId, amountMinor: reservation.amountMinor, checkout };
}
