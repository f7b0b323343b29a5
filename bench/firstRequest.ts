/**
 * Cold start counted to the first answered request: a fresh Node process loads the built entry, serves the one
 * function (bench/coldhost.cjs, as the Functions Framework does), and answers one webhook delivery, from spawn to
 * the answer. Ours (`pointcheckoutWebhook`, which loads its services on the first request) against the peer
 * (`benchPeerWebhook`: token, Get Checkout, one update) and the bare floor (`benchFloorWrite`: one update), one
 * process each per round, interleaved. The gateway call pays the simulator's latency like any other.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sim, WEBHOOK_HMAC_KEY, WEBHOOK_TOKEN } from '../test/emulators/harness';
import { seedCheckouts, type Seeded } from './seed';
import { pool } from './stats';

const ROOT = resolve(__dirname, '..');
const HOST = resolve(__dirname, 'coldhost.cjs');
const PORT = 5391;

export interface FirstRequestRound {
  /** Spawn → first answered request, and of it spawn → listening (module loading). */
  oursMs: number;
  peerMs: number;
  bareMs: number;
  oursLoadMs: number;
  peerLoadMs: number;
  bareLoadMs: number;
}

/** The settings and secrets the functions emulator gives the functions (written by scripts/stack.mjs). */
function functionsEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const file of ['.env.local', '.secret.local']) {
    const path = resolve(ROOT, 'functions', file);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
      if (match?.[1]) env[match[1]] = match[2] ?? '';
    }
  }
  return env;
}

/** Spawns a fresh instance, sends `request` once it listens; resolves with both times once it answered. */
function coldRequest(cwd: string, target: string, request: () => Promise<number>): Promise<{ totalMs: number; loadMs: number }> {
  const env = { ...process.env, ...functionsEnv(), NODE_ENV: 'production' };
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [HOST, resolve(cwd, 'lib/index.js'), target, String(PORT)], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let done = false;
    const finish = (error: Error | null, value?: { totalMs: number; loadMs: number }) => {
      if (done) return;
      done = true;
      child.once('exit', () => (error ? reject(error) : resolvePromise(value as { totalMs: number; loadMs: number })));
      child.kill('SIGKILL');
    };
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      if (!done) reject(new Error(`${target}: the cold instance exited (${code}) before answering: ${stderr.slice(-2000)}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('listening')) return;
      const loadMs = performance.now() - t0;
      request().then(
        (status) => finish(status === 200 ? null : new Error(`${target}: the first request answered ${status}: ${stderr.slice(-2000)}`), { totalMs: performance.now() - t0, loadMs }),
        (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
      );
    });
  });
}

async function post(path: string, raw: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${PORT}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw, signal: AbortSignal.timeout(60_000) });
  await res.arrayBuffer();
  return res.status;
}

/** Seeds what `rounds` rounds need; call with the simulator at 0 ms latency (seeding is not measured). */
export async function seedFirstRequest(rounds: number, createdBy: string): Promise<{ ours: Seeded[]; peer: Seeded[]; bare: Seeded[] }> {
  const run = Date.now().toString(36);
  const [ours, peer, bare] = await Promise.all([
    seedCheckouts(rounds, { prefix: `cw-${run}`, createdBy }),
    seedCheckouts(rounds, { prefix: `cp-${run}`, createdBy }),
    seedCheckouts(rounds, { prefix: `cf-${run}`, createdBy, atGateway: false }),
  ]);
  return { ours, peer, bare };
}

export async function benchFirstRequest(seeded: { ours: Seeded[]; peer: Seeded[]; bare: Seeded[] }): Promise<FirstRequestRound[]> {
  const paid = async (list: Seeded[]) => pool(list, 8, async (c) => JSON.stringify(await sim.move(c.gatewayId, 'pay', { webhook: false })));
  const [oursBodies, peerBodies] = [await paid(seeded.ours), await paid(seeded.peer)];
  const functionsDir = resolve(ROOT, 'functions');
  const benchDir = resolve(ROOT, 'bench/functions');
  const token = `token=${encodeURIComponent(WEBHOOK_TOKEN)}`;
  const rounds: FirstRequestRound[] = [];
  for (let i = 0; i < seeded.ours.length; i += 1) {
    const ourBody = oursBodies[i] as string;
    const signature = createHmac('sha256', WEBHOOK_HMAC_KEY).update(ourBody).digest('hex');
    const ours = await coldRequest(functionsDir, 'pointcheckoutWebhook', () => post(`/?${token}`, ourBody, { 'X-PointCheckout-Signature': signature }));
    const peer = await coldRequest(benchDir, 'benchPeerWebhook', () => post(`/?${token}`, peerBodies[i] as string));
    const bareId = (seeded.bare[i] as Seeded).checkoutId;
    const bare = await coldRequest(benchDir, 'benchFloorWrite', () => post('/', JSON.stringify({ docId: bareId, status: 'PAID' })));
    rounds.push({ oursMs: ours.totalMs, peerMs: peer.totalMs, bareMs: bare.totalMs, oursLoadMs: ours.loadMs, peerLoadMs: peer.loadMs, bareLoadMs: bare.loadMs });
  }
  return rounds;
}
