/** The functions emulator's local settings and secrets, and the environment the stack runs in. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firestoreEmulatorWrapper } from './firestore-jar.mjs';
import {
  ACCOUNTS_FILE,
  cache,
  functionsDir,
  LIVE_SECRETS,
  LIVE_SIMULATOR_URL,
  LOCAL_SECRETS,
  root,
  SIMULATOR_URL,
  WEBHOOK_URL,
} from './settings.mjs';

/** Settings and secrets that the functions emulator reads for the local stack (both files are git-ignored). */
export function writeLocalConfig(hmacKey, liveHmacKey) {
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

export function stackEnv() {
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
    // A new worker must answer its health check within this many seconds (firebase-tools' default, 30, failed
    // "Failed to load function." for 10 concurrent calls on a loaded 2-core machine): generous, as test waits are.
    FUNCTIONS_DISCOVERY_TIMEOUT: process.env.FUNCTIONS_DISCOVERY_TIMEOUT ?? '120',
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

