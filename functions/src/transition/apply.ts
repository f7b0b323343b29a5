/**
 * The transition step: the state machine's decisions applied inside one Firestore transaction, with the event,
 * its outbox marker and the report increments; here, and only here. Callers get back what happened and do their
 * logging and side effects outside (a transaction callback may run more than once).
 */
import { FieldValue, getFirestore, Timestamp, type Firestore } from 'firebase-admin/firestore';
import { createEvent } from './outbox';
import { formatMinor } from '../domain/money';
import { CHECKOUT_TRANSACTION } from '../store/persist';
import { nextCheckAtMs } from '../domain/schedule';
import { countedOf, shardIncrements, shardRef } from './aggregates';
import { reportTimeZone } from '../shared/timeZone';
import { eventId, type CheckoutDocument, type CheckoutEvent } from '../store/document';
import { CLAIMS, EVENTS, checkoutRef, parseCheckout, type StoredCheckout } from '../store/repository';
import {
  planTransition,
  type CheckoutStatus,
  type Hop,
  type StatusSnapshot,
  type TransitionSource,
} from '../domain/status';

export type ApplyResult =
  | { outcome: 'applied'; hops: Hop[]; checkout: StoredCheckout }
  | { outcome: 'unchanged' | 'ignored'; reason: string; checkout: StoredCheckout }
  | { outcome: 'missing' };

function db(): Firestore {
  return getFirestore();
}

/** Stores a checkout the gateway has just created, with its first event, and marks its claim done. */
export async function storeCreatedCheckout(checkoutId: string, data: CheckoutDocument): Promise<void> {
  const ref = checkoutRef(checkoutId);
  const first: CheckoutEvent = {
    from: null,
    to: data.status,
    source: 'create',
    at: data.createdAt,
    version: data.version,
    inferred: false,
    totalRefunded: data.totalRefunded,
  };
  await db().runTransaction(async (tx) => {
    const existing = await tx.get(ref);
    // A concurrent caller that took over an expired claim may have stored it first: same gateway checkout.
    if (existing.exists) return;
    const zone = reportTimeZone();
    tx.create(ref, data);
    tx.set(shardRef(checkoutId, countedOf(data), zone), shardIncrements(countedOf(data), null, data.status, zone), { merge: true });
    // The outbox marker rides in the same transaction: no transition without its pending publish.
    createEvent(tx, ref.collection(EVENTS).doc(eventId(data.version)), first, data.createdAt);
    tx.set(db().collection(CLAIMS).doc(checkoutId), { state: 'created', updatedAt: Timestamp.now() }, { merge: true });
  });
}

/**
 * Applies what the gateway (or one of our operations) says of a checkout, through the state machine, in one
 * transaction: status, refunded total, version and one event per hop, or nothing at all.
 */
export async function applyObservation(
  checkoutId: string,
  observed: StatusSnapshot,
  source: TransitionSource,
): Promise<ApplyResult> {
  const ref = checkoutRef(checkoutId);
  return db().runTransaction(async (tx): Promise<ApplyResult> => {
    const snap = await tx.get(ref);
    if (!snap.exists) return { outcome: 'missing' };
    const current = parseCheckout(snap.id, snap.data());
    const plan = planTransition(
      { status: current.data.status, totalRefundedMinor: current.data.totalRefundedMinor },
      observed,
    );
    if (plan.kind === 'noop') return { outcome: 'unchanged', reason: plan.reason, checkout: current };
    if (plan.kind === 'ignored') return { outcome: 'ignored', reason: plan.reason, checkout: current };

    const at = Timestamp.now();
    const totalRefunded = formatMinor(plan.next.totalRefundedMinor, current.data.currency);
    let version = current.data.version;
    for (const hop of plan.hops) {
      version += 1;
      const event: CheckoutEvent = {
        from: hop.from,
        to: hop.to,
        source,
        at,
        version,
        inferred: hop.inferred,
        // Refunds belong to the refund hop; an inferred hop (e.g. the missed PAID) carries what was true then.
        totalRefunded: hop.inferred ? current.data.totalRefunded : totalRefunded,
      };
      createEvent(tx, ref.collection(EVENTS).doc(eventId(version)), event, at);
    }
    const updates = {
      status: plan.next.status as CheckoutStatus,
      totalRefundedMinor: plan.next.totalRefundedMinor,
      totalRefunded,
      version,
      updatedAt: at,
    };
    // A known status replaces any unmodelled one we noted; the next reconciliation check follows the new status.
    const next = nextCheckAtMs(
      {
        status: updates.status,
        createdAtMs: current.data.createdAt.toMillis(),
        expiresAtMs: current.data.expiresAt.toMillis(),
        refundsPending: current.data.refundsPending,
        gatewayUnknown: current.data.gatewayUnknown,
      },
      at.toMillis(),
    );
    // The day's report moves with the checkout, in the same transaction.
    const zone = reportTimeZone();
    // Refunds are not aggregated here: the report reads them from their records, on the day each was made.
    const counted = countedOf(current.data);
    tx.set(shardRef(current.id, counted, zone), shardIncrements(counted, current.data.status, updates.status, zone), { merge: true });
    tx.update(ref, {
      ...updates,
      gatewayStatus: FieldValue.delete(),
      nextCheckAt: next === null ? FieldValue.delete() : Timestamp.fromMillis(next),
    });
    const { gatewayStatus: _dropped, ...rest } = current.data;
    return {
      outcome: 'applied',
      hops: plan.hops,
      checkout: { id: current.id, data: { ...rest, ...updates, nextCheckAt: next === null ? undefined : Timestamp.fromMillis(next) } },
    };
  }, CHECKOUT_TRANSACTION);
}
