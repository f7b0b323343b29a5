/**
 * What one transition writes, decided from the checkout as read: its events, the report shard's increments and
 * the checkout's update. Staged apart from the writing, so the same writes go into a transaction or into the
 * webhook's single guarded batch (apply.ts) and cannot drift apart.
 */
import { FieldValue, Timestamp, type DocumentReference } from 'firebase-admin/firestore';
import { formatMinor } from '../domain/money';
import { nextCheckAtMs } from '../domain/schedule';
import { countedOf, shardIncrements, shardRef } from './aggregates';
import { reportTimeZone } from '../shared/timeZone';
import { eventId, type CheckoutEvent } from '../store/document';
import { EVENTS, checkoutRef, type StoredCheckout } from '../store/repository';
import type { CheckoutStatus, Hop, StatusSnapshot, TransitionPlan, TransitionSource } from '../domain/status';

export interface StagedTransition {
  ref: DocumentReference;
  events: { ref: DocumentReference; event: CheckoutEvent }[];
  shard: { ref: DocumentReference; increments: Record<string, unknown> };
  update: Record<string, unknown>;
  hops: Hop[];
  /** The checkout as it is once the writes land. */
  after: StoredCheckout;
}

export function stageTransition(
  current: StoredCheckout,
  plan: Extract<TransitionPlan, { kind: 'apply' }>,
  source: TransitionSource,
  at: Timestamp,
): StagedTransition {
  const ref = checkoutRef(current.id);
  const totalRefunded = formatMinor(plan.next.totalRefundedMinor, current.data.currency);
  let version = current.data.version;
  const events = plan.hops.map((hop) => {
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
    return { ref: ref.collection(EVENTS).doc(eventId(version)), event };
  });
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
  // The day's report moves with the checkout, in the same write. Refunds are not aggregated here: the report
  // reads them from their records, on the day each was made.
  const zone = reportTimeZone();
  const counted = countedOf(current.data);
  const shard = { ref: shardRef(current.id, counted, zone), increments: shardIncrements(counted, current.data.status, updates.status, zone) };
  const update = { ...updates, gatewayStatus: FieldValue.delete(), nextCheckAt: next === null ? FieldValue.delete() : Timestamp.fromMillis(next) };
  const { gatewayStatus: _dropped, ...rest } = current.data;
  const after = { id: current.id, data: { ...rest, ...updates, nextCheckAt: next === null ? undefined : Timestamp.fromMillis(next) } };
  return { ref, events, shard, update, hops: plan.hops, after };
}

/** A checkout's status and refunded total, as the state machine reads them. */
export function snapshotOf(checkout: StoredCheckout): StatusSnapshot {
  return { status: checkout.data.status, totalRefundedMinor: checkout.data.totalRefundedMinor };
}
