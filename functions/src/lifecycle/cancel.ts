/**
 * cancelCheckout's service. Who may cancel what is decided before anything is sent to PointCheckout; the
 * status change itself comes from the gateway's answer, through the state machine (`source: "cancel"`).
 */
import { assertCanAccess, isManager, type Caller } from '../access/caller';
import { logs } from '../logs';
import type { GatewayFor } from '../pointcheckout/fromParams';
import { GatewayRejectedError } from '../pointcheckout/errors';
import { CheckoutError } from '../shared/errors';
import { observationFromWire, readCancelAsExpiry } from '../transition/observation';
import { persistently } from '../store/persist';
import { refreshFromGateway } from './refresh';
import { applyObservation } from '../transition/apply';
import { getCheckout, type StoredCheckout } from '../store/repository';
import { isFinal } from '../domain/status';

export async function cancelCheckout(caller: Caller, checkoutId: string, gatewayFor: GatewayFor): Promise<StoredCheckout> {
  const stored = await getCheckout(checkoutId);
  if (!stored) throw new CheckoutError('not-found', `No checkout ${checkoutId}.`);
  assertCanAccess(caller, stored.data);
  const status = stored.data.status;
  if (isFinal(status)) {
    throw new CheckoutError('failed-precondition', `This checkout is already ${status}; there is nothing to cancel.`);
  }
  if (status === 'AUTHORIZED' && !isManager(caller)) {
    throw new CheckoutError('permission-denied', 'Only a manager can cancel an authorized payment.');
  }
  if (status !== 'PENDING' && status !== 'AUTHORIZED') {
    throw new CheckoutError('failed-precondition', `This checkout is ${status}; refund it instead of cancelling.`);
  }
  const gateway = gatewayFor(stored.data.account);

  let wire;
  try {
    wire = await gateway.cancelCheckout(stored.data.gateway.id);
  } catch (error) {
    if (!(error instanceof GatewayRejectedError)) throw error;
    // Refused: most likely the customer paid (or it expired) a moment ago. Learn and apply what happened.
    const result = await refreshFromGateway(stored, 'cancel', gateway);
    const now = result.outcome === 'missing' ? status : result.checkout.data.status;
    if (now === 'CANCELLED') return (await getCheckout(checkoutId)) ?? stored;
    throw new CheckoutError('failed-precondition', `PointCheckout could not cancel this checkout (it is now ${now}): ${error.message}`);
  }
  const observation = observationFromWire(wire, {
    requestId: stored.data.gateway.requestId,
    currency: stored.data.currency,
    amountMinor: stored.data.amountMinor,
  });
  if (!observation.ok) {
    logs.gatewayMismatch(checkoutId, observation.detail);
    throw new CheckoutError('unavailable', 'PointCheckout answered the cancel unexpectedly; refresh the checkout to see its status.');
  }
  const observed = readCancelAsExpiry(
    observation.snapshot,
    { status: stored.data.status, expiresAtMs: stored.data.expiresAt.toMillis() },
    Date.now(),
  );
  // PointCheckout has cancelled: record it even when the document is busy, so the caller hears the truth.
  const result = await persistently(() => applyObservation(checkoutId, observed, 'cancel'));
  if (result.outcome === 'missing') throw new CheckoutError('not-found', `No checkout ${checkoutId}.`);
  if (result.outcome === 'applied') logs.transitionApplied(checkoutId, 'cancel', result.hops);
  return result.checkout;
}
