/**
 * Helpers of the go-live tests: a throwaway functions folder (params and .secret.local as a deployment would
 * have them), and a stand-in for the deployed webhook function that checks the token and the HMAC signature as
 * pointcheckoutWebhook does and keeps the same per-account health record.
 */
import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HealthRecord } from '../../scripts/go-live/context';
import { recommendedParams } from '../../scripts/go-live/params';
import { signatureValid } from '../../functions/src/webhook/signature';
import { secretsMatch } from '../../functions/src/webhook/token';

export const PROJECT = 'golive-test';

export function functionsFolder(params: Record<string, string>, secrets: Record<string, string>, accounts?: unknown, project = PROJECT): string {
  const dir = mkdtempSync(join(tmpdir(), 'go-live-fn-'));
  const env = { ...recommendedParams(), ...params };
  writeFileSync(join(dir, `.env.${project}`), Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  writeFileSync(join(dir, '.secret.local'), Object.entries(secrets).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  if (accounts) writeFileSync(join(dir, 'pointcheckout.accounts.json'), JSON.stringify(accounts));
  return dir;
}

export interface FakeFunction {
  url: string;
  /** Per account: the token and HMAC key the "deployed" function holds. */
  keys: Map<string, { token: string; hmacKey: string }>;
  health: Map<string, HealthRecord>;
  close(): Promise<void>;
}

export async function startFakeFunction(): Promise<FakeFunction> {
  const keys = new Map<string, { token: string; hmacKey: string }>();
  const health = new Map<string, HealthRecord>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const account = url.searchParams.get('account') ?? 'default';
      const held = keys.get(account);
      const note = (record: HealthRecord) => health.set(account, { ...health.get(account), ...record });
      const signature = req.headers['x-pointcheckout-signature'];
      let status = 200;
      if (!held || !secretsMatch(url.searchParams.get('token'), held.token)) {
        status = 401;
        if (held) note({ lastRejected: { atMs: Date.now(), reason: 'bad token', httpStatus: 401 } });
      } else if (!signatureValid(Buffer.concat(chunks), typeof signature === 'string' ? signature : undefined, held.hmacKey)) {
        status = 401;
        note({ lastRejected: { atMs: Date.now(), reason: 'bad signature', httpStatus: 401 } });
      } else {
        const test = /"test":true/.test(Buffer.concat(chunks).toString('utf8'));
        const delivery = { atMs: Date.now(), outcome: test ? 'test' : 'applied', httpStatus: 200 };
        note(test ? { lastDelivery: delivery, lastTestCall: delivery } : { lastDelivery: delivery });
      }
      res.writeHead(status, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${PROJECT}/europe-west1/pointcheckoutWebhook`,
    keys,
    health,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
