/**
 * Drains the outbox: every event whose marker is due (a failed or crashed attempt, or a trigger that never
 * ran) gets another attempt. Run by reconciliation (every 5 minutes, and reconcileNow).
 */
import { getFirestore, Timestamp } from 'firebase-admin/firestore';
import { forEachLimit } from '../util/pool';
import { CHECKOUTS, EVENTS } from '../store/repository';
import { processEvent } from './process';

export interface DrainSummary {
  /** Events found due. */
  due: number;
  /** Of those, delivered in this run. */
  delivered: number;
  /** Of those, failed again (due at once for the next run). */
  failed: number;
}

export async function drainOutbox(options: { nowMs?: number; limit?: number; concurrency?: number } = {}): Promise<DrainSummary> {
  const due = await getFirestore()
    .collectionGroup(EVENTS)
    .where('outboxDueAt', '<=', Timestamp.fromMillis(options.nowMs ?? Date.now()))
    .orderBy('outboxDueAt')
    .limit(options.limit ?? 500)
    .get();
  // Only checkout events: the merchant's project may have its own `events` collections.
  const docs = due.docs.filter((snap) => snap.ref.parent.parent?.parent.id === CHECKOUTS);
  const summary: DrainSummary = { due: docs.length, delivered: 0, failed: 0 };
  await forEachLimit(docs, options.concurrency ?? 16, async (snap) => {
    const outcome = await processEvent(snap.ref).catch(() => 'failed' as const);
    if (outcome === 'done') summary.delivered += 1;
    if (outcome === 'failed') summary.failed += 1;
  });
  return summary;
}
