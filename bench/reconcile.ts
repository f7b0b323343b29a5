/**
 * Figure 5: reconciliation at scale, through the deployed path: reconcileNow (as a manager) enqueues shards on
 * the `reconcileShard` task queue (Cloud Tasks emulator), the shards check the due checkouts at their share of
 * the gateway budget, and the run document (`reconcileRuns/{runId}`) tells when the last shard is done. The
 * simulator answers every request after `BENCH_GATEWAY_LATENCY_MS` (default 250 ms) and enforces PointCheckout's
 * rate limit of `BENCH_GATEWAY_RATE_LIMIT` (default 50) requests/s per account. Each size starts from an empty
 * database: 10% paid at the gateway with the webhook lost, 5% past their expiry, the rest still open. A second
 * run straight after shows that checked checkouts are not revisited (only failed ones are due again).
 */
import { getFunctions, httpsCallable } from 'firebase/functions';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, PROJECT_ID, sim, type Session } from '../test/emulators/harness';
import { clearFirestore, seedCheckouts, simStats } from './seed';
import { linearFit, pool, round } from './stats';

interface Summary {
  scanned: number;
  changed: number;
  expired: number;
  failed: number;
  rateLimited: number;
  complete: boolean;
  runId: string;
}

export interface ReconcileRun {
  checkouts: number;
  seconds: number;
  checksPerSecond: number;
  gatewayCalls: number;
  gatewayCallsPerSecond: number;
  /** Requests the simulator answered 429 (rate limit) during the run. */
  answered429: number;
  shards: number;
  summary: Summary;
  /** Checkouts the next run found due (only those that failed in the first). */
  secondRunScanned: number;
  seedSeconds: number;
}

export interface ReconcileFigures {
  runs: ReconcileRun[];
  r2: number;
  msPerCheckoutFit: number;
  gatewayLatencyMs: number;
  gatewayRateLimit: number;
  /** RECONCILE_GATEWAY_RATE and RECONCILE_SHARDS_AT_ONCE of the local stack (scripts/stack.mjs). */
  reconcileRate: number;
  shardsAtOnce: number;
  intervalSeconds: number;
  /** Checks one account can have per 5-minute interval: budget rate × 300 s (and at the full account rate). */
  ceilingPerInterval: number;
  ceilingAtAccountRate: number;
  /** 100,000 checkouts at the measured throughput, and the open checkouts the ceiling sustains with the backoff. */
  secondsFor100k: number;
  sustainedOpenCheckouts: { ageOver2h: number; age1h: number };
}

const INTERVAL_SECONDS = 300;
const RECONCILE_RATE = 40;
const SHARDS_AT_ONCE = 4;

function gatewayCalls(before: Record<string, number>, after: Record<string, number>): number {
  return ['gets', 'cancels', 'searches', 'creates', 'refunds'].reduce((sum, key) => sum + ((after[key] ?? 0) - (before[key] ?? 0)), 0);
}

