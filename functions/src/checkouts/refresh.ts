/**
 * Confirms a checkout's status with PointCheckout (Get Checkout) and applies it through the state machine.
 * Used by getCheckout (`refresh`), the webhook (`webhook`) and reconciliation (`reconcile`).
 */
import { logs } from '../logs';
import type { PointCheckoutClient } from '../pointcheckout/client';
import { observationFromWire } from './observation';
import { applyObservation, type ApplyResult, type StoredCheckout } from './repository';
import type { TransitionSource } from './status';

export type RefreshResult = ApplyResult | { outcome: 'ignored'; reason: string; checkout: StoredCheckout };

export async function refreshFromGateway(
  checkout: StoredCheckout,
  source: TransitionSource,
  gateway: PointCheckoutClient,
): Promise<RefreshResult> {
  const wire = await gateway.getCheckout(checkout.data.gateway.id);
  const observation = observationFromWire(wire, {
    requestId: checkout.data.gateway.requestId,
    currency: checkout.data.currency,
    amountMinor: checkout.data.amountMinor,
  });
  if (!observation.ok) {
    if (observation.problem === 'unknown-status') logs.unknownGatewayStatus(checkout.id, observation.detail);
    else logs.gatewayMismatch(checkout.id, observation.detail);
    return { outcome: 'ignored', reason: observation.problem, checkout };
  }
  const result = await applyObservation(checkout.id, observation.snapshot, source);
  if (result.outcome === 'applied') logs.transitionApplied(checkout.id, source, result.hops);
  else if (result.outcome !== 'missing') {
    logs.transitionSkipped(checkout.id, source, result.outcome, result.reason, result.checkout.data.status, observation.snapshot.status);
  }
  return result;
}
