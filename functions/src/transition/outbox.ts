/**
 * The outbox marker on `checkouts/{id}/events/{eventId}`: written `pending` in the transaction that records the
 * transition, so no transition can be stored without its pending publish, and moved on here, outside it.
 *
 *   pending ──claim──▶ publishing ──done──▶ done
 *      ▲                  │ failure (release)
 *      └──────────────────┘            a crash leaves `publishing`: its lease (outboxDueAt) runs out, and the
 *                                       drain takes it again
 *
 * `outboxDueAt` is when the drain may take the event: 60 s after the transition (the trigger comes first), at
 * once after a failed attempt, at the end of the lease while one is publishing; absent once done.
 */
import { FieldValue, getFirestore, Timestamp, type DocumentData, type DocumentReference, type Transaction, type WriteBatch } from 'firebase-admin/firestore';

export type OutboxState = 'pending' | 'publishing' | 'done';

/** How long the trigger has the event to itself, and how long a claim holds it. Publishes time out well before. */
export const OUTBOX_GRACE_MS = 60_000;
export const OUTBOX_LEASE_MS = 60_000;

export interface OutboxMarker {
  outbox: OutboxState;
  outboxDueAt: Timestamp;
  outboxAttempts: number;
}

/**
 * Whether the outbox is on: events (EVENTS_CHANNEL) or the order mirror (ORDER_STATUS_MIRROR_PATH) configured.
 * Read from the environment at run time, where the runtime puts the params' values, so that a deployment with
 * both off writes no marker and the trigger returns at once.
 */
export function outboxEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.EVENTS_CHANNEL?.trim() || env.ORDER_STATUS_MIRROR_PATH?.trim());
}

/**
 * Where the trigger listens: one small document per event to publish, `checkoutOutbox/{checkoutId}__{eventId}`,
 * written beside the marker only while the outbox is on. Off, nothing is written there, so no function runs
 * per transition (the trigger must be deployed either way: the CLI cannot leave it out by a param). Kept 7 days
 * (`expireAt`, a TTL policy in firestore.indexes.json); the marker on the event is what the drain follows.
 */
export const OUTBOX = 'checkoutOutbox';
const KICK_KEPT_MS = 7 * 86_400_000;

/** What can carry a transition's creates: its transaction, or the one batch of the fast paths (all or nothing). */
export type Creates = Pick<Transaction | WriteBatch, 'create'>;

/**
 * Creates a transition's event document in the transaction or batch that records it: with the outbox marker and
 * the trigger's document when events or the mirror are on, plain when off. No transition without its pending publish.
 */
export function createEvent(tx: Creates, eventRef: DocumentReference, event: DocumentData, at: Timestamp): void {
  if (!outboxEnabled()) {
    tx.create(eventRef, event);
    return;
  }
  const marker: OutboxMarker = { outbox: 'pending', outboxDueAt: Timestamp.fromMillis(at.toMillis() + OUTBOX_GRACE_MS), outboxAttempts: 0 };
  tx.create(eventRef, { ...event, ...marker });
  const checkoutId = eventRef.parent.parent?.id;
  if (!checkoutId) throw new Error(`${eventRef.path} is not under a checkout`);
  tx.create(getFirestore().collection(OUTBOX).doc(`${checkoutId}__${eventRef.id}`), {
    checkoutId,
    eventId: eventRef.id,
    at,
    expireAt: Timestamp.fromMillis(at.toMillis() + KICK_KEPT_MS),
  });
}

export interface Claimed {
  event: DocumentData;
  checkout: DocumentData;
  attempt: number;
}

/**
 * Takes the event for one publishing attempt, or returns null when there is nothing to do: already done, an
 * event from before the outbox existed (no marker), or another attempt holds an unexpired lease.
 */
export async function claim(eventRef: DocumentReference, nowMs = Date.now()): Promise<Claimed | null> {
  const checkoutRef = eventRef.parent.parent;
  if (!checkoutRef) throw new Error(`${eventRef.path} is not under a checkout`);
  const db = getFirestore();
  const taken = await db.runTransaction(async (tx) => {
    // Only the event is read here: reading the checkout too would contend with the webhook's transactions on it.
    const event = (await tx.get(eventRef)).data();
    if (!event) return null;
    const state = event.outbox as OutboxState | undefined;
    if (state === undefined || state === 'done') return null;
    const dueAt = event.outboxDueAt as Timestamp | undefined;
    if (state === 'publishing' && dueAt && dueAt.toMillis() > nowMs) return null;
    const attempt = Number(event.outboxAttempts ?? 0) + 1;
    tx.update(eventRef, {
      outbox: 'publishing',
      outboxDueAt: Timestamp.fromMillis(nowMs + OUTBOX_LEASE_MS),
      outboxAttempts: attempt,
    });
    return { event, attempt };
  });
  if (!taken) return null;
  // What the event needs of the checkout (order, amount, currency, creation time, branch) never changes.
  const checkout = (await checkoutRef.get()).data();
  if (!checkout) throw new Error(`${checkoutRef.path} is missing`);
  return { ...taken, checkout };
}

export interface OutboxResult {
  /** `sent`, `off` (no channel), `none` (no event type, e.g. PENDING), `test-mode` (a test checkout: EVENTS_INCLUDE_TEST_MODE off). */
  published: 'sent' | 'off' | 'none' | 'test-mode';
  /** `written`, `stale` (a later status was already there), `off`, or `invalid-path` (the order id makes no path). */
  mirrored: 'written' | 'stale' | 'off' | 'invalid-path' | 'test-mode';
}

export async function markDone(eventRef: DocumentReference, result: OutboxResult): Promise<void> {
  await eventRef.update({
    outbox: 'done',
    outboxDueAt: FieldValue.delete(),
    outboxError: FieldValue.delete(),
    outboxDone: { ...result, at: Timestamp.now() },
  });
}

/** Gives a failed attempt back to the drain at once. The error's name only: messages may carry request data. */
export async function release(eventRef: DocumentReference, error: unknown): Promise<void> {
  await eventRef.update({
    outbox: 'pending',
    outboxDueAt: Timestamp.now(),
    outboxError: error instanceof Error ? error.name : 'unknown',
  });
}
