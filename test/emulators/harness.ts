/**
 * Shared test harness for the emulator suite: it talks to the stack as an app would (client SDK with
 * Auth, callables and Firestore listeners), and to the simulator's test controls. It refuses to run
 * outside `npm run exec`, so a missing emulator is a failure, never a silent pass.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from 'firebase/auth';
import {
  connectFirestoreEmulator,
  doc,
  getFirestore,
  onSnapshot,
  type DocumentData,
  type Firestore,
} from 'firebase/firestore';
import { connectFunctionsEmulator, getFunctions, httpsCallable } from 'firebase/functions';
import { initializeApp as initializeAdmin, getApps as getAdminApps } from 'firebase-admin/app';
import { getAuth as getAdminAuth } from 'firebase-admin/auth';
import { getFirestore as getAdminFirestore } from 'firebase-admin/firestore';
import { POLL_MS, RELISTEN_MS, WAIT_MS } from '../support/wait';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite through \`npm run exec -- "npm run test:emulators"\``);
  return value;
}

export const PROJECT_ID = required('GCLOUD_PROJECT');
export const SIMULATOR_URL = required('POINTCHECKOUT_SIMULATOR_URL');
export const WEBHOOK_TOKEN = required('POINTCHECKOUT_WEBHOOK_TOKEN');
export const WEBHOOK_HMAC_KEY = required('POINTCHECKOUT_WEBHOOK_HMAC_KEY');
/** The second PointCheckout account (`live`) of the local stack: its own simulator, token and HMAC key. */
export const LIVE_SIMULATOR_URL = required('POINTCHECKOUT_LIVE_SIMULATOR_URL');
export const LIVE_WEBHOOK_TOKEN = required('POINTCHECKOUT_LIVE_WEBHOOK_TOKEN');
export const LIVE_WEBHOOK_HMAC_KEY = required('POINTCHECKOUT_LIVE_WEBHOOK_HMAC_KEY');
required('FIRESTORE_EMULATOR_HOST');
required('FIREBASE_AUTH_EMULATOR_HOST');
export const FUNCTIONS_URL = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1`;
export const WEBHOOK_URL = `${FUNCTIONS_URL}/pointcheckoutWebhook`;
export const API_HEADERS = {
  'X-PointCheckout-Api-Key': required('POINTCHECKOUT_API_KEY'),
  'X-PointCheckout-Api-Secret': required('POINTCHECKOUT_API_SECRET'),
};
/** The second account's simulator credentials (scripts/stack.mjs LIVE_SECRETS). */
export const API_HEADERS_LIVE = { 'X-PointCheckout-Api-Key': 'sim_live_key', 'X-PointCheckout-Api-Secret': 'sim_live_secret' };

const adminApp = getAdminApps()[0] ?? initializeAdmin({ projectId: PROJECT_ID });
export const adminDb = getAdminFirestore(adminApp);
export const adminAuth = getAdminAuth(adminApp);

export type Role = 'staff' | 'manager' | 'owner';

export interface Session {
  uid: string | null;
  app: FirebaseApp;
  db: Firestore;
  call<T = Record<string, unknown>>(name: string, data: unknown): Promise<T>;
}

const openApps: FirebaseApp[] = [];
let sequence = 0;

/** A client app as a mobile app would hold it; signed in with the given role (or none), or signed out. */
/** A signed-in app user; `branches` scopes a staff member or manager to those branches. */
export async function session(role: Role | 'no-role' | 'signed-out', options: { branches?: string[] } = {}): Promise<Session> {
  sequence += 1;
  const name = `${role}-${process.pid}-${sequence}`;
  const app = initializeApp({ projectId: PROJECT_ID, apiKey: 'demo-api-key', authDomain: `${PROJECT_ID}.firebaseapp.com` }, name);
  openApps.push(app);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${required('FIREBASE_AUTH_EMULATOR_HOST')}`, { disableWarnings: true });
  const functions = getFunctions(app, 'us-central1');
  connectFunctionsEmulator(functions, '127.0.0.1', 5001);
  const db = getFirestore(app);
  const [host, port] = required('FIRESTORE_EMULATOR_HOST').split(':');
  connectFirestoreEmulator(db, host ?? '127.0.0.1', Number(port));
  let uid: string | null = null;
  if (role !== 'signed-out') {
    const email = `${name}@test.example.com`;
    const user = await adminAuth.createUser({ email, password: 'password-123' });
    if (role !== 'no-role') await adminAuth.setCustomUserClaims(user.uid, { role, ...(options.branches ? { branches: options.branches } : {}) });
    await signInWithEmailAndPassword(auth, email, 'password-123');
    uid = user.uid;
  }
  return {
    uid,
    app,
    db,
    // reconcileNow may run up to its 240 s budget; the SDK's own 70 s default would cut it short.
    call: async <T>(fn: string, data: unknown) => (await httpsCallable(functions, fn, { timeout: 300_000 })(data)).data as T,
  };
}

