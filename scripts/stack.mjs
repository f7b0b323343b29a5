#!/usr/bin/env node
/**
 * Runs the local stack: the PointCheckout simulator plus the Firebase emulators (auth, functions,
 * firestore, hosting, tasks), fully offline.
 *
 *   node scripts/stack.mjs exec -- <command…>   run a command inside the stack, exit with its code
 *   node scripts/stack.mjs start [--host <addr>] start the stack, seed users, stay up until Ctrl-C
 *
 * `--host <LAN address>` (or POS_PUBLIC_HOST) makes the payment pages reachable from a phone on the same
 * network: the simulator listens on every interface and puts that address in the QR (`redirectUrl`).
 *
 * Expects `npm run build` to have run (the npm scripts do that).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, '.cache');

export const PROJECT_ID = process.env.STACK_PROJECT_ID ?? 'demo-pointcheckout';
/**
 * Where firebase.json lives and where the functions' .env.local goes. The kit test (scripts/kit-test.mjs) points
 * these at a scratch project that installs the packed kit; everything else uses this repository.
 */
const projectDir = process.env.STACK_PROJECT_DIR ?? root;
const functionsDir = process.env.STACK_FUNCTIONS_DIR ?? join(root, 'functions');
/** Eventarc (checkout events) and Cloud Tasks (reconciliation's shard queue) are part of the stack; the kit test leaves Eventarc out. */
const EMULATORS = process.env.STACK_EMULATORS ?? 'auth,functions,firestore,hosting,eventarc,tasks';
export const REGION = 'us-central1';
export const SIMULATOR_PORT = Number(process.env.SIMULATOR_PORT ?? 8089);
export const SIMULATOR_URL = `http://127.0.0.1:${SIMULATOR_PORT}`;
// Local-only credentials: the simulator accepts exactly these. Nothing here is a real secret.
export const LOCAL_SECRETS = {
  POINTCHECKOUT_API_KEY: 'sim_test_key',
  POINTCHECKOUT_API_SECRET: 'sim_test_secret',
  POINTCHECKOUT_WEBHOOK_TOKEN: 'local-webhook-token-0123456789',
};
export const WEBHOOK_URL = `http://127.0.0.1:5001/${PROJECT_ID}/${REGION}/pointcheckoutWebhook?token=${LOCAL_SECRETS.POINTCHECKOUT_WEBHOOK_TOKEN}`;

/**
 * A second PointCheckout account, `live`, on a second simulator (PointCheckout's test and live are different
 * hosts with different credentials), so tests can prove that test and live checkouts never mix.
 */
export const LIVE_SIMULATOR_PORT = Number(process.env.LIVE_SIMULATOR_PORT ?? 8090);
export const LIVE_SIMULATOR_URL = `http://127.0.0.1:${LIVE_SIMULATOR_PORT}`;
export const LIVE_SECRETS = {
  POINTCHECKOUT_API_KEY__LIVE: 'sim_live_key',
  POINTCHECKOUT_API_SECRET__LIVE: 'sim_live_secret',
  POINTCHECKOUT_WEBHOOK_TOKEN__LIVE: 'local-live-webhook-token-0123456789',
};
export const LIVE_WEBHOOK_URL = `http://127.0.0.1:5001/${PROJECT_ID}/${REGION}/pointcheckoutWebhook?account=live&token=${LIVE_SECRETS.POINTCHECKOUT_WEBHOOK_TOKEN__LIVE}`;
const ACCOUNTS_FILE = '.accounts.local.json';

function log(line) {
  process.stderr.write(`[stack] ${line}\n`);
}

/**
 * Everything the simulator and the emulators print (function logs included) also goes to this file, so that a
 * test can scan the function logs for secrets (test/reliability/zz-log-scan.test.ts). Exported to the command
 * as STACK_LOG_PATH.
 */
export const STACK_LOG_PATH = join(cache, 'emulators.log');
let stackLog;

