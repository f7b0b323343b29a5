#!/usr/bin/env node
/**
 * Smoke test of `npm start` (part of `npm test`): starts the stack as a newcomer would, waits for the banner,
 * checks that the POS page, the simulator and the seeded users answer, then stops it with Ctrl-C (SIGINT to the
 * whole process group, as a terminal sends it) and expects a clean exit with every stack port free at once. Fails loudly on any miss; bounded by a timeout.
 *
 * `node scripts/smoke-start.mjs --host 127.0.0.2` checks `npm start -- --host <addr>` instead: the QR of a new
 * checkout encodes that address and its payment page answers there (any loopback address works offline).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** Every port the stack binds: the emulators (firebase.json), the Firestore websocket, both simulators. */
const PORTS = [5000, 5001, 8080, 9099, 4400, 4500, 9150, 9299, 9499, 8089, 8090];

/** True when nothing listens on 127.0.0.1:port (we can bind it ourselves). */
function free(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

// The whole start-and-stop, on a loaded machine; TEST_WAIT_SCALE stretches it as it does every test wait.
const TIMEOUT_MS = Math.round(180_000 * (Number(process.env.TEST_WAIT_SCALE) > 0 ? Number(process.env.TEST_WAIT_SCALE) : 1));
const started = Date.now();
const hostIndex = process.argv.indexOf('--host');
const host = hostIndex > 0 ? process.argv[hostIndex + 1] : undefined;
const child = spawn('npm', ['start', ...(host ? ['--', '--host', host] : [])], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let output = '';
const collect = (chunk) => {
  output += chunk.toString();
};
child.stdout.on('data', collect);
child.stderr.on('data', collect);

let failed = false;
function fail(message) {
  if (failed) return;
  failed = true;
  console.error(`npm start smoke test FAILED: ${message}\n--- last output ---\n${output.slice(-3000)}`);
  // SIGTERM first: the stack script stops the emulators' and simulators' own process groups; then SIGKILL.
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  child.once('exit', () => process.exit(1));
  setTimeout(() => {
    signal('SIGKILL');
    process.exit(1);
  }, 20_000).unref();
}

const timer = setTimeout(() => fail(`no clean start and stop within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);

async function until(predicate, what) {
  while (!predicate()) {
    if (child.exitCode !== null) fail(`npm start exited (code ${child.exitCode}) before ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

await until(() => output.includes('PointCheckout QR stack is up'), 'printing its banner');
for (const expected of ['http://127.0.0.1:5000/', 'staff@example.com / staff-password', 'manager@example.com / manager-password', 'owner@example.com / owner-password', 'marina.staff@example.com / staff-password', '4242 4242 4242 4242']) {
  if (!output.includes(expected)) fail(`the banner does not mention ${expected}`);
}
const pos = await fetch('http://127.0.0.1:5000/');
if (pos.status !== 200 || !(await pos.text()).includes('PointCheckout')) fail(`POS page answered ${pos.status}`);
const sim = await fetch('http://127.0.0.1:8089/_sim/health');
if (sim.status !== 200) fail(`simulator answered ${sim.status}`);
const signIn = await fetch(
  'http://127.0.0.1:9099/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key',
  {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'staff@example.com', password: 'staff-password', returnSecureToken: true }),
  },
);
if (signIn.status !== 200) fail(`the seeded staff user could not sign in (${signIn.status})`);
// The branch-scoped staff member carries the `branches` claim the POS page reads.
const scoped = await fetch(
  'http://127.0.0.1:9099/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key',
  {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'marina.staff@example.com', password: 'staff-password', returnSecureToken: true }),
  },
);
const scopedToken = scoped.status === 200 ? String((await scoped.json()).idToken ?? '') : '';
const scopedClaims = JSON.parse(Buffer.from(scopedToken.split('.')[1] ?? '', 'base64url').toString() || '{}');
if (JSON.stringify(scopedClaims.branches) !== '["marina"]') fail(`marina.staff@example.com could not sign in with branches ["marina"] (${scoped.status})`);
const report = await fetch('http://127.0.0.1:5000/report.html');
if (report.status !== 200) fail(`the report page answered ${report.status}`);
if (host) {
  if (!output.includes(`payment pages and QR codes use http://${host}:8089`)) fail(`the banner does not name http://${host}:8089`);
  const created = await fetch('http://127.0.0.1:8089/mer/v2.0/checkout/qr', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-PointCheckout-Api-Key': 'sim_test_key', 'X-PointCheckout-Api-Secret': 'sim_test_secret' },
    body: JSON.stringify({ requestId: `smoke-${Date.now()}`, orderId: 'SMOKE-1', currency: 'AED', amount: 1 }),
  });
  const redirectUrl = (await created.json())?.result?.redirectUrl ?? '';
  if (!redirectUrl.startsWith(`http://${host}:8089/checkout/`)) fail(`the QR points at ${redirectUrl || 'nothing'}, not ${host}`);
  const payPage = await fetch(redirectUrl);
  if (payPage.status !== 200) fail(`the payment page at ${redirectUrl} answered ${payPage.status}`);
}

// As a terminal's Ctrl-C does: SIGINT to every process of npm start's process group, once.
process.kill(-child.pid, 'SIGINT');
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? signal)));
clearTimeout(timer);
// npm may report the interrupted script as 130 (SIGINT); the stack itself must have stopped cleanly.
const stopped = output.match(/\[stack\] stack stopped[^\n]*/)?.[0];
if (!stopped?.endsWith('(exit 0)')) fail(`the stack did not stop cleanly (npm exit ${code}; ${stopped ?? 'no stop line'})`);
// One Ctrl-C stops everything: no emulator or simulator is left holding its port (asked right after the stop).
const busy = [];
for (const port of PORTS) if (!(await free(port))) busy.push(port);
if (busy.length > 0) fail(`ports still bound after the stop: ${busy.join(', ')}`);
if (/You have forced the Emulator Suite to exit/.test(output)) fail('the emulators were force-quit (a second signal reached firebase-tools)');
console.log(stopped);
console.log(`npm start smoke test: up, POS page, simulator and seeded users answer, stopped cleanly with no port left bound (${((Date.now() - started) / 1000).toFixed(1)} s)`);
