/**
 * Figures 1 and 2: webhook → client listener latency, and webhook throughput at concurrency 16, each against
 * the peer floor (benchPeerWebhook: token, Get Checkout, plain update) and the bare floor (benchFloorWrite: one
 * field of one document), measured in the same run, in rounds (each: latency interleaved event by event, then
 * throughput of ours, the peer's and the floor's), at one simulated gateway latency that both Get Checkouts pay.
 */
import { doc, onSnapshot, type Firestore } from 'firebase/firestore';
import { FUNCTIONS_URL, postWebhook, sim, WEBHOOK_TOKEN } from '../test/emulators/harness';
import { seedCheckouts, type Seeded } from './seed';
import { percentile, pool, round, within } from './stats';

/** A request still unanswered after this long means the emulator dropped it. */
const ANSWER_MS = 60_000;

const FLOOR_URL = `${FUNCTIONS_URL}/benchFloorWrite`;
const PEER_URL = `${FUNCTIONS_URL}/benchPeerWebhook?token=${encodeURIComponent(WEBHOOK_TOKEN)}`;

/** Times from just before `post` to the listener's first server snapshot showing `target`. */
function timeToListener(db: Firestore, checkoutId: string, target: string, post: () => Promise<number>): Promise<number> {
  return new Promise((resolve, reject) => {
    let started = 0;
    let posted = false;
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`${checkoutId}: the listener did not see ${target} within 20 s`));
    }, 20_000);
    const unsubscribe = onSnapshot(
      doc(db, 'checkouts', checkoutId),
      (snap) => {
        if (!snap.exists() || snap.metadata.fromCache) return;
        if (snap.get('status') === target) {
          if (!posted) return; // cannot happen: it is seeded PENDING
          clearTimeout(timer);
          unsubscribe();
          resolve(performance.now() - started);
          return;
        }
        if (posted) return;
        posted = true;
        started = performance.now();
        post().then(
          (status) => {
            if (status !== 200) reject(new Error(`${checkoutId}: POST answered ${status}`));
          },
          (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
        );
      },
      (error) => reject(error),
    );
  });
}

async function postFloor(docId: string): Promise<number> {
  const res = await fetch(FLOOR_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ docId, status: 'PAID' }),
    signal: AbortSignal.timeout(ANSWER_MS),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Pays at the simulator with the webhook suppressed and returns the body PointCheckout would have sent. */
async function paidSilently(checkout: Seeded): Promise<Record<string, unknown>> {
  return (await sim.move(checkout.gatewayId, 'pay', { webhook: false })) as Record<string, unknown>;
}

async function postOurs(body: Record<string, unknown>): Promise<number> {
  return (await within(postWebhook(body), ANSWER_MS, 'our webhook')).status;
}

/** The same body PointCheckout would send, to the peer webhook (token in the query, as PointCheckout registers it). */
async function postPeer(body: Record<string, unknown>): Promise<number> {
  const res = await fetch(PEER_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(ANSWER_MS) });
  await res.arrayBuffer();
  return res.status;
}

export interface WebhookRound {
  /** Webhook → listener, ms, this round's events (interleaved: ours, peer, bare per event). */
  p50: number;
  p95: number;
  peerP50: number;
  peerP95: number;
  floorP50: number;
  floorP95: number;
  /** Transitions applied per second at the concurrency (blocks: ours, then the peer, then the bare floor). */
  perSecond: number;
  peerPerSecond: number;
  floorPerSecond: number;
  applied: number;
}

export interface WebhookOptions {
  events: number;
  throughputEvents: number;
  concurrency: number;
  rounds: number;
  /** The simulator's latency on every gateway request while measuring (seeding runs at 0). */
  gatewayLatencyMs: number;
}

