/**
 * `webhookHealth/{account}` (server only): the time and outcome of the webhook's last delivery (`lastDelivery`),
 * of its last test call (`lastTestCall`) and of its last rejected one with the reason (`lastRejected`), so the go-live check can tell "PointCheckout's test call arrived and was
 * accepted" from "it arrived with a bad signature". Best-effort: a failed write is dropped, never the delivery.
 *
 * Writes are throttled per instance (one per account, kind and outcome each second) so a burst of
 * deliveries, or of forged calls, costs at most a few writes; a test call is always written.
 */
import { getFirestore, Timestamp } from 'firebase-admin/firestore';

export const WEBHOOK_HEALTH_COLLECTION = 'webhookHealth';
/** Firestore takes about one write per second per document: more would only queue. */
export const THROTTLE_MS = 1000;
/** A rejection is awaited (it is not the hot path) but never for longer than this. */
const MAX_WAIT_MS = 1500;

export type HealthEvent =
  | { kind: 'delivery'; outcome: string; httpStatus: number }
  | { kind: 'rejected'; reason: string; httpStatus: number };

const lastWrites = new Map<string, number>();

function throttleKey(account: string, event: HealthEvent): string {
  return `${account}|${event.kind}|${event.kind === 'delivery' ? event.outcome : event.reason}|${event.httpStatus}`;
}

/** Records one event; resolves once written, throttled or failed (never rejects). */
export async function recordWebhookHealth(account: string, event: HealthEvent, nowMs = Date.now()): Promise<void> {
  const key = throttleKey(account, event);
  const test = event.kind === 'delivery' && event.outcome === 'test';
  const previous = lastWrites.get(key);
  if (!test && previous !== undefined && nowMs - previous < THROTTLE_MS) return;
  lastWrites.set(key, nowMs);
  const at = Timestamp.fromMillis(nowMs);
  const delivery = event.kind === 'delivery' ? { at, outcome: event.outcome, httpStatus: event.httpStatus } : null;
  // A test call is a delivery too, and also kept apart: an event delivered a moment later must not hide it.
  const field = delivery
    ? { lastDelivery: delivery, ...(test ? { lastTestCall: delivery } : {}) }
    : { lastRejected: { at, reason: (event as { reason: string }).reason, httpStatus: event.httpStatus } };
  try {
    await getFirestore().collection(WEBHOOK_HEALTH_COLLECTION).doc(account).set({ account, ...field }, { merge: true });
  } catch {
    // Health is a diagnostic: losing one record must never fail or slow a delivery. Let the next one try.
    lastWrites.delete(key);
  }
}

/** For rejections: waits for the write, but at most MAX_WAIT_MS. */
export async function recordWebhookHealthBounded(account: string, event: HealthEvent): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, MAX_WAIT_MS);
  });
  await Promise.race([recordWebhookHealth(account, event), cap]);
  clearTimeout(timer);
}

/** Forgets the throttle (tests). */
export function resetWebhookHealthThrottle(): void {
  lastWrites.clear();
}
