/**
 * The fan-out of a reconciliation run (scheduled every 5 minutes, or reconcileNow): resolve abandoned creates,
 * take the due checkouts (`nextCheckAt` ≤ now, oldest first, ids only) up to what the shards can check in the
 * run's budget at the gateway rate, split them into shards and enqueue one task per shard. The shards run in a
 * Cloud Tasks queue that runs at most `shardsAtOnce` of them at once, each paced to `gatewayRate / shardsAtOnce`
 * requests per second, so PointCheckout never sees more than `gatewayRate` from reconciliation in all.
 */
import { randomBytes } from 'node:crypto';
import { getFirestore, Timestamp, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { z } from 'zod';
import type { GatewayFor } from '../pointcheckout/fromParams';
import { forEachLimit } from '../util/pool';
import { sweepAbandonedCreates } from '../creation/abandonedSweep';
import { emptySummary } from './reconcile';
import { createRun } from './reconcileRuns';
import { CHECKOUTS } from '../store/repository';

/** A shard holds at most this many checkouts: at 10 requests/s that is about 10 s of work, far inside a task's deadline. */
export const MAX_SHARD_SIZE = 100;
/** …and at least this many (unless fewer are due): a few seconds of work is not worth starting another instance for. */
export const MIN_SHARD_SIZE = 25;
const PAGE_SIZE = 1000;

/** The task a shard receives (validated at the queue function: a task body is input like any other). */
export const shardTaskSchema = z.strictObject({
  runId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
  index: z.int().nonnegative(),
  ids: z.array(z.string().min(1).max(1500)).min(1).max(MAX_SHARD_SIZE),
});
export type ShardTask = z.infer<typeof shardTaskSchema>;

export interface DispatchOptions {
  trigger: 'schedule' | 'manual';
  /** Requests per second reconciliation may send in all, and shards the queue runs at once. */
  gatewayRate: number;
  shardsAtOnce: number;
  /** The run should be done within this long: it takes no more checkouts than `gatewayRate × budgetSeconds`. */
  budgetSeconds: number;
  /** Due checkouts read per query page (default 1000). */
  pageSize?: number;
  /** Adds one task to the shard queue; `id` makes a repeated enqueue of the same shard a no-op. */
  enqueue: (task: ShardTask, id: string) => Promise<void>;
}

export interface Dispatched {
  runId: string;
  due: number;
  shards: number;
  capped: boolean;
}

/**
 * Splits ids into shards of at most MAX_SHARD_SIZE (and at least MIN_SHARD_SIZE when that many are due), in
 * whole waves: a multiple of the slots the queue runs at once, so that no last shard runs alone at its share of
 * the pace while the other slots idle (500 due over 4 slots: 8 shards of 63, not 5 of 100). Pure.
 */
export function planShards(ids: readonly string[], shardsAtOnce: number): string[][] {
  if (ids.length === 0) return [];
  const slots = Math.max(1, shardsAtOnce);
  const waves = Math.ceil(ids.length / (slots * MAX_SHARD_SIZE));
  const count = Math.max(1, Math.min(slots * waves, Math.floor(ids.length / MIN_SHARD_SIZE)));
  const size = Math.ceil(ids.length / count);
  const shards: string[][] = [];
  for (let start = 0; start < ids.length; start += size) shards.push(ids.slice(start, start + size));
  return shards;
}

/** Ids of the due checkouts, oldest first, at most `limit` (plus whether more were due). */
async function dueIds(nowMs: number, limit: number, pageSize: number): Promise<{ ids: string[]; capped: boolean }> {
  const base = getFirestore()
    .collection(CHECKOUTS)
    .where('nextCheckAt', '<=', Timestamp.fromMillis(nowMs))
    .orderBy('nextCheckAt')
    // Only the ordering field: startAfter(the last snapshot) needs it (an empty projection fails on the 2nd page).
    .select('nextCheckAt');
  const ids: string[] = [];
  let last: QueryDocumentSnapshot | undefined;
  for (;;) {
    const want = Math.min(pageSize, limit + 1 - ids.length);
    const page = await (last ? base.startAfter(last) : base).limit(want).get();
    for (const doc of page.docs) ids.push(doc.id);
    if (page.size < want || ids.length > limit) break;
    last = page.docs[page.docs.length - 1];
  }
  return { ids: ids.slice(0, limit), capped: ids.length > limit };
}

export async function dispatchReconcile(gatewayFor: GatewayFor, options: DispatchOptions): Promise<Dispatched> {
  const nowMs = Date.now();
  const runId = `${options.trigger}-${nowMs}-${randomBytes(4).toString('hex')}`;
  const before = emptySummary();
  await sweepAbandonedCreates(gatewayFor, nowMs, before);
  const limit = Math.max(1, Math.floor(options.gatewayRate * options.budgetSeconds));
  const { ids, capped } = await dueIds(nowMs, limit, options.pageSize ?? PAGE_SIZE);
  const shards = planShards(ids, options.shardsAtOnce);
  await createRun(runId, { trigger: options.trigger, due: ids.length, shards: shards.length, capped, before });
  await forEachLimit(
    shards.map((shardIds, index) => ({ runId, index, ids: shardIds })),
    8,
    (task) => options.enqueue(task, `${runId}-${task.index}`),
  );
  logger.info('reconcile: run dispatched', { runId, due: ids.length, shards: shards.length, capped, adopted: before.adopted, dropped: before.dropped });
  return { runId, due: ids.length, shards: shards.length, capped };
}