export async function benchWebhook(db: Firestore, createdBy: string, options: WebhookOptions): Promise<WebhookRound[]> {
  const run = Date.now().toString(36);
  const warm = options.concurrency * 2 + 8; // covers the warm-up steps (2 + 2 + 4 + 8 + 16 at concurrency 16)
  const perRound = options.events + options.throughputEvents;
  const count = warm + perRound * options.rounds;
  await sim.config({ latencyMs: 0 });
  const [ours, peer, floor] = await Promise.all([
    seedCheckouts(count, { prefix: `bw-${run}`, createdBy }),
    seedCheckouts(count, { prefix: `bp-${run}`, createdBy }),
    seedCheckouts(count, { prefix: `bf-${run}`, createdBy, atGateway: false }),
  ]);
  await sim.config({ latencyMs: options.gatewayLatencyMs });
  const take = (list: Seeded[], from: number, count: number) => list.slice(from, from + count);

  // Warm up at this latency: as many emulator workers as the throughput phase will use, for all three functions,
  // doubling the concurrency (starting 16 workers at once on a loaded machine can time their start-up out).
  let from = 0;
  for (let limit = 1; limit <= options.concurrency; limit = limit === options.concurrency ? limit + 1 : Math.min(limit * 2, options.concurrency)) {
    const size = Math.max(limit, 2);
    await pool(await pool(take(ours, from, size), limit, paidSilently), limit, postOurs);
    await pool(await pool(take(peer, from, size), limit, paidSilently), limit, postPeer);
    await pool(take(floor, from, size), limit, (c) => postFloor(c.checkoutId));
    from += size;
  }

  const rounds: WebhookRound[] = [];
  for (let r = 0; r < options.rounds; r += 1) {
    const base = warm + r * perRound;
    // 1. Latency, sequential and interleaved so drift in the machine's load hits all three alike.
    const ourTimes: number[] = [];
    const peerTimes: number[] = [];
    const floorTimes: number[] = [];
    for (let i = 0; i < options.events; i += 1) {
      const mine = ours[base + i] as Seeded;
      const body = await paidSilently(mine);
      ourTimes.push(await timeToListener(db, mine.checkoutId, 'PAID', () => postOurs(body)));
      const peers = peer[base + i] as Seeded;
      const peerBody = await paidSilently(peers);
      peerTimes.push(await timeToListener(db, peers.checkoutId, 'PAID', () => postPeer(peerBody)));
      const theirs = floor[base + i] as Seeded;
      floorTimes.push(await timeToListener(db, theirs.checkoutId, 'PAID', () => postFloor(theirs.checkoutId)));
    }

    // 2. Throughput at the given concurrency: transitions applied (200 with outcome "applied") per second.
    const from = base + options.events;
    const bodies = await pool(take(ours, from, options.throughputEvents), 16, paidSilently);
    let applied = 0;
    const t0 = performance.now();
    await pool(bodies, options.concurrency, async (body) => {
      const res = await within(postWebhook(body), ANSWER_MS, 'our webhook');
      if (res.status === 200 && res.body?.outcome === 'applied') applied += 1;
    });
    const ourSeconds = (performance.now() - t0) / 1000;
    const peerBodies = await pool(take(peer, from, options.throughputEvents), 16, paidSilently);
    let peerOk = 0;
    const tp = performance.now();
    await pool(peerBodies, options.concurrency, async (body) => {
      if ((await postPeer(body)) === 200) peerOk += 1;
    });
    const peerSeconds = (performance.now() - tp) / 1000;
    const t1 = performance.now();
    await pool(take(floor, from, options.throughputEvents), options.concurrency, (c) => postFloor(c.checkoutId));
    const floorSeconds = (performance.now() - t1) / 1000;

    rounds.push({
      p50: round(percentile(ourTimes, 50)),
      p95: round(percentile(ourTimes, 95)),
      peerP50: round(percentile(peerTimes, 50)),
      peerP95: round(percentile(peerTimes, 95)),
      floorP50: round(percentile(floorTimes, 50)),
      floorP95: round(percentile(floorTimes, 95)),
      perSecond: round(applied / ourSeconds),
      peerPerSecond: round(peerOk / peerSeconds),
      floorPerSecond: round(options.throughputEvents / floorSeconds),
      applied,
    });
  }
  await sim.config({ latencyMs: 0 });
  return rounds;
}
