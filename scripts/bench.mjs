#!/usr/bin/env node
/**
 * `npm run bench [-- options]`: reads the options first (so `--help` answers at once, starting nothing), then
 * builds and runs bench/run.ts inside the stack with the bench-only codebase (firebase.bench.json).
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HELP = `npm run bench [-- --quick] [-- --help]

Measures the stack against a peer floor (what a typical Firebase payment integration does) and the bare
floor (one write), both measured in the same run, reconciliation through the task queue behind a slow,
rate-limited gateway, and the end-of-day report of a 50,000-checkout day; prints a table; results, every
ratio included, go to bench-results/latest.json and bench-results/bench-<time>.json (git-ignored). About 11
minutes at full size.

  --quick        small sizes (a smoke test of the bench itself; same as BENCH_SCALE=quick)
  --help, -h     this text

Environment: BENCH_SCALE=quick|full, BENCH_GATEWAY_LATENCY_MS (simulated PointCheckout latency for the
reconciliation figures, default 250), BENCH_GATEWAY_RATE_LIMIT (the simulator's rate limit per account during
reconciliation, requests/s, default 50).`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}
const unknown = args.filter((arg) => arg !== '--quick');
if (unknown.length > 0) {
  console.error(`bench: unknown option ${unknown.join(' ')}\n\n${HELP}`);
  process.exit(2);
}
const env = { ...process.env, STACK_FIREBASE_CONFIG: 'firebase.bench.json' };
if (args.includes('--quick')) env.BENCH_SCALE = 'quick';

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
run('npm', ['run', 'build']);
run('npx', ['tsc', '-p', 'bench/functions']);
run('npx', ['tsc', '-p', 'bench', '--noEmit']);
run('node', ['scripts/stack.mjs', 'exec', '--', 'tsx', 'bench/run.ts']);
