/**
 * `reconcileRuns/{runId}` (server only): one document per reconciliation run, summing what its shards report.
 * Each shard reports once (a marker `shards/{index}` in the same transaction), so a task Cloud Tasks delivers
 * twice is counted once. reconcileNow waits on this document; the last shard logs the run's summary.
 */
import { FieldValue, getFirestore, Timestamp, type DocumentData } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { COUNTERS, emptySummary, type ReconcileSummary } from './reconcile';

export const RUNS = 'reconcileRuns';
/** Run documents carry `expireAt`; a Firestore TTL policy on it (firestore.indexes.json) deletes old runs. */
const KEEP_RUNS_MS = 30 * 24 * 3_600_000;

export interface RunPlan {
  trigger: 'schedule' | 'manual';
  /** Checkouts handed to shards. */
  due: number;
  shards: number;
  /** More checkouts were due than the run could check in its budget: they wait for the next run. */
  capped: boolean;
  /** What the run did before it fanned out (abandoned creates). */
  before: ReconcileSummary;
}

export interface RunState {
  summary: ReconcileSummary;
  shards: number;
  shardsDone: number;
}

const runRef = (runId: string) => getFirestore().collection(RUNS).doc(runId);

export async function createRun(runId: string, plan: RunPlan): Promise<void> {
  const now = Date.now();
  const counters = Object.fromEntries(COUNTERS.map((key) => [key, plan.before[key]]));
  await runRef(runId).create({
    trigger: plan.trigger,
    startedAt: Timestamp.fromMillis(now),
    expireAt: Timestamp.fromMillis(now + KEEP_RUNS_MS),
    due: plan.due,
    shards: plan.shards,
    shardsDone: 0,
    incompleteShards: 0,
    capped: plan.capped,
    ...counters,
  });
}

function stateOf(data: DocumentData | undefined): RunState {
  const summary = emptySummary();
  for (const key of COUNTERS) summary[key] = Number(data?.[key] ?? 0);
  const shards = Number(data?.shards ?? 0);
  const shardsDone = Number(data?.shardsDone ?? 0);
  summary.complete = shardsDone >= shards && Number(data?.incompleteShards ?? 0) === 0 && data?.capped !== true;
  return { summary, shards, shardsDone };
}

/** Adds one shard's counts to its run, once. */
export async function reportShard(runId: string, index: number, shard: ReconcileSummary): Promise<void> {
  const ref = runRef(runId);
  const marker = ref.collection('shards').doc(String(index));
  const finished = await getFirestore().runTransaction(async (tx) => {
    const [run, seen] = await Promise.all([tx.get(ref), tx.get(marker)]);
    if (!run.exists || seen.exists) return undefined;
    tx.create(marker, { at: FieldValue.serverTimestamp(), ...shard });
    const update: Record<string, unknown> = { shardsDone: FieldValue.increment(1) };
    for (const key of COUNTERS) if (shard[key] !== 0) update[key] = FieldValue.increment(shard[key]);
    if (!shard.complete) update.incompleteShards = FieldValue.increment(1);
    const last = Number(run.get('shardsDone') ?? 0) + 1 >= Number(run.get('shards') ?? 0);
    if (last) update.finishedAt = FieldValue.serverTimestamp();
    tx.update(ref, update);
    return last;
  });
  if (finished) {
    const { summary } = stateOf((await ref.get()).data());
    logger.info('reconcile: run finished', { runId, ...summary });
  }
}

/** Resolves with the run's summary once every shard reported, or with what is known at `deadlineMs`. */
export function waitForRun(runId: string, deadlineMs: number): Promise<RunState> {
  return new Promise((resolve, reject) => {
    let last: RunState = { summary: { ...emptySummary(), complete: false }, shards: 0, shardsDone: 0 };
    const finish = (state: RunState) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
    };
    const timer = setTimeout(() => finish({ ...last, summary: { ...last.summary, complete: false } }), Math.max(0, deadlineMs - Date.now()));
    const unsubscribe = runRef(runId).onSnapshot(
      (snap) => {
        last = stateOf(snap.data());
        if (snap.exists && last.shardsDone >= last.shards) finish(last);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