export async function closeSessions(): Promise<void> {
  await Promise.all(openApps.splice(0).map((app) => deleteApp(app)));
}

/** Asserts that a callable fails with `functions/<code>`, and optionally that its message matches. */
export async function rejectsWith(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: { code?: string; message?: string }) => {
    assert.equal(error.code, `functions/${code}`, `expected ${code}, got ${error.code}: ${error.message}`);
    if (message) assert.match(error.message ?? '', message);
    return true;
  });
}

/**
 * Resolves with the statuses a client listener saw (server-confirmed snapshots only) once `until` holds.
 * Never a fixed sleep: it waits on real snapshots, with a timeout.
 */
export function watchUntil(
  db: Firestore,
  checkoutId: string,
  until: (data: DocumentData) => boolean,
  timeoutMs = WAIT_MS,
): Promise<{ seen: string[]; data: DocumentData }> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    let listens = 0;
    let unsubscribe: () => void = () => undefined;
    let silence: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(silence);
      unsubscribe();
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`checkout ${checkoutId}: condition not met within ${timeoutMs} ms (saw ${seen.join(' → ') || 'nothing'}; listened ${listens}×)`));
    }, timeoutMs);
    // Still a listener that must see it: a silent one is replaced by a fresh one (RELISTEN_MS), never by a read.
    const listen = () => {
      unsubscribe();
      listens += 1;
      clearTimeout(silence);
      silence = setTimeout(listen, RELISTEN_MS);
      unsubscribe = onSnapshot(
        doc(db, 'checkouts', checkoutId),
        (snap) => {
          if (snap.metadata.hasPendingWrites || !snap.exists()) return;
          const data = snap.data();
          if (seen[seen.length - 1] !== data.status) seen.push(String(data.status));
          if (until(data)) {
            finish();
            // Said out loud: a listener the emulator left silent is news, even when a fresh one then saw it.
            if (listens > 1) console.log(`      watchUntil: checkout ${checkoutId} seen ${String(data.status)} after listening ${listens}×`);
            resolve({ seen, data });
          }
        },
        (error) => {
          finish();
          reject(error);
        },
      );
    };
    listen();
  });
}

