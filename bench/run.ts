/**
 * `npm run bench`: measures the stack against a peer floor and the platform's bare floor, in the same run, and
 * prints a table; the full results go to bench-results/ (git-ignored). Runs inside `scripts/stack.mjs exec` with
 * firebase.bench.json, which adds the bench-only codebase (bench/functions) to the emulators.
 * BENCH_SCALE=quick runs every figure with small sizes (a smoke test of the bench itself).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { closeSessions, session } from '../test/emulators/harness';
import { benchCreate } from './callable';
import { benchColdStart } from './coldstart';
import { benchReconcile } from './reconcile';
import { benchReport } from './report';
import { round } from './stats';
import { benchWebhook } from './webhook';

const ROOT = resolve(__dirname, '..');
const quick = process.env.BENCH_SCALE === 'quick';
const SIZES = quick
  ? { events: 20, throughputEvents: 64, calls: 10, coldRuns: 3, reconcile: [200, 600], reportDay: 2_000 }
  : { events: 200, throughputEvents: 320, calls: 100, coldRuns: 11, reconcile: [500, 1000, 2000], reportDay: 50_000 };

interface Row {
  figure: string;
  value: string;
  /** The peer floor (what a typical Firebase payment integration does) and ours against it; the goal is on this. */
  peer: string;
  peerRatio: number | null;
  goal: string;
  /** The bare floor (one write): the physical limit of the platform, and ours against it. */
  floor: string;
  floorRatio: number | null;
  pass: boolean;
}

function machine() {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model;
  } catch {
    // not Linux: os.cpus() is enough
  }
  return { cpus: cpus().length, model, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version, platform: process.platform };
}

/**
 * A figure against both floors. Ratios read "times worse than": value/floor for times, floor/value for rates
 * (so a throughput at 1/1.2 of the peer's is a ratio of 1.2).
 */
function ratioRow(figure: string, value: number, peer: number, floor: number, unit: string, goal: number, higherIsBetter = false): Row {
  const ratio = (base: number) => round(higherIsBetter ? base / value : value / base, 2);
  const peerRatio = ratio(peer);
  return {
    figure,
    value: `${value} ${unit}`,
    peer: `${peer} ${unit}`,
    peerRatio,
    goal: `≤ ${goal}× peer`,
    floor: `${floor} ${unit}`,
    floorRatio: ratio(floor),
    pass: peerRatio <= goal,
  };
}

function infoRow(figure: string, value: string, goal = 'info', pass = true): Row {
  return { figure, value, peer: '', peerRatio: null, goal, floor: '', floorRatio: null, pass };
}

