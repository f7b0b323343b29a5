/**
 * Reads webhookHealth/{account} with the Admin SDK when this machine has access to the project: the Firestore
 * emulator, a service account key (GOOGLE_APPLICATION_CREDENTIALS) or gcloud's application-default login.
 * Otherwise null, and the delivery check says where to look in the logs instead.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { HealthReader, HealthRecord } from './context';

const READ_TIMEOUT_MS = 10_000;

function hasAccess(env: NodeJS.ProcessEnv): boolean {
  if (env.FIRESTORE_EMULATOR_HOST || env.GOOGLE_APPLICATION_CREDENTIALS) return true;
  const config = env.CLOUDSDK_CONFIG ?? join(env.HOME ?? homedir(), '.config', 'gcloud');
  return existsSync(join(config, 'application_default_credentials.json'));
}

function millis(value: unknown): number {
  const at = value as { toMillis?: () => number } | undefined;
  return typeof at?.toMillis === 'function' ? at.toMillis() : 0;
}

export function healthReader(projectId: string | null, env: NodeJS.ProcessEnv): HealthReader {
  if (!projectId || !hasAccess(env)) return null;
  let db: import('firebase-admin/firestore').Firestore | undefined;
  return async (account) => {
    if (!db) {
      const [{ getApps, initializeApp }, { getFirestore }] = await Promise.all([import('firebase-admin/app'), import('firebase-admin/firestore')]);
      const app = getApps().find((a) => a.name === 'go-live') ?? initializeApp({ projectId }, 'go-live');
      db = getFirestore(app);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from Firestore within ${READ_TIMEOUT_MS / 1000} s`)), READ_TIMEOUT_MS);
    });
    try {
      const snap = await Promise.race([db.collection('webhookHealth').doc(account).get(), timeout]);
      if (!snap.exists) return null;
      const data = snap.data() ?? {};
      const out: HealthRecord = {};
      const delivery = (value: unknown) => {
        const d = value as Record<string, unknown>;
        return { atMs: millis(d.at), outcome: String(d.outcome), httpStatus: Number(d.httpStatus) };
      };
      const r = data.lastRejected as Record<string, unknown> | undefined;
      if (data.lastDelivery) out.lastDelivery = delivery(data.lastDelivery);
      if (data.lastTestCall) out.lastTestCall = delivery(data.lastTestCall);
      if (r) out.lastRejected = { atMs: millis(r.at), reason: String(r.reason), httpStatus: Number(r.httpStatus) };
      return out;
    } finally {
      clearTimeout(timer);
    }
  };
}
