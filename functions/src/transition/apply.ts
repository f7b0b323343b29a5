/**
 * The transition step: the state machine's decisions applied in one all-or-nothing write (a guarded batch or a
 * Firestore transaction), with the event, its outbox marker and the report increments; here, and only here.
 * Callers get back what happened and do their logging and side effects outside (a transaction callback may run
 * more than once).
 */
import { getFirestore, Timestamp, type Firestore } from 'firebase-admin/firestore';
import { createEvent } from './outbox';
import { CHECKOUT_TRANSACTION } from '../store/persist';
import { countedOf, shardIncrements, shardRef } from './aggregates';
import { reportTimeZone } from '../shared/timeZone';
import { eventId, type CheckoutDocument, type CheckoutEvent } from '../store/document';
import { CLAIMS, EVENTS, checkoutRef, parseCheckout, type StoredCheckout } from '../store/repository';
import { planTransition, type Hop, type StatusSnapshot, type TransitionSource } from '../domain/status';
import { snapshotOf, stageTransition } from './stage';

export type ApplyResult =
  | { outcome: 'applied'; hops: Hop[]; checkout: StoredCheckout }
  | { outcome: 'unchanged' | 'ignored'; reason: string; checkout: StoredCheckout }
  | { outcome: 'missing' };

function db(): Firestore {
  return getFirestore();
}

/** The writes that store a checkout the gateway has just created: it, its first event, its report increments, its claim done. */
function firstWrites(checkoutId: string, data: CheckoutDocument) {
  const ref = checkoutRef(checkoutId);
  const event: CheckoutEvent = {
    from: null,
    to: data.status,
    source: 'create',
    at: data.createdAt,
    version: data.version,
    inferred: false,
    totalRefunded: data.totalRefunded,
  };
  const zone = reportTimeZone();
  return {
    ref,
    event: { ref: ref.collection(EVENTS).doc(eventId(data.version)), event },
    shard: { ref: shardRef(checkoutId, countedOf(data), zone), increments: shardIncrements(countedOf(data), null, data.status, zone) },
    claim: { ref: db().collection(CLAIMS).doc(checkoutId), done: { state: 'created', updatedAt: Timestamp.now() } },
  };
}

/** Stores a checkout the gateway has just created, with its first event, and marks its claim done. */
export async function storeCreatedCheckout(checkoutId: string, data: CheckoutDocument): Promise<void> {
  const writes = firstWrites(checkoutId, data);
  await db().runTransaction(async (tx) => {
    const existing = await tx.get(writes.ref);
    // A concurrent caller that took over an expired claim may have stored it first: same gateway checkout.
    if (existing.exists) return;
    tx.create(writes.ref, data);
    tx.set(writes.shard.ref, writes.shard.increments, { merge: true });
    // The outbox marker rides in the same transaction: no transition without its pending publish.
    createEvent(tx, writes.event.ref, writes.event.event, data.createdAt);
    tx.set(writes.claim.ref, writes.claim.done, { merge: true });
  });
}

/**
 * The same writes as one batch, no read first (the create's fast path): refused whole when the checkout exists
 * already or its claim is gone, and then the caller stores through the transaction above.
 */
export async function storeCreatedCheckoutAtOnce(checkoutId: string, data: CheckoutDocument): Promise<void> {
  const writes = firstWrites(checkoutId, data);
  const batch = db().batch();
  batch.create(writes.ref, data);
  batch.set(writes.shard.ref, writes.shard.increments, { merge: true });
  createEvent(batch, writes.event.ref, writes.event.event, data.createdAt);
  batch.update(writes.claim.ref, writes.claim.done);
  await batch.commit();
}

/** A guarded batch refused because the checkout moved since it was read (or its event exists already). */
function lostTheRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 9 || code === 6; // FAILED_PRECONDITION, ALREADY_EXISTS
}

/**
 * The fast path: the transition decided on the checkout as `held` was read, written in ONE batch whose checkout
 * update holds only if nobody wrote the document since (its update time). Null when someone did: the caller then
 * decides again inside a transaction. All or nothing, like the transaction: status, events, outbox, increments.
 */
async function applyOnSnapshot(held: StoredCheckout, readAt: Timestamp, observed: StatusSnapshot, source: TransitionSource): Promise<ApplyResult | null> {
  const plan = planTransition(snapshotOf(held), observed);
  // The state machine only moves forward: what changes nothing against this snapshot changes nothing later.
  if (plan.kind === 'noop') return { outcome: 'unchanged', reason: plan.reason, checkout: held };
  if (plan.kind === 'ignored') return { outcome: 'ignored', reason: plan.reason, checkout: held };
  const at = Timestamp.now();
  const staged = stageTransition(held, plan, source, at);
  const batch = db().batch();
  batch.update(staged.ref, staged.update, { lastUpdateTime: readAt });
  for (const { ref, event } of staged.events) createEvent(batch, ref, event, at);
  batch.set(staged.shard.ref, staged.shard.increments, { merge: true });
  try {
    const [written] = await batch.commit();
    return { outcome: 'applied', hops: staged.hops, checkout: { ...staged.after, updateTime: written?.writeTime } };
  } catch (error) {
    if (lostTheRace(error)) return null;
    throw error;
  }
}

/**
 * Applies what the gateway (or one of our operations) says of a checkout, through the state machine: status,
 * refunded total, version and one event per hop, or nothing at all. Given the checkout as just read (`held`,
 * with its update time), one guarded batch; otherwise, or when the batch finds the checkout moved, a transaction.
 */
export async function applyObservation(
  checkoutId: string,
  observed: StatusSnapshot,
  source: TransitionSource,
  held?: StoredCheckout,
): Promise<ApplyResult> {
  if (held?.updateTime && held.id === checkoutId) {
    const fast = await applyOnSnapshot(held, held.updateTime, observed, source);
    if (fast) return fast;
  }
  const ref = checkoutRef(checkoutId);
  return db().runTransaction(async (tx): Promise<ApplyResult> => {
    const snap = await tx.get(ref);
    if (!snap.exists) return { outcome: 'missing' };
    const current = parseCheckout(snap.id, snap.data());
    const plan = planTransition(snapshotOf(current), observed);
    if (plan.kind === 'noop') return { outcome: 'unchanged', reason: plan.reason, checkout: current };
    if (plan.kind === 'ignored') return { outcome: 'ignored', reason: plan.reason, checkout: current };
    const at = Timestamp.now();
    const staged = stageTransition(current, plan, source, at);
    for (const { ref: eventRef, event } of staged.events) createEvent(tx, eventRef, event, at);
    tx.set(staged.shard.ref, staged.shard.increments, { merge: true });
    tx.update(ref, staged.update);
    return { outcome: 'applied', hops: staged.hops, checkout: staged.after };
  }, CHECKOUT_TRANSACTION);
}