function printTable(rows: Row[]): void {
  const header = ['figure', 'value', 'peer floor', 'vs peer', 'goal', 'bare floor', 'vs bare', 'result'];
  const times = (r: number | null) => (r === null ? '' : `${r}×`);
  const cells = rows.map((r) => [r.figure, r.value, r.peer, times(r.peerRatio), r.goal, r.floor, times(r.floorRatio), r.pass ? 'pass' : 'MISS']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

async function main(): Promise<void> {
  const started = Date.now();
  const log = (what: string) => console.error(`[bench] ${((Date.now() - started) / 1000).toFixed(0)} s: ${what}`);
  log(`machine ${JSON.stringify(machine())}${quick ? ' (quick scale)' : ''}`);

  log('cold start');
  const cold = benchColdStart(SIZES.coldRuns);
  const manager = await session('manager');
  const staff = await session('staff');
  log('webhook latency and throughput');
  const webhook = await benchWebhook(manager.db, manager.uid ?? '', { events: SIZES.events, throughputEvents: SIZES.throughputEvents, concurrency: 16 });
  log('createQrCheckout');
  const create = await benchCreate(staff, SIZES.calls);
  log('reconciliation through the task queue');
  const latency = Number(process.env.BENCH_GATEWAY_LATENCY_MS ?? 250);
  const rateLimit = Number(process.env.BENCH_GATEWAY_RATE_LIMIT ?? 50);
  const reconcile = await benchReconcile(SIZES.reconcile, manager, latency, rateLimit);
  log(`end of day: a day of ${SIZES.reportDay} checkouts`);
  const report = await benchReport(SIZES.reportDay, manager, log);
  await closeSessions();

  const createExSim = round(create.p50 - create.simulatorP50);
  const peerExSim = round(create.peerP50 - create.simulatorP50);
  const biggest = reconcile.runs[reconcile.runs.length - 1];
  const smallest = reconcile.runs[0];
  const perCheckoutGrowth = biggest && smallest ? biggest.seconds / biggest.checkouts / (smallest.seconds / smallest.checkouts) : Number.NaN;
  const rows: Row[] = [
    ratioRow(`webhook → listener p50 (${webhook.latency.events} events)`, webhook.latency.p50, webhook.latency.peerP50, webhook.latency.floorP50, 'ms', 1.2),
    ratioRow('webhook → listener p95', webhook.latency.p95, webhook.latency.peerP95, webhook.latency.floorP95, 'ms', 1.2),
    ratioRow(`webhook throughput (concurrency ${webhook.throughput.concurrency})`, webhook.throughput.perSecond, webhook.throughput.peerPerSecond, webhook.throughput.floorPerSecond, '/s', 1.2, true),
    ratioRow(`createQrCheckout p50 (${create.calls} calls)`, create.p50, create.peerP50, create.floorP50, 'ms', 1.3),
    ratioRow('createQrCheckout p95', create.p95, create.peerP95, create.floorP95, 'ms', 1.3),
    infoRow('create p50 minus the simulator\'s POST p50 (ours / peer)', `${createExSim} / ${peerExSim} ms`),
    infoRow('simulator POST /checkout/qr p50 / p95', `${create.simulatorP50} / ${create.simulatorP95} ms`),
    {
      ...ratioRow(`cold start: load the entry (median of ${cold.runs})`, cold.entryMs, cold.floorMs, cold.floorMs, 'ms', 1.2),
      peer: '',
      peerRatio: null,
      goal: '≤ 1.2× bare',
      pass: cold.entryMs / cold.floorMs <= 1.2,
    },
    ...reconcile.runs.map((r) =>
      infoRow(
        `reconcile ${r.checkouts} due (gateway ${reconcile.gatewayLatencyMs} ms, limit ${reconcile.gatewayRateLimit}/s; ${r.shards} shards, ${reconcile.shardsAtOnce} at once)`,
        `${r.seconds} s, ${r.checksPerSecond} checks/s, ${r.gatewayCallsPerSecond} calls/s, ${r.answered429} × 429, ${r.summary.failed} failed; next run ${r.secondRunScanned} due`,
        `≤ ${reconcile.gatewayRateLimit} calls/s, 429s ≤ 1%`,
        r.gatewayCallsPerSecond <= reconcile.gatewayRateLimit && r.answered429 <= r.gatewayCalls * 0.01 && r.secondRunScanned <= r.summary.failed,
      ),
    ),
    infoRow('reconcile grows linearly (R², s/checkout biggest vs smallest)', `R² ${reconcile.r2}, ${round(perCheckoutGrowth, 2)}×`, 'R² ≥ 0.99, ≤ 1.5×', reconcile.r2 >= 0.99 && perCheckoutGrowth <= 1.5),
    infoRow(
      'checks per 5-minute interval per account (ceiling)',
      `${reconcile.ceilingPerInterval} at the ${reconcile.reconcileRate}/s budget (${reconcile.ceilingAtAccountRate} at the full ${reconcile.gatewayRateLimit}/s)`,
    ),
    infoRow('100,000 due checkouts at the measured rate', `${reconcile.secondsFor100k} s`, `< ${reconcile.intervalSeconds} s`, reconcile.secondsFor100k < reconcile.intervalSeconds),
    infoRow(
      'open checkouts the ceiling sustains (nextCheckAt backoff)',
      `${reconcile.sustainedOpenCheckouts.ageOver2h} older than 2 h (checked hourly), ${reconcile.sustainedOpenCheckouts.age1h} at 1 h old`,
    ),
    infoRow(
      `dailyReport of a ${report.checkouts}-checkout day (p50 / max of ${report.reportCalls})`,
      `${report.reportP50Ms} / ${report.reportMaxMs} ms`,
      '≤ 3000 ms',
      report.reportP50Ms <= 3000,
    ),
    infoRow(
      `exportCheckouts CSV of that day (streamed)`,
      `${report.csvRows} rows, ${report.csvMiB} MiB in ${report.csvSeconds} s (${report.csvRowsPerSecond} rows/s)`,
    ),
  ];
  printTable(rows);

  // Every ratio in one place: ours against the peer floor (the goals) and against the bare floor (the limit).
  const ratios = Object.fromEntries(
    rows.filter((r) => r.peerRatio !== null || r.floorRatio !== null).map((r) => [r.figure, { vsPeer: r.peerRatio, vsBare: r.floorRatio, goal: r.goal, pass: r.pass }]),
  );
  const results = { at: new Date().toISOString(), machine: machine(), scale: quick ? 'quick' : 'full', ratios, webhook, create, cold, reconcile, report, rows, seconds: round((Date.now() - started) / 1000) };
  const dir = resolve(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `bench-${results.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  writeFileSync(resolve(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  log(`done; results in ${file}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
