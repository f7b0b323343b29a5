/**
 * `npm run bench`: measures the stack against a peer floor and the platform's bare floor, in the same run, at
 * each simulated gateway latency (default 0 and 200 ms), in interleaved rounds, and prints the ratios with their
 * spread; the full results go to bench-results/ (git-ignored). Runs inside `scripts/stack.mjs exec` with
 * firebase.bench.json, which adds the bench-only codebase (bench/functions) to the emulators.
 * BENCH_SCALE=quick runs every figure with small sizes (a smoke test of the bench itself).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { closeSessions, session, sim } from '../test/emulators/harness';
import { benchCreate } from './callable';
import { benchColdStart } from './coldstart';
import { benchFirstRequest, seedFirstRequest } from './firstRequest';
import { benchReconcile } from './reconcile';
import { benchReport } from './report';
import { missingGoals, ratioOf, type Ratio } from './rounds';
import { median, round } from './stats';
import { printInfo, printRatios, type InfoRow } from './table';
import { benchWebhook } from './webhook';

const ROOT = resolve(__dirname, '..');
const quick = process.env.BENCH_SCALE === 'quick';
const LATENCIES = (process.env.BENCH_GATEWAY_LATENCIES ?? '0,200').split(',').map((v) => Number(v.trim()));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// Per round, per latency. Full size: 180 webhook events and 105 creates per latency for each side's p50.
const SIZES = quick
  ? { events: 8, throughputEvents: 32, calls: 5, coldRounds: ROUNDS, moduleLoadRuns: 3, reconcile: [200, 600], reportDay: 2_000 }
  : { events: 60, throughputEvents: 160, calls: 35, coldRounds: Math.max(ROUNDS, 5), moduleLoadRuns: 11, reconcile: [500, 1000, 2000], reportDay: 50_000 };
const CONCURRENCY = 16;

function machine() {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model;
  } catch {
    // not Linux: os.cpus() is enough
  }
  return { cpus: cpus().length, model, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version, platform: process.platform };
}

/** Every ratio at one gateway latency: webhook, create and the first-request cold start, in rounds. */
async function atLatency(latencyMs: number, manager: Awaited<ReturnType<typeof session>>, staff: Awaited<ReturnType<typeof session>>, log: (what: string) => void) {
  log(`gateway ${latencyMs} ms: first-request cold start (${SIZES.coldRounds} rounds)`);
  await sim.config({ latencyMs: 0 });
  const seeded = await seedFirstRequest(SIZES.coldRounds, manager.uid ?? '');
  await sim.config({ latencyMs });
  const cold = await benchFirstRequest(seeded);
  await sim.config({ latencyMs: 0 });
  log(`gateway ${latencyMs} ms: webhook latency and throughput (${ROUNDS} rounds)`);
  const webhook = await benchWebhook(manager.db, manager.uid ?? '', { events: SIZES.events, throughputEvents: SIZES.throughputEvents, concurrency: CONCURRENCY, rounds: ROUNDS, gatewayLatencyMs: latencyMs });
  log(`gateway ${latencyMs} ms: createQrCheckout (${ROUNDS} rounds)`);
  const create = await benchCreate(staff, SIZES.calls, ROUNDS, latencyMs);
  const ratios: Ratio[] = [
    ratioOf('webhookP50', latencyMs, webhook.map((r) => ({ ours: r.p50, peer: r.peerP50, bare: r.floorP50 })), `${SIZES.events} events a round`),
    ratioOf('webhookP95', latencyMs, webhook.map((r) => ({ ours: r.p95, peer: r.peerP95, bare: r.floorP95 }))),
    ratioOf('webhookThroughput', latencyMs, webhook.map((r) => ({ ours: r.perSecond, peer: r.peerPerSecond, bare: r.floorPerSecond })), `${SIZES.throughputEvents} events a round, concurrency ${CONCURRENCY}`),
    ratioOf('createP50', latencyMs, create.map((r) => ({ ours: r.p50, peer: r.peerP50, bare: r.floorP50 })), `${SIZES.calls} calls a round`),
    ratioOf('createP95', latencyMs, create.map((r) => ({ ours: r.p95, peer: r.peerP95, bare: r.floorP95 }))),
    ratioOf('coldStart', latencyMs, cold.map((r) => ({ ours: r.oursMs, peer: r.peerMs, bare: r.bareMs })), 'webhook, spawn → first answer'),
  ];
  // The peer must pay the same gateway latency as ours, or the comparison means nothing.
  for (const key of ['webhookP50', 'createP50'] as const) {
    const peer = ratios.find((r) => r.key === key)?.peer ?? 0;
    if (peer < latencyMs) throw new Error(`${key}: the peer's ${peer} ms is under the ${latencyMs} ms gateway latency it should pay`);
  }
  const simP50 = round(median(create.map((r) => r.simulatorP50)));
  const info: InfoRow[] = [
    { figure: `gateway ${latencyMs} ms: create p50 minus the simulator's POST p50 (ours / peer)`, value: `${round(median(create.map((r) => r.p50)) - simP50)} / ${round(median(create.map((r) => r.peerP50)) - simP50)} ms`, goal: 'info', pass: null },
    { figure: `gateway ${latencyMs} ms: simulator POST /checkout/qr p50 / p95`, value: `${simP50} / ${round(median(create.map((r) => r.simulatorP95)))} ms`, goal: 'info', pass: null },
    { figure: `gateway ${latencyMs} ms: cold start to listening, ours / peer / bare (median)`, value: `${round(median(cold.map((r) => r.oursLoadMs)))} / ${round(median(cold.map((r) => r.peerLoadMs)))} / ${round(median(cold.map((r) => r.bareLoadMs)))} ms`, goal: 'info', pass: null },
  ];
  return { ratios, info, raw: { latencyMs, webhook, create, firstRequest: cold } };
}

