/** Turns a checkout as PointCheckout reports it into what the state machine consumes. Pure. */
import type { WireCheckout } from '../pointcheckout/wire';
import { fromWireAmount, type Currency } from '../domain/money';
import { isCheckoutStatus, OPEN_STATUSES, type CheckoutStatus, type StatusSnapshot } from '../domain/status';

export type Observation =
  | { ok: true; snapshot: StatusSnapshot }
  /** `totalRefundedMinor`: the gateway's refunded total, readable even when its status is not one of ours. */
  | { ok: false; problem: 'unknown-status'; detail: string; totalRefundedMinor: number | null }
  | { ok: false; problem: 'mismatch'; detail: string };

export function observationFromWire(
  wire: WireCheckout,
  expected: { requestId: string; currency: Currency; amountMinor: number },
): Observation {
  // Guards against a gateway id that points at someone else's checkout: never apply it to ours.
  if (wire.requestId !== expected.requestId) return { ok: false, problem: 'mismatch', detail: 'requestId' };
  if (wire.currency !== expected.currency) return { ok: false, problem: 'mismatch', detail: 'currency' };
  if (fromWireAmount(wire.amount, expected.currency) !== expected.amountMinor) {
    return { ok: false, problem: 'mismatch', detail: 'amount' };
  }
  const refunded = wire.totalRefunded == null ? 0 : fromWireAmount(wire.totalRefunded, expected.currency);
  if (!isCheckoutStatus(wire.status)) return { ok: false, problem: 'unknown-status', detail: wire.status, totalRefundedMinor: refunded };
  if (refunded === null) return { ok: false, problem: 'mismatch', detail: 'totalRefunded' };
  return { ok: true, snapshot: { status: wire.status, totalRefundedMinor: refunded } };
}

/** The gateway's refunded total in an answer that is ours (a known status or not); null for a mismatch. Pure. */
export function refundedOf(observation: Observation): number | null {
  if (observation.ok) return observation.snapshot.totalRefundedMinor;
  return observation.problem === 'unknown-status' ? observation.totalRefundedMinor : null;
}

/**
 * Reconciliation cancels expired checkouts at the gateway, which PointCheckout then reports as CANCELLED (and
 * announces by webhook). A cancellation of a checkout that is still open here, seen after its expiry, or of one
 * we already marked EXPIRED, is that expiry: read it as EXPIRED, so that our own write and the webhook the
 * cancel triggers tell one story whichever lands first. Pure.
 */
export function readCancelAsExpiry(
  observed: StatusSnapshot,
  current: { status: CheckoutStatus; expiresAtMs: number },
  nowMs: number,
): StatusSnapshot {
  if (observed.status !== 'CANCELLED') return observed;
  const dueOpen = OPEN_STATUSES.includes(current.status) && nowMs >= current.expiresAtMs;
  return dueOpen || current.status === 'EXPIRED' ? { ...observed, status: 'EXPIRED' } : observed;
}
