/**
 * Figure 5: reconciliation of 1k, 5k and 20k open checkouts, calling the service directly (the Admin SDK on
 * the Firestore emulator, the gateway client on the simulator), with the simulator answering every request
 * after `BENCH_GATEWAY_LATENCY_MS` (default 250 ms, a far gateway). Each size starts from an empty database
 * with a realistic mix: 10% paid at the gateway with the webhook lost, 5% past their expiry, the rest still
 * open. A second run straight after shows that checked checkouts are not revisited (nothing is due).
 */
import { Timestamp } from 'firebase-admin/firestore';
import { reconcileCheckouts, type ReconcileSummary } from '../functions/src/checkouts/reconcile';
import { PointCheckoutClient } from '../functions/src/pointcheckout/client';
import { PROJECT_ID, SIMULATOR_URL, sim } from '../test/emulators/harness';
import { clearFirestore, seedCheckouts, simStats } from './seed';
import { linearFit, pool, round } from './stats';

export interface ReconcileRun {
  checkouts: number;
  /** Checkouts a second run, started right after, found due (0: the first run moved every next check forward). */
  secondRunScanned: number;
  seconds: number;
  msPerCheckout: number;
  gatewayCalls: number;
  summary: ReconcileSummary;
  seedSeconds: number;
}

export interface ReconcileFigures {
  runs: ReconcileRun[];
  r2: number;
  msPerCheckoutFit: number;
  intervalSeconds: number;
  gatewayLatencyMs: number;
  concurrency: number;
}

const CONCURRENCY = 32;

/**
 * Runs without the per-checkout INFO/DEBUG lines on stdout (thousands of them would measure the terminal;
 * deployed, they go to Cloud Logging without blocking). Warnings, on stderr, still show.
 */
async function quietly<T>(task: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await task();
  } finally {
    process.stdout.write = write;
  }
}

function gatewayCalls(before: Record<string, number>, after: Record<string, number>): number {
  return ['gets', 'cancels', 'searches', 'creates', 'refunds'].reduce((sum, key) => sum + ((after[key] ?? 0) - (before[key] ?? 0)), 0);
}

async function runOnce(size: number, gateway: PointCheckoutClient, createdBy: string, latencyMs: number): Promise<ReconcileRun> {
  await clearFirestore(PROJECT_ID);
  const seedStart = performance.now();
  const old = Timestamp.fromMillis(Date.now() - 3_600_000);
  const past = Timestamp.fromMillis(Date.now() - 60_000);
  const expiredEvery = 20; // 5%
  const paidEvery = 10; // 10%
  const seeded = await seedCheckouts(size, {
    prefix: `rc-${size}-${Date.now().toString(36)}`,
    createdBy,
    updatedAt: old,
    // Past our expiry while the gateway still calls it PENDING: reconciliation cancels and expires it.
    expiresAt: (i) => (i % expiredEvery === 1 ? past : Timestamp.fromMillis(Date.now() + 86_400_000)),
  });
  await pool(seeded.filter((_, i) => i % paidEvery === 0), 16, (c) => sim.move(c.gatewayId, 'pay', { webhook: false }));
  const seedSeconds = (performance.now() - seedStart) / 1000;

  await sim.config({ latencyMs });
  const before = await simStats();
  const t0 = performance.now();
  const summary = await quietly(() => reconcileCheckouts(() => gateway, { concurrency: CONCURRENCY }));
  const seconds = (performance.now() - t0) / 1000;
  const after = await simStats();
  const second = await quietly(() => reconcileCheckouts(() => gateway, { concurrency: CONCURRENCY }));
  // Not exact: cancelling an expired checkout at the gateway makes it send a webhook, which may land first.
  if (summary.scanned !== size || summary.failed !== 0 || summary.changed < size / paidEvery) {
    throw new Error(`reconcile ${size}: unexpected summary ${JSON.stringify(summary)}`);
  }
  return {
    checkouts: size,
    secondRunScanned: second.scanned,
    seconds: round(seconds, 2),
    msPerCheckout: round((seconds * 1000) / size, 3),
    gatewayCalls: gatewayCalls(before, after),
    summary,
    seedSeconds: round(seedSeconds, 1),
  };
}

export async function benchReconcile(sizes: number[], createdBy: string, gatewayLatencyMs: number): Promise<ReconcileFigures> {
  const gateway = new PointCheckoutClient({
    baseUrl: `${SIMULATOR_URL}/mer/v2.0/`,
    apiKey: process.env.POINTCHECKOUT_API_KEY ?? '',
    apiSecret: process.env.POINTCHECKOUT_API_SECRET ?? '',
    timeoutMs: 10_000,
    headerFamily: 'pointcheckout',
  });
  const runs: ReconcileRun[] = [];
  try {
    for (const size of sizes) {
      // Seeding talks to the simulator too: the latency applies to the reconciliation only.
      await sim.config({ latencyMs: 0 });
      const result = await runOnce(size, gateway, createdBy, gatewayLatencyMs);
      console.error(`[bench] reconcile ${size} (gateway ${gatewayLatencyMs} ms): ${result.seconds} s, ${result.gatewayCalls} gateway calls (seeded in ${result.seedSeconds} s)`);
      runs.push(result);
    }
  } finally {
    await sim.config({ latencyMs: 0 });
  }
  const fit = linearFit(runs.map((r) => ({ x: r.checkouts, y: r.seconds * 1000 })));
  return { runs, r2: round(fit.r2, 4), msPerCheckoutFit: round(fit.slope, 3), intervalSeconds: 300, gatewayLatencyMs, concurrency: CONCURRENCY };
}