async function main(): Promise<void> {
  const started = Date.now();
  const log = (what: string) => console.error(`[bench] ${((Date.now() - started) / 1000).toFixed(0)} s: ${what}`);
  if (!Number.isInteger(ROUNDS) || ROUNDS < 3) throw new Error(`BENCH_ROUNDS must be an integer ≥ 3, got ${process.env.BENCH_ROUNDS}`);
  if (LATENCIES.some((l) => !Number.isInteger(l) || l < 0)) throw new Error(`gateway latencies must be integers ≥ 0 (ms), got ${process.env.BENCH_GATEWAY_LATENCIES}`);
  log(`machine ${JSON.stringify(machine())}${quick ? ' (quick scale)' : ''}; gateway latencies ${LATENCIES.join(', ')} ms; ${ROUNDS} rounds`);

  log('cold start: module load');
  const cold = benchColdStart(SIZES.moduleLoadRuns);
  const manager = await session('manager');
  const staff = await session('staff');
  const ratios: Ratio[] = [];
  const info: InfoRow[] = [];
  const byLatency = [];
  for (const latencyMs of LATENCIES) {
    const at = await atLatency(latencyMs, manager, staff, log);
    ratios.push(...at.ratios);
    info.push(...at.info);
    byLatency.push(at.raw);
  }
  const missing = missingGoals(ratios, LATENCIES);
  if (missing.length > 0) throw new Error(`bench: no figure for ${missing.join(', ')}`);
  // The ratios first, printed and saved, so a failure later (reconciliation, the day) does not lose them.
  printRatios(ratios);
  const dir = resolve(ROOT, 'bench-results');
  const base = { at: new Date().toISOString(), machine: machine(), scale: quick ? 'quick' : 'full', gatewayLatenciesMs: LATENCIES, rounds: ROUNDS, sizes: SIZES };
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'latest.json'), JSON.stringify({ ...base, partial: 'ratios only: reconciliation and the day were not measured yet', ratios, info, byLatency }, null, 2) + '\n');
  log('reconciliation through the task queue');
  const latency = Number(process.env.BENCH_GATEWAY_LATENCY_MS ?? 250);
  const rateLimit = Number(process.env.BENCH_GATEWAY_RATE_LIMIT ?? 50);
  const reconcile = await benchReconcile(SIZES.reconcile, manager, latency, rateLimit);
  log(`end of day: a day of ${SIZES.reportDay} checkouts`);
  const report = await benchReport(SIZES.reportDay, manager, log);
  await closeSessions();

  const biggest = reconcile.runs[reconcile.runs.length - 1];
  const smallest = reconcile.runs[0];
  const perCheckoutGrowth = biggest && smallest ? biggest.seconds / biggest.checkouts / (smallest.seconds / smallest.checkouts) : Number.NaN;
  const moduleLoad = round(cold.entryMs / cold.floorMs, 2);
  info.push(
    { figure: `cold start: load the entry only, vs the SDK alone (median of ${cold.runs} processes)`, value: `${cold.entryMs} / ${cold.floorMs} ms = ${moduleLoad}×`, goal: '≤ 1.2×', pass: moduleLoad <= 1.2 },
    ...reconcile.runs.map((r) => ({
      figure: `reconcile ${r.checkouts} due (gateway ${reconcile.gatewayLatencyMs} ms, limit ${reconcile.gatewayRateLimit}/s; ${r.shards} shards, ${reconcile.shardsAtOnce} at once)`,
      value: `${r.seconds} s, ${r.checksPerSecond} checks/s, ${r.gatewayCallsPerSecond} calls/s, ${r.answered429} × 429, ${r.summary.failed} failed; next run ${r.secondRunScanned} due`,
      goal: `≤ ${reconcile.gatewayRateLimit} calls/s, 429s ≤ 1%`,
      pass: r.gatewayCallsPerSecond <= reconcile.gatewayRateLimit && r.answered429 <= r.gatewayCalls * 0.01 && r.secondRunScanned <= r.summary.failed,
    })),
    { figure: 'reconcile grows linearly (R², s/checkout biggest vs smallest)', value: `R² ${reconcile.r2}, ${round(perCheckoutGrowth, 2)}×`, goal: 'R² ≥ 0.99, ≤ 1.5×', pass: reconcile.r2 >= 0.99 && perCheckoutGrowth <= 1.5 },
    {
      figure: 'checks per 5-minute interval per account (ceiling)',
      value: `${reconcile.ceilingPerInterval} at the ${reconcile.reconcileRate}/s budget (${reconcile.ceilingAtAccountRate} at the full ${reconcile.gatewayRateLimit}/s)`,
      goal: 'info',
      pass: null,
    },
    { figure: '100,000 due checkouts at the measured rate', value: `${reconcile.secondsFor100k} s`, goal: `< ${reconcile.intervalSeconds} s`, pass: reconcile.secondsFor100k < reconcile.intervalSeconds },
    {
      figure: 'open checkouts the ceiling sustains (nextCheckAt backoff)',
      value: `${reconcile.sustainedOpenCheckouts.ageOver2h} older than 2 h (checked hourly), ${reconcile.sustainedOpenCheckouts.age1h} at 1 h old`,
      goal: 'info',
      pass: null,
    },
    { figure: `dailyReport of a ${report.checkouts}-checkout day (p50 / max of ${report.reportCalls})`, value: `${report.reportP50Ms} / ${report.reportMaxMs} ms`, goal: '≤ 3000 ms', pass: report.reportP50Ms <= 3000 },
    { figure: 'exportCheckouts CSV of that day (streamed)', value: `${report.csvRows} rows, ${report.csvMiB} MiB in ${report.csvSeconds} s (${report.csvRowsPerSecond} rows/s)`, goal: 'info', pass: null },
  );
  console.log('');
  printInfo(info);

  const results = {
    ...base,
    // Every figure against the peer (the goals) and the bare floor, with the gateway latency it was measured at.
    ratios,
    info,
    byLatency,
    moduleLoad: cold,
    reconcile,
    report,
    seconds: round((Date.now() - started) / 1000),
  };
  const file = resolve(dir, `bench-${results.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  writeFileSync(resolve(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  log(`done in ${results.seconds} s; results in ${file}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
