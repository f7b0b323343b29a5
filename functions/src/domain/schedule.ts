/**
 * When reconciliation should next ask PointCheckout about a checkout (`nextCheckAt`). Pure.
 * Recently created checkouts are asked about sooner, old ones less often, so one run never walks every open
 * checkout and never revisits the same oldest ones; a PENDING one is asked right after it expires (to expire it
 * here too); a refund with an unknown outcome is asked about until it is settled. Nothing open and nothing
 * pending: no next check at all. One the gateway says it does not know is asked about slowly, until a day past
 * its expiry (a payment made after a gateway incident, its webhook lost, is still found).
 */
import { OPEN_STATUSES, type CheckoutStatus } from './status';

const MINUTE = 60_000;
const MIN_INTERVAL_MS = 2 * MINUTE;
const MAX_INTERVAL_MS = 60 * MINUTE;
/** After its expiry a checkout is asked about this soon (the gateway's clock may lag ours a little). */
const AFTER_EXPIRY_MS = MINUTE;
/** A refund whose outcome is unknown is asked about this soon, and again until settled. */
export const REFUND_CHECK_MS = 2 * MINUTE;

/** PointCheckout said it does not know the checkout: still asked this often (an incident ends)… */
export const UNKNOWN_RECHECK_MS = 120 * MINUTE;
/** …until this long after its expiry, when nothing can happen to it any more. */
export const UNKNOWN_GIVE_UP_AFTER_EXPIRY_MS = 24 * 60 * MINUTE;

/** The slow check of a checkout the gateway says it does not know; null once it is a day past its expiry. */
export function unknownCheckAtMs(expiresAtMs: number, nowMs: number): number | null {
  const last = expiresAtMs + UNKNOWN_GIVE_UP_AFTER_EXPIRY_MS;
  return nowMs >= last ? null : Math.min(nowMs + UNKNOWN_RECHECK_MS, last);
}

export interface ScheduleInput {
  status: CheckoutStatus;
  createdAtMs: number;
  expiresAtMs: number;
  refundsPending: number;
  /** A status the gateway reported that we do not model: keep asking as for an open checkout. */
  gatewayStatus?: string;
  gatewayUnknown?: boolean;
}

/** What the schedule reads of a stored checkout. */
export function scheduleInputOf(data: {
  status: CheckoutStatus;
  createdAt: { toMillis(): number };
  expiresAt: { toMillis(): number };
  refundsPending: number;
  gatewayStatus?: string | null;
  gatewayUnknown?: boolean;
}): ScheduleInput {
  return {
    status: data.status,
    createdAtMs: data.createdAt.toMillis(),
    expiresAtMs: data.expiresAt.toMillis(),
    refundsPending: data.refundsPending,
    gatewayStatus: data.gatewayStatus ?? undefined,
    gatewayUnknown: data.gatewayUnknown,
  };
}

/** The first check of a new checkout: after `staleAfterMinutes` (webhooks usually come first), or at expiry. */
export function firstCheckAtMs(createdAtMs: number, expiresAtMs: number, staleAfterMinutes: number): number {
  return Math.min(createdAtMs + staleAfterMinutes * MINUTE, expiresAtMs + AFTER_EXPIRY_MS);
}

export function nextCheckAtMs(checkout: ScheduleInput, nowMs: number): number | null {
  if (checkout.gatewayUnknown) return unknownCheckAtMs(checkout.expiresAtMs, nowMs);
  const candidates: number[] = [];
  if (checkout.refundsPending > 0) candidates.push(nowMs + REFUND_CHECK_MS);
  if (OPEN_STATUSES.includes(checkout.status) || checkout.gatewayStatus !== undefined) {
    const age = Math.max(0, nowMs - checkout.createdAtMs);
    const interval = Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.floor(age / 2)));
    candidates.push(nowMs + interval);
    if (checkout.status === 'PENDING' && nowMs < checkout.expiresAtMs) candidates.push(checkout.expiresAtMs + AFTER_EXPIRY_MS);
  }
  return candidates.length === 0 ? null : Math.min(...candidates);
}