/** Polls a condition (for things no listener can see, e.g. the simulator's delivery log). */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${timeoutMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

// ---- the simulator -------------------------------------------------------------------------------------

// Test-only: simulator and webhook bodies are asserted field by field, so a loose type is enough here.
type Json = any;

async function json(res: Response): Promise<{ status: number; body: Json }> {
  const text = await res.text();
  try {
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  } catch {
    // e.g. the Functions framework's own HTML 400 for a body that claims JSON but is not
    return { status: res.status, body: text };
  }
}

export type SimAction = 'pay' | 'fail' | 'cancel' | 'authorize' | 'expire' | 'pending-confirmation' | 'chargeback' | 'forget';
export type SimFaultMode = 'http500' | 'http502' | 'http429' | 'applied502' | 'timeout' | 'malformed' | 'slow';

/** The controls and API of one simulator (one PointCheckout account): `sim` is the default account's, `liveSim` the live one's. */
export function simulatorAt(url: string, headers: Record<string, string>) {
  async function simControl(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
    const res = await json(
      await fetch(`${url}/_sim${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    assert.equal(res.status, 200, `simulator ${method} /_sim${path} failed: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  const simulator = {
    /** The simulator's run-time settings: `strict` (only what PointCheckout documents), `latencyMs`, `rateLimitPerSecond`. */
    async config(patch: { strict?: boolean; latencyMs?: number; rateLimitPerSecond?: number | null }) {
      return simControl('POST', '/config', patch);
    },
    async stats(): Promise<Record<string, number>> {
      return simControl('GET', '/stats');
    },
    /** The gateway's own view of a checkout (GET /checkout/{id}), or the 400 error when it does not know it. */
    async checkout(gatewayId: string) {
      return simulator.api('GET', `/checkout/${gatewayId}`);
    },
    async move(gatewayId: string, action: SimAction, options: { webhook?: boolean } = {}) {
      const res = await json(
        await fetch(`${url}/_sim/checkouts/${gatewayId}/${action}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ webhook: options.webhook ?? true }),
        }),
      );
      assert.equal(res.status, 200, `simulator ${action} failed: ${JSON.stringify(res.body)}`);
      return res.body.checkout;
    },
    async api(method: 'GET' | 'POST', path: string, body?: unknown) {
      return json(
        await fetch(`${url}/mer/v2.0${path}`, {
          method,
          headers: { ...headers, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
    },
    async search(query: Record<string, string>) {
      const res = await simulator.api('GET', `/checkout?${new URLSearchParams(query).toString()}`);
      return res.body.result.content as { id: string; status: string }[];
    },
    async fault(match: string, mode: SimFaultMode, count: number, delayMs?: number, retryAfterSeconds?: number) {
      const res = await fetch(`${url}/_sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ match, mode, count, delayMs, retryAfterSeconds }),
      });
      assert.equal(res.status, 200, `fault injection failed: ${await res.text()}`);
    },
    async clearFaults() {
      await fetch(`${url}/_sim/faults`, { method: 'DELETE' });
    },
    async deliveries(): Promise<{ checkoutId: string; status: string; httpStatus: number | null }[]> {
      return (await json(await fetch(`${url}/_sim/deliveries`))).body.deliveries;
    },
  };
  return simulator;
}

export const sim = simulatorAt(SIMULATOR_URL, API_HEADERS);
export const liveSim = simulatorAt(LIVE_SIMULATOR_URL, API_HEADERS_LIVE);

/** POSTs to our webhook as PointCheckout would (or as an attacker might). */
export async function postWebhook(
  body: string | Record<string, unknown>,
  options: {
    token?: string | null;
    contentType?: string;
    method?: string;
    signature?: string | null;
    hmacKey?: string;
    headers?: Record<string, string>;
    /** Deliver to this account's address (`?account=`); `live` also picks the live token and HMAC key. */
    account?: string;
  } = {},
): Promise<{ status: number; body: Json }> {
  const live = options.account === 'live';
  const token = options.token === undefined ? (live ? LIVE_WEBHOOK_TOKEN : WEBHOOK_TOKEN) : options.token;
  const params = new URLSearchParams();
  if (options.account) params.set('account', options.account);
  if (token !== null) params.set('token', token);
  const url = params.size > 0 ? `${WEBHOOK_URL}?${params.toString()}` : WEBHOOK_URL;
  const raw = options.method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json', ...options.headers };
  // Signed like the simulator's deliveries unless a test says otherwise (null: no signature header).
  const signature =
    options.signature === undefined
      ? createHmac('sha256', options.hmacKey ?? (live ? LIVE_WEBHOOK_HMAC_KEY : WEBHOOK_HMAC_KEY)).update(raw ?? '').digest('hex')
      : options.signature;
  if (signature !== null) headers['X-PointCheckout-Signature'] = signature;
  const res = await fetch(url, { method: options.method ?? 'POST', headers, body: raw });
  return json(res);
}

export async function eventsOf(checkoutId: string) {
  const snap = await adminDb.collection('checkouts').doc(checkoutId).collection('events').orderBy('version').get();
  return snap.docs.map((d) => d.data() as { from: string | null; to: string; source: string; version: number; inferred: boolean; outbox?: string });
}

export async function checkoutDoc(checkoutId: string) {
  return (await adminDb.collection('checkouts').doc(checkoutId).get()).data();
}

let orderSequence = 0;
export function orderId(prefix = 'ORD'): string {
  orderSequence += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${orderSequence}`;
}

/** The stack's REPORT_TIME_ZONE (scripts/stack.mjs): reports count a checkout in its day there. */
export const REPORT_ZONE = 'Asia/Dubai';

/**
 * Waits, when the report zone's midnight is less than `marginMs` away, until just after it: a test that makes
 * checkouts and then reads "today's" report must not straddle two days (CI once ran one at 23:59:55 in Dubai).
 */
export async function clearOfMidnight(marginMs = 90_000, zone = REPORT_ZONE): Promise<void> {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date());
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const toMidnightMs = (24 * 3600 - (get('hour') * 3600 + get('minute') * 60 + get('second'))) * 1000;
  // wait-policy: clock, not an effect: the wait is for the wall clock to pass midnight.
  if (toMidnightMs < marginMs) await new Promise((resolve) => setTimeout(resolve, toMidnightMs + 2_000));
}
