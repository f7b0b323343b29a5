/**
 * `npm run bench`: measures the stack against the platform's own floor, in the same run, and prints a table;
 * the full results go to bench-results/ (git-ignored). Runs inside `scripts/stack.mjs exec` with
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
import { round } from './stats';
import { benchWebhook } from './webhook';

const ROOT = resolve(__dirname, '..');
const quick = process.env.BENCH_SCALE === 'quick';
const SIZES = quick
  ? { events: 20, throughputEvents: 64, calls: 10, coldRuns: 3, reconcile: [200, 400, 1000] }
  : { events: 200, throughputEvents: 320, calls: 100, coldRuns: 11, reconcile: [1000, 5000, 20000] };

interface Row {
  figure: string;
  value: string;
  floor: string;
  ratio: number | null;
  goal: string;
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

function ratioRow(figure: string, value: number, floor: number, unit: string, goal: number, higherIsBetter = false): Row {
  const ratio = higherIsBetter ? floor / value : value / floor;
  return { figure, value: `${value} ${unit}`, floor: `${floor} ${unit}`, ratio: round(ratio, 2), goal: `≤ ${goal}×`, pass: ratio <= goal };
}

function printTable(rows: Row[]): void {
  const header = ['figure', 'value', 'floor', 'ratio', 'goal', 'result'];
  const cells = rows.map((r) => [r.figure, r.value, r.floor, r.ratio === null ? '' : `${r.ratio}×`, r.goal, r.pass ? 'pass' : 'MISS']);
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
  log('reconciliation');
  const latency = Number(process.env.BENCH_GATEWAY_LATENCY_MS ?? 250);
  const reconcile = await benchReconcile(SIZES.reconcile, manager.uid ?? '', latency);
  await closeSessions();

  const createExSim = round(create.p50 - create.simulatorP50);
  const biggest = reconcile.runs[reconcile.runs.length - 1];
  const smallest = reconcile.runs[0];
  const perCheckoutGrowth = biggest && smallest ? biggest.msPerCheckout / smallest.msPerCheckout : Number.NaN;
  const rows: Row[] = [
    ratioRow(`webhook → listener p50 (${webhook.latency.events} events)`, webhook.latency.p50, webhook.latency.floorP50, 'ms', 1.5),
    ratioRow('webhook → listener p95', webhook.latency.p95, webhook.latency.floorP95, 'ms', 1.5),
    ratioRow(`webhook throughput (concurrency ${webhook.throughput.concurrency})`, webhook.throughput.perSecond, webhook.throughput.floorPerSecond, '/s', 1.5, true),
    ratioRow(`createQrCheckout p50 (${create.calls} calls)`, create.p50, create.floorP50, 'ms', 1.5),
    ratioRow('createQrCheckout p95', create.p95, create.floorP95, 'ms', 1.5),
    {
      figure: 'createQrCheckout p50 minus simulator p50',
      value: `${createExSim} ms`,
      floor: `${create.floorP50} ms`,
      ratio: round(createExSim / create.floorP50, 2),
      goal: 'info',
      pass: true,
    },
    { figure: 'simulator POST /checkout/qr p50 / p95', value: `${create.simulatorP50} / ${create.simulatorP95} ms`, floor: '', ratio: null, goal: 'info', pass: true },
    ratioRow(`cold start: load the entry (median of ${cold.runs})`, cold.entryMs, cold.floorMs, 'ms', 1.2),
    ...reconcile.runs.map((r) => ({
      figure: `reconcile ${r.checkouts} open checkouts (gateway ${reconcile.gatewayLatencyMs} ms, ${reconcile.concurrency} in flight)`,
      value: `${r.seconds} s, ${r.gatewayCalls} calls; next run finds ${r.secondRunScanned} due`,
      floor: `${r.msPerCheckout} ms/checkout`,
      ratio: null,
      goal: `< ${reconcile.intervalSeconds} s, 0 revisited`,
      pass: r.seconds < reconcile.intervalSeconds && r.secondRunScanned === 0,
    })),
    {
      figure: 'reconcile grows linearly (R², ms/checkout 20k vs 1k)',
      value: `R² ${reconcile.r2}`,
      floor: `${round(perCheckoutGrowth, 2)}×`,
      ratio: null,
      goal: 'R² ≥ 0.99, ≤ 1.5×',
      pass: reconcile.r2 >= 0.99 && perCheckoutGrowth <= 1.5,
    },
  ];
  printTable(rows);

  const results = { at: new Date().toISOString(), machine: machine(), scale: quick ? 'quick' : 'full', webhook, create, cold, reconcile, rows, seconds: round((Date.now() - started) / 1000) };
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
