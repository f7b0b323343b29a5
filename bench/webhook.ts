/**
 * Figures 1 and 2: webhook → client listener latency, and webhook throughput at concurrency 16, each against
 * the peer floor (benchPeerWebhook: token, Get Checkout, plain update) and the bare floor (benchFloorWrite: one
 * field of one document), measured in the same run, interleaved.
 */
import { doc, onSnapshot, type Firestore } from 'firebase/firestore';
import { FUNCTIONS_URL, postWebhook, sim, WEBHOOK_TOKEN } from '../test/emulators/harness';
import { seedCheckouts, type Seeded } from './seed';
import { percentile, pool, round } from './stats';

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
  });
  await res.arrayBuffer();
  return res.status;
}

/** Pays at the simulator with the webhook suppressed and returns the body PointCheckout would have sent. */
async function paidSilently(checkout: Seeded): Promise<Record<string, unknown>> {
  return (await sim.move(checkout.gatewayId, 'pay', { webhook: false })) as Record<string, unknown>;
}

async function postOurs(body: Record<string, unknown>): Promise<number> {
  return (await postWebhook(body)).status;
}

/** The same body PointCheckout would send, to the peer webhook (token in the query, as PointCheckout registers it). */
async function postPeer(body: Record<string, unknown>): Promise<number> {
  const res = await fetch(PEER_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

export interface WebhookFigures {
  latency: { events: number; p50: number; p95: number; peerP50: number; peerP95: number; floorP50: number; floorP95: number };
  throughput: { events: number; concurrency: number; perSecond: number; peerPerSecond: number; floorPerSecond: number; applied: number };
}

export async function benchWebhook(db: Firestore, createdBy: string, options: { events: number; throughputEvents: number; concurrency: number }): Promise<WebhookFigures> {
  const run = Date.now().toString(36);
  const warm = options.concurrency * 2;
  const count = options.events + options.throughputEvents + warm;
  const [ours, peer, floor] = await Promise.all([
    seedCheckouts(count, { prefix: `bw-${run}`, createdBy }),
    seedCheckouts(count, { prefix: `bp-${run}`, createdBy }),
    seedCheckouts(count, { prefix: `bf-${run}`, createdBy, atGateway: false }),
  ]);
  const take = (list: Seeded[], from: number, count: number) => list.slice(from, from + count);

  // Warm up: as many emulator workers as the throughput phase will use, for all three functions.
  await pool(await pool(take(ours, 0, warm), options.concurrency, paidSilently), options.concurrency, postOurs);
  await pool(await pool(take(peer, 0, warm), options.concurrency, paidSilently), options.concurrency, postPeer);
  await pool(take(floor, 0, warm), options.concurrency, (c) => postFloor(c.checkoutId));

  // 1. Latency, sequential and interleaved so drift in the machine's load hits all three alike.
  const ourTimes: number[] = [];
  const peerTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let i = 0; i < options.events; i += 1) {
    const mine = ours[warm + i] as Seeded;
    const body = await paidSilently(mine);
    ourTimes.push(await timeToListener(db, mine.checkoutId, 'PAID', () => postOurs(body)));
    const peers = peer[warm + i] as Seeded;
    const peerBody = await paidSilently(peers);
    peerTimes.push(await timeToListener(db, peers.checkoutId, 'PAID', () => postPeer(peerBody)));
    const theirs = floor[warm + i] as Seeded;
    floorTimes.push(await timeToListener(db, theirs.checkoutId, 'PAID', () => postFloor(theirs.checkoutId)));
  }

  // 2. Throughput at the given concurrency: transitions applied (200 with outcome "applied") per second.
  const bodies = await pool(take(ours, warm + options.events, options.throughputEvents), 16, paidSilently);
  let applied = 0;
  const t0 = performance.now();
  await pool(bodies, options.concurrency, async (body) => {
    const res = await postWebhook(body);
    if (res.status === 200 && res.body?.outcome === 'applied') applied += 1;
  });
  const ourSeconds = (performance.now() - t0) / 1000;
  const peerBodies = await pool(take(peer, warm + options.events, options.throughputEvents), 16, paidSilently);
  let peerOk = 0;
  const tp = performance.now();
  await pool(peerBodies, options.concurrency, async (body) => {
    if ((await postPeer(body)) === 200) peerOk += 1;
  });
  const peerSeconds = (performance.now() - tp) / 1000;
  const tpFloor = take(floor, warm + options.events, options.throughputEvents);
  const t1 = performance.now();
  await pool(tpFloor, options.concurrency, (c) => postFloor(c.checkoutId));
  const floorSeconds = (performance.now() - t1) / 1000;

  return {
    latency: {
      events: options.events,
      p50: round(percentile(ourTimes, 50)),
      p95: round(percentile(ourTimes, 95)),
      peerP50: round(percentile(peerTimes, 50)),
      peerP95: round(percentile(peerTimes, 95)),
      floorP50: round(percentile(floorTimes, 50)),
      floorP95: round(percentile(floorTimes, 95)),
    },
    throughput: {
      events: options.throughputEvents,
      concurrency: options.concurrency,
      perSecond: round(applied / ourSeconds),
      peerPerSecond: round(peerOk / peerSeconds),
      floorPerSecond: round(options.throughputEvents / floorSeconds),
      applied,
    },
  };
}
