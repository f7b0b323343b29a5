/**
 * Helpers shared by the reliability scenarios: seeded randomness, a bounded pool, the history invariants
 * every checkout must keep, and access to the simulator's webhook registration.
 */
import { canTransition, type CheckoutStatus } from '../../functions/src/domain/status';
import { adminDb, sim, WEBHOOK_URL } from '../emulators/harness';

/** mulberry32: small, fast, seedable; the suite's randomness must be replayable from the printed seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface HistoryProblems {
  versionMismatch: boolean;
  duplicates: number;
  backwards: number;
  broken: number;
}

/**
 * The invariants of one checkout's history: `version` equals the number of events, events are numbered
 * 1..n with no gap, each hop starts where the previous ended, no transition is recorded twice (a repeated
 * PARTIALLY_REFUNDED hop counts only if the refunded total grew), and none goes backwards (every hop is an
 * edge of the state machine).
 */
export async function historyOf(checkoutId: string): Promise<{ status: CheckoutStatus; totalRefunded: string; problems: HistoryProblems; path: string[] }> {
  const ref = adminDb.collection('checkouts').doc(checkoutId);
  const [snap, events] = await Promise.all([ref.get(), ref.collection('events').orderBy('version').get()]);
  const doc = snap.data();
  if (!doc) throw new Error(`checkouts/${checkoutId} does not exist`);
  const problems: HistoryProblems = { versionMismatch: doc.version !== events.size, duplicates: 0, backwards: 0, broken: 0 };
  const seen = new Set<string>();
  let previous: { to: string; totalRefunded: string } | null = null;
  events.docs.forEach((event, index) => {
    const e = event.data() as { from: CheckoutStatus | null; to: CheckoutStatus; version: number; totalRefunded: string };
    if (event.id !== String(index + 1).padStart(8, '0') || e.version !== index + 1) problems.broken += 1;
    if (previous === null) {
      if (e.from !== null || e.to !== 'PENDING') problems.broken += 1;
    } else {
      if (e.from !== previous.to) problems.broken += 1;
      if (e.from === null || !canTransition(e.from, e.to)) problems.backwards += 1;
    }
    const key = `${e.from}→${e.to}${e.to === 'PARTIALLY_REFUNDED' ? `@${e.totalRefunded}` : ''}`;
    if (seen.has(key)) problems.duplicates += 1;
    seen.add(key);
    previous = { to: e.to, totalRefunded: e.totalRefunded };
  });
  const last = events.docs[events.size - 1]?.get('to') as string | undefined;
  if (last !== doc.status) problems.broken += 1;
  return {
    status: doc.status as CheckoutStatus,
    totalRefunded: doc.totalRefunded as string,
    problems,
    path: events.docs.map((e) => e.get('to') as string),
  };
}

export function clean(problems: HistoryProblems): boolean {
  return !problems.versionMismatch && problems.duplicates === 0 && problems.backwards === 0 && problems.broken === 0;
}

export function sumProblems(all: HistoryProblems[]): HistoryProblems {
  return all.reduce(
    (a, p) => ({
      versionMismatch: a.versionMismatch || p.versionMismatch,
      duplicates: a.duplicates + p.duplicates,
      backwards: a.backwards + p.backwards,
      broken: a.broken + p.broken,
    }),
    { versionMismatch: false, duplicates: 0, backwards: 0, broken: 0 },
  );
}

/** The checkout as the gateway (simulator) holds it now. */
export async function gatewayCheckout(gatewayId: string): Promise<{ status: string; totalRefunded: number; requestId: string }> {
  const res = await sim.api('GET', `/checkout/${gatewayId}`);
  if (!res.body?.success) throw new Error(`simulator GET /checkout/${gatewayId}: ${JSON.stringify(res.body)}`);
  return res.body.result;
}

/** The simulator's registration of our webhook (stack.mjs registers it at start). */
async function ourWebhookId(): Promise<string> {
  const res = await sim.api('GET', '/webhooks');
  const hooks = res.body.result as { id: string; address: string }[];
  const hook = hooks.find((h) => h.address.startsWith(WEBHOOK_URL));
  if (!hook) throw new Error('our webhook is not registered at the simulator');
  return hook.id;
}

/**
 * Turns the simulator's own webhook deliveries off or on. The storm delivers webhooks itself (duplicated and
 * shuffled), so it silences the simulator's sender meanwhile; enabling also clears a `failed` mark.
 */
export async function setSimulatorWebhook(enabled: boolean): Promise<void> {
  const id = await ourWebhookId();
  const res = await sim.api('POST', `/webhooks/${id}/${enabled ? 'enable' : 'disable'}`);
  if (!res.body?.success) throw new Error(`could not ${enabled ? 'enable' : 'disable'} the webhook: ${JSON.stringify(res.body)}`);
}

export async function simStats(): Promise<{ creates: number; gets: number; cancels: number; refunds: number }> {
  const res = await fetch(`${process.env.POINTCHECKOUT_SIMULATOR_URL}/_sim/stats`);
  return (await res.json()) as { creates: number; gets: number; cancels: number; refunds: number };
}

/** Documents written anywhere we care about: a hostile call must not change any of these counts. */
export async function writeCounts(): Promise<{ checkouts: number; events: number; refunds: number; claims: number }> {
  const [checkouts, events, refunds, claims] = await Promise.all([
    adminDb.collection('checkouts').count().get(),
    adminDb.collectionGroup('events').count().get(),
    adminDb.collectionGroup('refunds').count().get(),
    adminDb.collection('checkoutClaims').count().get(),
  ]);
  return {
    checkouts: checkouts.data().count,
    events: events.data().count,
    refunds: refunds.data().count,
    claims: claims.data().count,
  };
}