/** Copies a child's stdout/stderr to ours and to the stack log. */
function tee(child) {
  child.stdout?.on('data', (chunk) => {
    process.stdout.write(chunk);
    stackLog?.write(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    process.stderr.write(chunk);
    stackLog?.write(chunk);
  });
}

/**
 * firebase-tools starts the Firestore emulator with `java -jar $FIRESTORE_EMULATOR_BINARY_PATH` and would
 * otherwise download its jar. We point it at a tiny wrapper jar whose manifest runs the real emulator jar
 * (FIRESTORE_EMULATOR_JAR, else the Google Cloud CLI's `google-cloud-cli-firestore-emulator` component,
 * found next to `gcloud`) from its Class-Path.
 */
/** Where the Google Cloud CLI keeps its Firestore emulator component: under the SDK root that holds `gcloud`. */
function gcloudEmulatorJars() {
  const jar = 'platform/cloud-firestore-emulator/cloud-firestore-emulator.jar';
  const roots = [];
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    const gcloud = join(dir, 'gcloud');
    if (!existsSync(gcloud)) continue;
    try {
      // /usr/bin/gcloud is usually a link into <sdk>/bin/gcloud.
      roots.push(resolve(dirname(realpathSync(gcloud)), '..'));
    } catch {
      // a dangling link: skip it
    }
  }
  if (process.env.CLOUDSDK_ROOT_DIR) roots.unshift(process.env.CLOUDSDK_ROOT_DIR);
  return roots.map((sdk) => join(sdk, jar));
}

function firestoreEmulatorWrapper() {
  if (process.env.FIRESTORE_EMULATOR_BINARY_PATH) return process.env.FIRESTORE_EMULATOR_BINARY_PATH;
  const candidates = [process.env.FIRESTORE_EMULATOR_JAR, ...gcloudEmulatorJars()].filter(Boolean);
  const real = candidates.find((path) => existsSync(path));
  if (!real) {
    log('no local Firestore emulator jar found; firebase-tools will download its own (needs network)');
    return undefined;
  }
  const dir = join(cache, 'firestore-emulator');
  const wrapper = join(dir, 'firestore-emulator-wrapper.jar');
  const manifest = join(dir, 'MANIFEST.MF');
  mkdirSync(dir, { recursive: true });
  const manifestText =
    'Manifest-Version: 1.0\n' +
    'Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore\n' +
    `Class-Path: ${real.split('/').map(encodeURIComponent).join('/')}\n\n`;
  writeFileSync(manifest, manifestText);
  // `jar cfm` needs at least one entry besides the manifest.
  writeFileSync(join(dir, '.keep'), '');
  const jar = spawnSync('jar', ['cfm', wrapper, manifest, '-C', dir, '.keep'], { encoding: 'utf8' });
  if (jar.status !== 0) throw new Error(`could not build the Firestore wrapper jar: ${jar.stderr || jar.error}`);
  return wrapper;
}

