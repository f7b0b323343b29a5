/** The local stack's fixed settings: project, ports, local-only credentials, and its log. */
import { createWriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cache = join(root, '.cache');

export const PROJECT_ID = process.env.STACK_PROJECT_ID ?? 'demo-pointcheckout';
/**
 * Where firebase.json lives and where the functions' .env.local goes. The kit test (scripts/kit-test.mjs) points
 * these at a scratch project that installs the packed kit; everything else uses this repository.
 */
export const projectDir = process.env.STACK_PROJECT_DIR ?? root;
export const functionsDir = process.env.STACK_FUNCTIONS_DIR ?? join(root, 'functions');
/** Eventarc (checkout events) and Cloud Tasks (reconciliation's shard queue) are part of the stack; the kit test leaves Eventarc out. */
export const EMULATORS = process.env.STACK_EMULATORS ?? 'auth,functions,firestore,hosting,eventarc,tasks';
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
export const ACCOUNTS_FILE = '.accounts.local.json';

export function log(line) {
  process.stderr.write(`[stack] ${line}\n`);
}

/**
 * Everything the simulator and the emulators print (function logs included) also goes to this file, so that a
 * test can scan the function logs for secrets (test/reliability/zz-log-scan.test.ts). Exported to the command
 * as STACK_LOG_PATH.
 */
export const STACK_LOG_PATH = join(cache, 'emulators.log');
let stackLog;

/** Opens the stack log (truncating it); closeStackLog() resolves once it is flushed. */
export function openStackLog() {
  stackLog = createWriteStream(STACK_LOG_PATH, { flags: 'w' });
}

export function closeStackLog() {
  return new Promise((resolveEnd) => stackLog.end(resolveEnd));
}

/** Copies a child's stdout/stderr to ours and to the stack log. */
export function tee(child) {
  child.stdout?.on('data', (chunk) => {
    process.stdout.write(chunk);
    stackLog?.write(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    process.stderr.write(chunk);
    stackLog?.write(chunk);
  });
}

