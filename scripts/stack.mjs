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
 * The parts live in scripts/stack/: settings.mjs (ports, credentials, the log), simulators.mjs,
 * env-files.mjs (functions/.env.local and .secret.local), firestore-jar.mjs, processes.mjs (groups, stop).
 *
 * Expects `npm run build` to have run (the npm scripts do that).
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackEnv, writeLocalConfig } from './stack/env-files.mjs';
import { groups, isStopping, kill, setStopping, signalGroup, STOP_GRACE_MS, stopGroup, stopStrays, strayEmulators } from './stack/processes.mjs';
import { closeStackLog, EMULATORS, log, openStackLog, PROJECT_ID, projectDir, root, cache, STACK_LOG_PATH, tee } from './stack/settings.mjs';
import { publicHost, startSimulator } from './stack/simulators.mjs';

export {
  LIVE_SECRETS,
  LIVE_SIMULATOR_PORT,
  LIVE_SIMULATOR_URL,
  LIVE_WEBHOOK_URL,
  LOCAL_SECRETS,
  PROJECT_ID,
  REGION,
  SIMULATOR_PORT,
  SIMULATOR_URL,
  STACK_LOG_PATH,
  WEBHOOK_URL,
} from './stack/settings.mjs';
export { publicHost } from './stack/simulators.mjs';

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
  openStackLog();
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
    if (isStopping()) {
      log(`${signal} again: still stopping the emulators (they get one signal; a stuck one is killed after ${STOP_GRACE_MS / 1000} s)`);
      return;
    }
    setStopping();
    signalGroup(child.pid, signal);
    setTimeout(() => signalGroup(child.pid, 'SIGKILL'), STOP_GRACE_MS).unref();
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  process.on('SIGHUP', forward('SIGTERM')); // the terminal closed
  const code = await exited;
  setStopping();
  await stopGroup(child.pid);
  await stopStrays();
  await Promise.all([stopGroup(simulator.pid), stopGroup(liveSimulator.pid)]);
  await closeStackLog();
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
