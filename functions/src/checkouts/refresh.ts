/**
 * Confirms a checkout's status with PointCheckout (Get Checkout) and applies it through the state machine.
 * Used by getCheckout (`refresh`), the webhook (`webhook`) and reconciliation (`reconcile`).
 */
import { logs } from '../logs';
import type { PointCheckoutClient } from '../pointcheckout/client';
import type { WireCheckout } from '../pointcheckout/wire';
import { observationFromWire, readCancelAsExpiry } from './observation';
import { applyObservation, type ApplyResult, type StoredCheckout } from './repository';
import { planTransition, type TransitionSource } from './status';

export type RefreshResult = ApplyResult | { outcome: 'ignored'; reason: string; checkout: StoredCheckout };

export async function refreshFromGateway(
  checkout: StoredCheckout,
  source: TransitionSource,
  gateway: PointCheckoutClient,
  /** Get Checkout for this checkout's gateway id, already in flight (the webhook starts it early). */
  prefetched?: Promise<WireCheckout>,
): Promise<RefreshResult> {
  const wire = await (prefetched ?? gateway.getCheckout(checkout.data.gateway.id));
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
  const observed = readCancelAsExpiry(
    observation.snapshot,
    { status: checkout.data.status, expiresAtMs: checkout.data.expiresAt.toMillis() },
    Date.now(),
  );
  // The state machine only moves forward, so what changes nothing against the snapshot we hold changes nothing
  // against any later one: skip the transaction (most of a reconciliation run, every duplicate webhook).
  // getCheckout returns the document to its caller, so it still re-reads it in the transaction.
  if (source !== 'refresh') {
    const held = { status: checkout.data.status, totalRefundedMinor: checkout.data.totalRefundedMinor };
    const plan = planTransition(held, observed);
    if (plan.kind === 'noop') {
      logs.transitionSkipped(checkout.id, source, 'unchanged', plan.reason, held.status, observed.status);
      return { outcome: 'unchanged', reason: plan.reason, checkout };
    }
  }
  const result = await applyObservation(checkout.id, observed, source);
  if (result.outcome === 'applied') logs.transitionApplied(checkout.id, source, result.hops);
  else if (result.outcome !== 'missing') {
    logs.transitionSkipped(checkout.id, source, result.outcome, result.reason, result.checkout.data.status, observed.status);
  }
  return result;
}