/** Resolves when every shard of the run has reported (a real snapshot, not a poll). */
function runDone(runId: string, timeoutMs: number): Promise<{ shards: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`reconcile run ${runId} not finished within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const unsubscribe = adminDb.doc(`reconcileRuns/${runId}`).onSnapshot((snap) => {
      if (!snap.exists) return;
      const shards = Number(snap.get('shards'));
      if (Number(snap.get('shardsDone')) >= shards) {
        clearTimeout(timer);
        unsubscribe();
        resolve({ shards });
      }
    }, reject);
  });
}

async function runOnce(size: number, manager: Session, latencyMs: number, rateLimit: number): Promise<ReconcileRun> {
  await clearFirestore(PROJECT_ID);
  await sim.config({ latencyMs: 0, rateLimitPerSecond: null });
  const seedStart = performance.now();
  const old = Timestamp.fromMillis(Date.now() - 3_600_000);
  const past = Timestamp.fromMillis(Date.now() - 120_000);
  const seeded = await seedCheckouts(size, {
    prefix: `rc-${size}-${Date.now().toString(36)}`,
    createdBy: manager.uid ?? '',
    updatedAt: old,
    // Past our expiry while the gateway still calls it PENDING: reconciliation cancels and expires it.
    expiresAt: (i) => (i % 20 === 1 ? past : Timestamp.fromMillis(Date.now() + 86_400_000)),
  });
  await pool(seeded.filter((_, i) => i % 10 === 0), 16, (c) => sim.move(c.gatewayId, 'pay', { webhook: false }));
  const seedSeconds = (performance.now() - seedStart) / 1000;

  // reconcileNow waits up to 240 s for its shards; the client waits longer than that.
  const reconcileNow = httpsCallable<unknown, Summary>(getFunctions(manager.app, 'us-central1'), 'reconcileNow', { timeout: 300_000 });
  await sim.config({ latencyMs, rateLimitPerSecond: rateLimit });
  const before = await simStats();
  const t0 = performance.now();
  const summary = (await reconcileNow({})).data;
  const { shards } = await runDone(summary.runId, 1_800_000);
  const seconds = (performance.now() - t0) / 1000;
  const after = await simStats();
  const finished = await adminDb.doc(`reconcileRuns/${summary.runId}`).get();
  const full: Summary = { ...summary, ...Object.fromEntries(['scanned', 'changed', 'expired', 'failed', 'rateLimited'].map((k) => [k, Number(finished.get(k))])) };
  const second = (await reconcileNow({})).data;
  await sim.config({ latencyMs: 0, rateLimitPerSecond: null });
  if (full.scanned !== size || full.changed < size / 10 - full.failed) {
    throw new Error(`reconcile ${size}: unexpected summary ${JSON.stringify(full)}`);
  }
  const calls = gatewayCalls(before, after);
  return {
    checkouts: size,
    seconds: round(seconds, 1),
    checksPerSecond: round(full.scanned / seconds, 1),
    gatewayCalls: calls,
    gatewayCallsPerSecond: round(calls / seconds, 1),
    answered429: (after.rateLimited ?? 0) - (before.rateLimited ?? 0),
    shards,
    summary: full,
    secondRunScanned: second.scanned,
    seedSeconds: round(seedSeconds, 1),
  };
}

export async function benchReconcile(sizes: number[], manager: Session, gatewayLatencyMs: number, gatewayRateLimit: number): Promise<ReconcileFigures> {
  const runs: ReconcileRun[] = [];
  for (const size of sizes) {
    const result = await runOnce(size, manager, gatewayLatencyMs, gatewayRateLimit);
    console.error(
      `[bench] reconcile ${size} (gateway ${gatewayLatencyMs} ms, limit ${gatewayRateLimit}/s): ${result.seconds} s, ` +
        `${result.checksPerSecond} checks/s, ${result.gatewayCalls} calls, ${result.answered429} answered 429, ${result.shards} shards (seeded in ${result.seedSeconds} s)`,
    );
    runs.push(result);
  }
  const fit = linearFit(runs.map((r) => ({ x: r.checkouts, y: r.seconds * 1000 })));
  const biggest = runs[runs.length - 1];
  const throughput = biggest ? biggest.checksPerSecond : Number.NaN;
  const ceiling = RECONCILE_RATE * INTERVAL_SECONDS;
  return {
    runs,
    r2: round(fit.r2, 4),
    msPerCheckoutFit: round(fit.slope, 3),
    gatewayLatencyMs,
    gatewayRateLimit,
    reconcileRate: RECONCILE_RATE,
    shardsAtOnce: SHARDS_AT_ONCE,
    intervalSeconds: INTERVAL_SECONDS,
    ceilingPerInterval: ceiling,
    ceilingAtAccountRate: gatewayRateLimit * INTERVAL_SECONDS,
    secondsFor100k: round(100_000 / throughput, 0),
    // schedule.ts: an open checkout is asked about every half its age, 2 to 60 minutes apart. One checked every
    // 60 min is due in 1 of 12 intervals; one an hour old (every 30 min) in 1 of 6.
    sustainedOpenCheckouts: { ageOver2h: ceiling * 12, age1h: ceiling * 6 },
  };
}