/** Settings and secrets that the functions emulator reads for the local stack (both files are git-ignored). */
function writeLocalConfig(hmacKey, liveHmacKey) {
  writeFileSync(
    join(functionsDir, ACCOUNTS_FILE),
    `${JSON.stringify({ accounts: [{ id: 'live', mode: 'live', baseUrl: `${LIVE_SIMULATOR_URL}/mer/v2.0/` }] }, null, 2)}\n`,
  );
  writeFileSync(
    join(functionsDir, '.env.local'),
    [
      '# Written by scripts/stack.mjs for the emulators; not deployed.',
      `POINTCHECKOUT_BASE_URL=${SIMULATOR_URL}/mer/v2.0/`,
      'POINTCHECKOUT_MODE=test',
      `POINTCHECKOUT_ACCOUNTS_FILE=${ACCOUNTS_FILE}`,
      'POINTCHECKOUT_TIMEOUT_MS=2000',
      'POINTCHECKOUT_HEADER_FAMILY=pointcheckout',
      'FUNCTIONS_REGION=us-central1',
      'ENFORCE_APP_CHECK=false',
      'WEBHOOK_SIGNATURE_HEADER=X-PointCheckout-Signature',
      'RECONCILE_AFTER_MINUTES=10',
      // Every param must have a value here: firebase-tools asks for missing ones, and nobody answers.
      'RECONCILE_CONCURRENCY=32',
      'RECONCILE_BUDGET_SECONDS=270',
      'RECONCILE_GATEWAY_RATE=40',
      'RECONCILE_SHARDS_AT_ONCE=4',
      'GATEWAY_UNKNOWN_AFTER_FAILURES=5',
      'GATEWAY_UNKNOWN_AFTER_MINUTES=60',
      'REPORT_TIME_ZONE=Asia/Dubai',
      // Events go to the Eventarc emulator's default channel; the order mirror writes orders/{orderId}.paymentStatus.
      // Off unless asked for (npm run test:events turns both on): they are opt-in, as in a deployment.
      `EVENTS_CHANNEL=${process.env.STACK_EVENTS_CHANNEL ?? ''}`,
      `ORDER_STATUS_MIRROR_PATH=${process.env.STACK_ORDER_STATUS_MIRROR_PATH ?? ''}`,
      'ORDER_STATUS_MIRROR_FIELD=paymentStatus',
      // Live checkouts only, as deployed; the events suite pays on the `live` account and proves test stays out.
      `EVENTS_INCLUDE_TEST_MODE=${process.env.STACK_EVENTS_INCLUDE_TEST_MODE ?? 'false'}`,
      // Order ids per branch unless a suite asks for merchant-wide ones (npm run test:events does).
      `ORDER_IDS_MERCHANT_WIDE=${process.env.STACK_ORDER_IDS_MERCHANT_WIDE ?? 'false'}`,
      // Under c8 (npm test), the function workers write V8 coverage too; the emulator passes .env values on.
      ...(process.env.NODE_V8_COVERAGE
        ? [
            `NODE_V8_COVERAGE=${process.env.NODE_V8_COVERAGE}`,
            `NODE_OPTIONS=--require ${join(root, 'scripts', 'coverage-flush.cjs')}`,
          ]
        : []),
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(functionsDir, '.secret.local'),
    Object.entries({ ...LOCAL_SECRETS, POINTCHECKOUT_WEBHOOK_HMAC_KEY: hmacKey, ...LIVE_SECRETS, POINTCHECKOUT_WEBHOOK_HMAC_KEY__LIVE: liveHmacKey })
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
}

function stackEnv() {
  const env = {
    ...process.env,
    npm_config_offline: 'true',
    FIREBASE_FUNCTIONS_DISCOVERY_OUTPUT_PATH: 'true',
    FIREBASE_EMULATORS_PATH: join(cache, 'emulators'),
    XDG_CONFIG_HOME: join(cache, 'config'),
    // The Functions emulator starts one worker process per concurrent invocation, up to 50 by default. The
    // events trigger fires once per event document, so a burst (500 seeded checkouts) would start dozens of
    // Node processes at once on a small machine; beyond this many, invocations wait their turn in order.
    FUNCTIONS_EMULATOR_PARALLEL: process.env.FUNCTIONS_EMULATOR_PARALLEL ?? '16',
    POINTCHECKOUT_SIMULATOR_URL: SIMULATOR_URL,
    POINTCHECKOUT_WEBHOOK_URL: WEBHOOK_URL,
    POINTCHECKOUT_WEBHOOK_TOKEN: LOCAL_SECRETS.POINTCHECKOUT_WEBHOOK_TOKEN,
    POINTCHECKOUT_API_KEY: LOCAL_SECRETS.POINTCHECKOUT_API_KEY,
    POINTCHECKOUT_API_SECRET: LOCAL_SECRETS.POINTCHECKOUT_API_SECRET,
    POINTCHECKOUT_LIVE_SIMULATOR_URL: LIVE_SIMULATOR_URL,
    POINTCHECKOUT_LIVE_WEBHOOK_TOKEN: LIVE_SECRETS.POINTCHECKOUT_WEBHOOK_TOKEN__LIVE,
  };
  const wrapper = firestoreEmulatorWrapper();
  if (wrapper) env.FIRESTORE_EMULATOR_BINARY_PATH = wrapper;
  return env;
}

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms: ${error}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * The address phones use for payment pages: `--host <addr>` or POS_PUBLIC_HOST; null keeps 127.0.0.1.
 * Only a host name or an IP address is accepted, so nothing else can end up in the QR.
 */
export function publicHost(args, env = process.env) {
  const index = args.indexOf('--host');
  const value = index >= 0 ? args[index + 1] : env.POS_PUBLIC_HOST;
  if (value === undefined || value === '') return null;
  if (!/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(value) && !/^[0-9a-fA-F:]+$/.test(value)) {
    throw new Error(`--host must be a host name or an IP address such as 192.168.1.20, got '${value}'`);
  }
  return value;
}

const SIMULATORS = {
  test: { port: SIMULATOR_PORT, url: SIMULATOR_URL, key: LOCAL_SECRETS.POINTCHECKOUT_API_KEY, secret: LOCAL_SECRETS.POINTCHECKOUT_API_SECRET, webhook: WEBHOOK_URL },
  live: { port: LIVE_SIMULATOR_PORT, url: LIVE_SIMULATOR_URL, key: LIVE_SECRETS.POINTCHECKOUT_API_KEY__LIVE, secret: LIVE_SECRETS.POINTCHECKOUT_API_SECRET__LIVE, webhook: LIVE_WEBHOOK_URL },
};

async function startSimulator(env, which = 'test', host = null) {
  const sim = SIMULATORS[which];
  const reachable = host
    ? { SIMULATOR_HOST: host.includes(':') ? '::' : '0.0.0.0', SIMULATOR_PUBLIC_URL: `http://${host.includes(':') ? `[${host}]` : host}:${sim.port}` }
    : {};
  const child = spawn(process.execPath, [join(root, 'simulator', 'lib', 'main.js')], {
    // Recording lets the last emulator suite file validate every exchange against PointCheckout's OpenAPI spec.
    env: {
      ...env,
      ...reachable,
      SIMULATOR_PORT: String(sim.port),
      SIMULATOR_RECORD: '1',
      POINTCHECKOUT_API_KEY: sim.key,
      POINTCHECKOUT_API_SECRET: sim.secret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group too: stopped by the script after the emulators, never mid-delivery by the terminal.
    detached: true,
  });
  tee(child);
  groups.push(child.pid);
  child.on('exit', (code, signal) => {
    if (!stopping) log(`${which} simulator exited unexpectedly (code ${code}, signal ${signal})`);
  });
  await waitFor(`${sim.url}/_sim/stats`, 10_000);
  const res = await fetch(`${sim.url}/mer/v2.0/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-PointCheckout-Api-Key': sim.key, 'X-PointCheckout-Api-Secret': sim.secret },
    body: JSON.stringify({ address: sim.webhook }),
  });
  const body = await res.json();
  if (!body.success) throw new Error(`webhook registration at the ${which} simulator failed: ${body.error}`);
  log(`${which} simulator on ${sim.url}; webhook ${body.result.id} → pointcheckoutWebhook (signed)`);
  if (reachable.SIMULATOR_PUBLIC_URL) log(`payment pages (and QR codes) use ${reachable.SIMULATOR_PUBLIC_URL}, listening on all interfaces`);
  return { child, hmacKey: body.result.hmacKey, publicUrl: reachable.SIMULATOR_PUBLIC_URL };
}

let stopping = false;
const STOP_GRACE_MS = 60_000;
/** Process groups started here, killed if this script fails half-way (they no longer share its group). */
const groups = [];

/** Sends `signal` to a process group (its leader's pid); false when the group is gone. */
function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * firebase-tools starts the Firestore emulator (java) in a process group of its own, so a group signal never
 * reaches it: after the emulators exit, any java still running this stack's wrapper jar (a path under this
 * checkout's .cache, so never another stack's) is stopped too. Linux /proc only; elsewhere a no-op.
 */
function strayEmulators() {
  const wrapper = join(cache, 'firestore-emulator', 'firestore-emulator-wrapper.jar');
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return pids.map(Number).filter((pid) => {
    try {
      return pid !== process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(wrapper);
    } catch {
      return false;
    }
  });
}

function kill(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

async function stopStrays() {
  const deadline = Date.now() + 5000;
  for (const pid of strayEmulators()) kill(pid, 'SIGTERM');
  while (strayEmulators().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const pid of strayEmulators()) kill(pid, 'SIGKILL');
}

/** Stops what is left of a process group: SIGTERM, then SIGKILL after 5 s; resolves once none is left. */
async function stopGroup(pid) {
  if (!pid || !signalGroup(pid, 'SIGTERM')) return;
  const deadline = Date.now() + 5000;
  while (signalGroup(pid, 0)) {
    if (Date.now() > deadline) {
      signalGroup(pid, 'SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function firebaseConfig(mode) {
  if (process.env.STACK_FIREBASE_CONFIG) return process.env.STACK_FIREBASE_CONFIG;
  return mode === 'exec' && projectDir === root ? 'firebase.test.json' : undefined;
}

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode !== 'exec' && mode !== 'start') {
    console.error('usage: stack.mjs exec -- <command…> | stack.mjs start [--host <LAN address>]');
    process.exit(2);
  }
  const command = mode === 'exec' ? rest.filter((arg, i) => !(i === 0 && arg === '--')) : ['node', join(root, 'scripts', 'seed-and-wait.mjs')];
  if (command.length === 0) {
    console.error('stack.mjs exec: give a command to run, e.g. npm run exec -- "npm run test:emulators"');
    process.exit(2);
  }
  const host = mode === 'start' ? publicHost(rest) : null;
  const env = stackEnv();
  mkdirSync(cache, { recursive: true });
  stackLog = createWriteStream(STACK_LOG_PATH, { flags: 'w' });
  env.STACK_LOG_PATH = STACK_LOG_PATH;
  const { child: simulator, hmacKey, publicUrl } = await startSimulator(env, 'test', host);
  if (publicUrl) env.SIMULATOR_PUBLIC_URL = publicUrl;
  const { child: liveSimulator, hmacKey: liveHmacKey } = await startSimulator(env, 'live', host);
  // The functions verify deliveries with the key PointCheckout (here: the simulator) returned at registration.
  writeLocalConfig(hmacKey, liveHmacKey);
  env.POINTCHECKOUT_WEBHOOK_HMAC_KEY = hmacKey;
  env.POINTCHECKOUT_LIVE_WEBHOOK_HMAC_KEY = liveHmacKey;
  const firebase = join(root, 'node_modules', '.bin', 'firebase');
  const started = Date.now();
  const child = spawn(
    firebase,
    [
      'emulators:exec',
      '--non-interactive',
      '--only',
      EMULATORS,
      '--project',
      PROJECT_ID,
      // e.g. firebase.bench.json (`npm run bench`): firebase.json plus the bench-only codebase, never deployed;
      // `exec` (the test suites) defaults to firebase.test.json: firebase.json plus the sample events consumer.
      ...(firebaseConfig(mode) ? ['--config', firebaseConfig(mode)] : []),
      command.join(' '),
    ],
    // Their own process group: a terminal's Ctrl-C reaches only this script, which forwards it once. In the
    // terminal's group, firebase-tools got SIGINT twice (the terminal's and ours) and force-quit, leaving the
    // Firestore emulator on 8080.
    { cwd: projectDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  tee(child);
  groups.push(child.pid);
  const exited = new Promise((resolveCode) => child.on('exit', (c, s) => resolveCode(c ?? (s ? 1 : 0))));
  const forward = (signal) => () => {
    if (stopping) {
      log(`${signal} again: still stopping the emulators (they get one signal; a stuck one is killed after ${STOP_GRACE_MS / 1000} s)`);
      return;
    }
    stopping = true;
    signalGroup(child.pid, signal);
    setTimeout(() => signalGroup(child.pid, 'SIGKILL'), STOP_GRACE_MS).unref();
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  process.on('SIGHUP', forward('SIGTERM')); // the terminal closed
  const code = await exited;
  stopping = true;
  await stopGroup(child.pid);
  await stopStrays();
  await Promise.all([stopGroup(simulator.pid), stopGroup(liveSimulator.pid)]);
  await new Promise((resolveEnd) => stackLog.end(resolveEnd));
  log(`stack stopped after ${((Date.now() - started) / 1000).toFixed(1)} s (exit ${code})`);
  process.exit(code);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // However this script ends (an error, a closed pipe), nothing it started outlives it in another group.
  process.on('exit', () => {
    for (const pid of groups) signalGroup(pid, 'SIGKILL');
    for (const pid of strayEmulators()) kill(pid, 'SIGKILL');
  });
  main().catch((error) => {
    console.error(`[stack] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
