/**
 * Confirms a checkout's status with PointCheckout (Get Checkout) and applies it through the state machine.
 * Used by getCheckout (`refresh`), the webhook (`webhook`) and reconciliation (`reconcile`).
 */
import { logs } from '../logs';
import type { PointCheckoutClient } from '../pointcheckout/client';
import type { WireCheckout } from '../pointcheckout/wire';
import { clearGatewayUnknown } from '../reconciliation/gatewayLookup';
import { observationFromWire, readCancelAsExpiry, refundedOf } from '../transition/observation';
import { persistently } from '../store/persist';
import { applyObservation, type ApplyResult } from '../transition/apply';
import { getCheckout, type StoredCheckout } from '../store/repository';
import { noteGatewayStatus } from '../transition/gatewayStatusNote';
import { settleRefundsFromGateway } from '../refunds/refundSettlement';
import { planTransition, type TransitionSource } from '../domain/status';

export type RefreshResult = (ApplyResult | { outcome: 'ignored'; reason: string; checkout: StoredCheckout }) & {
  /** The status PointCheckout reported, as it said it (reconciliation expires only what it calls PENDING). */
  gatewayStatus?: string;
};

export async function refreshFromGateway(
  checkout: StoredCheckout,
  source: TransitionSource,
  gateway: PointCheckoutClient,
  /** Get Checkout for this checkout's gateway id, already in flight (the webhook starts it early). */
  prefetched?: Promise<WireCheckout>,
): Promise<RefreshResult> {
  const wire = await (prefetched ?? gateway.getCheckout(checkout.data.gateway.id));
  // Any answer about it means PointCheckout knows it again: ask about it on the ordinary schedule.
  if (checkout.data.gatewayUnknown || checkout.data.gatewayLookup) await persistently(() => clearGatewayUnknown(checkout.id, Date.now()));
  const result = await applyWire(checkout, wire, source);
  if (result.outcome === 'missing') return { ...result, gatewayStatus: wire.status };
  // Refunds whose outcome we never heard are settled from what the gateway has refunded in all, and growth no
  // refund of ours explains is recorded as a refund made outside (a status we do not model included).
  const refundedMinor = refundedOf(observationFromWire(wire, expectedOf(checkout)));
  const recorded = checkout.data.refundsRecordedMinor ?? -1; // absent on older checkouts: look once it refunds
  if (refundedMinor !== null && (checkout.data.refundsPending > 0 || (refundedMinor > 0 && refundedMinor > recorded))) {
    const plan = await persistently(() => settleRefundsFromGateway(checkout.id, refundedMinor));
    if (plan.applied.length + plan.released.length > 0) logs.refundsSettled(checkout.id, plan.applied.length, plan.released.length);
    // Read back even when this call decided nothing: a webhook racing it may have settled them meanwhile.
    const settled = await getCheckout(checkout.id);
    if (settled) return { ...result, checkout: settled, gatewayStatus: wire.status };
  }
  return { ...result, gatewayStatus: wire.status };
}

function expectedOf(checkout: StoredCheckout) {
  return { requestId: checkout.data.gateway.requestId, currency: checkout.data.currency, amountMinor: checkout.data.amountMinor };
}

async function applyWire(checkout: StoredCheckout, wire: WireCheckout, source: TransitionSource): Promise<RefreshResult> {
  const observation = observationFromWire(wire, {
    requestId: checkout.data.gateway.requestId,
    currency: checkout.data.currency,
    amountMinor: checkout.data.amountMinor,
  });
  if (!observation.ok) {
    if (observation.problem === 'unknown-status') {
      logs.unknownGatewayStatus(checkout.id, observation.detail);
      // Not a status of ours, so never written as one; noted beside it so people (and reconciliation) see it.
      if (checkout.data.gatewayStatus !== observation.detail) await noteGatewayStatus(checkout.id, observation.detail);
      const noted = { ...checkout, data: { ...checkout.data, gatewayStatus: observation.detail } };
      return { outcome: 'ignored', reason: observation.problem, checkout: noted };
    }
    logs.gatewayMismatch(checkout.id, observation.detail);
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
  // A webhook's checkout was read beside its Get Checkout a moment ago: one guarded batch, no transaction.
  const result = await applyObservation(checkout.id, observed, source, source === 'webhook' ? checkout : undefined);
  if (result.outcome === 'applied') logs.transitionApplied(checkout.id, source, result.hops);
  else if (result.outcome !== 'missing') {
    logs.transitionSkipped(checkout.id, source, result.outcome, result.reason, result.checkout.data.status, observed.status);
  }
  return result;
}
