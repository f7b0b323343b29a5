#!/usr/bin/env node
/**
 * `npm run bench [-- options]`: reads the options first (so `--help` answers at once, starting nothing), then
 * builds and runs bench/run.ts inside the stack with the bench-only codebase (firebase.bench.json).
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HELP = `npm run bench [-- --quick] [-- --gateway-latency <ms>[,<ms>…]] [-- --rounds <n>] [-- --help]

Measures our webhook, createQrCheckout and cold start against a peer floor (what a typical Firebase payment
integration does: Get Checkout / POST checkout at the same simulator, one plain write) and the bare floor (one
write), all in the same run, at each simulated gateway latency, then reconciliation through the task queue
behind a slow, rate-limited gateway and the end-of-day report of a 50,000-checkout day. Prints two tables and
writes everything to bench-results/latest.json and bench-results/bench-<time>.json (git-ignored). About 20
minutes at full size on 2 cores (the 200 ms latency half and reconciliation take most of it); --quick about 6.

Ratios (each is ours / peer; the median of the rounds' ratios, with their min–max spread):
  webhook → listener p50, p95   a paid checkout's webhook POST until a client onSnapshot listener sees PAID
  webhook throughput            transitions applied per second at concurrency 16 (ours / peer: higher is better)
  createQrCheckout p50, p95     the callable as a cashier's page calls it, answer included
  first-request cold start      a fresh Node process: load the entry, listen, answer one webhook (spawn → answer)
Each round runs ours, the peer's and the bare floor's one after the other (latency event by event); both the
peer and ours pay the simulator's latency on every gateway request. Goals (issue #19), printed pass/MISS:
  webhook p50 ≤ 1.2× (0 ms) / ≤ 1.05× (200 ms); throughput ≥ 1/1.3 / ≥ 1/1.1; create p50 ≤ 1.5× / ≤ 1.1×;
  cold start ≤ 1.2× (0 ms). latest.json: ratios[] = { figure, latencyMs, median, min, max, rounds, goal, pass,
  ours, peer, bare, vsBare }.

  --quick                      small sizes (a smoke test of the bench itself; same as BENCH_SCALE=quick)
  --gateway-latency <list>     simulated PointCheckout latency (ms) for the ratios, comma-separated;
                               default 0,200 (same as BENCH_GATEWAY_LATENCIES)
  --rounds <n>                 interleaved rounds per figure, at least 3; default 3 (same as BENCH_ROUNDS)
  --help, -h                   this text

Environment: BENCH_SCALE=quick|full, BENCH_GATEWAY_LATENCIES, BENCH_ROUNDS, BENCH_GATEWAY_LATENCY_MS (simulated
latency for the reconciliation figures only, default 250), BENCH_GATEWAY_RATE_LIMIT (the simulator's rate limit
per account during reconciliation, requests/s, default 50).`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}
function fail(message) {
  console.error(`bench: ${message}\n\n${HELP}`);
  process.exit(2);
}
const options = {};
for (let i = 0; i < args.length; i += 1) {
  const arg = args[i];
  const [name, inline] = arg.split(/=(.*)/s, 2);
  if (name === '--quick') options.quick = true;
  else if (name === '--gateway-latency' || name === '--rounds') {
    const value = inline ?? args[++i];
    if (value === undefined) fail(`${name} needs a value`);
    options[name] = value;
  } else fail(`unknown option ${arg}`);
}
const latencies = options['--gateway-latency'];
if (latencies !== undefined && !/^\d+(,\d+)*$/.test(latencies)) fail(`--gateway-latency takes milliseconds, e.g. 0,200 (got ${latencies})`);
const rounds = options['--rounds'];
if (rounds !== undefined && !(/^\d+$/.test(rounds) && Number(rounds) >= 3)) fail(`--rounds takes a whole number ≥ 3 (got ${rounds})`);
const env = {
  ...process.env,
  STACK_FIREBASE_CONFIG: 'firebase.bench.json',
  // The functions emulator gives a new worker 30 s to load before it drops the request for good (and the bench
  // waits on it); starting 16 at once on a loaded 2-core machine can take longer.
  FUNCTIONS_DISCOVERY_TIMEOUT: process.env.FUNCTIONS_DISCOVERY_TIMEOUT ?? '120',
};
if (options.quick) env.BENCH_SCALE = 'quick';
if (latencies !== undefined) env.BENCH_GATEWAY_LATENCIES = latencies;
if (rounds !== undefined) env.BENCH_ROUNDS = rounds;

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
run('npm', ['run', 'build']);
run('npx', ['tsc', '-p', 'bench/functions']);
run('npx', ['tsc', '-p', 'bench', '--noEmit']);
run('node', ['scripts/stack.mjs', 'exec', '--', 'tsx', 'bench/run.ts']);
