/**
 * Reconciliation fans out through the Cloud Tasks emulator: reconcileNow enqueues shards of due checkouts on the
 * `reconcileShard` queue, the shards check them at their share of the gateway budget (RECONCILE_GATEWAY_RATE=40
 * requests/s per account in the local stack, 4 shards at once), and the run document sums what they report. A
 * third of the checkouts belong to the second account (`live`, its own simulator): each account has its own
 * pace. Both simulators enforce PointCheckout's rate limit (50 requests/s per account) the whole time.
 */
import { expect } from 'chai';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, API_HEADERS, API_HEADERS_LIVE, closeSessions, LIVE_SIMULATOR_URL, session, SIMULATOR_URL, type Session } from './harness';
import { testTimeout } from '../support/wait';

const COUNT = 320;
const RATE_LIMIT = 50;

interface Seeded {
  checkoutId: string;
  gatewayId: string;
  kind: 'paid' | 'expired' | 'open';
  account: Account;
}

type Account = 'default' | 'live';
const GATEWAYS: Record<Account, { url: string; headers: Record<string, string> }> = {
  default: { url: SIMULATOR_URL, headers: API_HEADERS },
  live: { url: LIVE_SIMULATOR_URL, headers: API_HEADERS_LIVE },
};

async function gatewayCall(account: Account, method: 'GET' | 'POST', path: string, body?: unknown) {
  const { url, headers } = GATEWAYS[account];
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...(path.startsWith('/_sim') ? {} : headers), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${path} at ${account}`).to.equal(200);
  return res.json() as Promise<Record<string, any>>;
}
const stats = (account: Account) => gatewayCall(account, 'GET', '/_sim/stats') as Promise<Record<string, number>>;
const configure = (patch: Record<string, unknown>) => Promise.all((['default', 'live'] as const).map((a) => gatewayCall(a, 'POST', '/_sim/config', patch)));

async function seed(run: string, createdBy: string): Promise<Seeded[]> {
  const old = Timestamp.fromMillis(Date.now() - 3_600_000);
  const seeded: Seeded[] = [];
  for (let start = 0; start < COUNT; start += 40) {
    const batch = adminDb.batch();
    const made = await Promise.all(
      Array.from({ length: Math.min(40, COUNT - start) }, async (_, offset) => {
        const index = start + offset;
        const checkoutId = `fan-${run}-${index}`;
        const account: Account = index % 3 === 2 ? 'live' : 'default';
        const res = await gatewayCall(account, 'POST', '/mer/v2.0/checkout/qr', {
          requestId: checkoutId, orderId: `FAN-${run}-${index}`, currency: 'AED', amount: 7.25, qrSize: 64, expiresIn: 1440,
        });
        expect(res.success, JSON.stringify(res)).to.equal(true);
        const kind: Seeded['kind'] = index % 4 === 0 ? 'paid' : index % 25 === 1 ? 'expired' : 'open';
        return { checkoutId, gateway: res.result, kind, account };
      }),
    );
    for (const { checkoutId, gateway, kind, account } of made) {
      seeded.push({ checkoutId, gatewayId: gateway.id, kind, account });
      batch.create(adminDb.doc(`checkouts/${checkoutId}`), {
        orderId: gateway.orderId, description: null, amount: '7.25', amountMinor: 725, currency: 'AED', status: 'PENDING',
        qrImage: gateway.base64QR, checkoutUrl: gateway.redirectUrl,
        // Past our expiry while the gateway still calls it PENDING: reconciliation cancels it there and expires it.
        expiresAt: kind === 'expired' ? Timestamp.fromMillis(Date.now() - 120_000) : Timestamp.fromMillis(Date.now() + 86_400_000),
        createdBy, createdAt: old, updatedAt: old, nextCheckAt: old,
        totalRefunded: '0.00', totalRefundedMinor: 0, refundReservedMinor: 0, version: 1, account, mode: account === 'live' ? 'live' : 'test',
        gateway: {
          id: gateway.id, displayId: gateway.displayId, checkoutKey: gateway.checkoutKey, requestId: checkoutId,
          firebaseDatabase: gateway.firebaseDatabase, firebaseCollection: gateway.firebaseCollection, firebaseDocument: gateway.firebaseDocument,
        },
      });
      batch.create(adminDb.doc(`checkouts/${checkoutId}/events/00000001`), {
        from: null, to: 'PENDING', source: 'create', at: old, version: 1, inferred: false, totalRefunded: '0.00',
      });
    }
    await batch.commit();
  }
  // Paid at the gateway, webhooks lost.
  for (const c of seeded) if (c.kind === 'paid') await gatewayCall(c.account, 'POST', `/_sim/checkouts/${c.gatewayId}/pay`, { webhook: false });
  return seeded;
}

describe(`reconciliation fans out through the task queue (${COUNT} checkouts, gateway limit ${RATE_LIMIT}/s)`, function () {
  this.timeout(testTimeout(180_000));
  let manager: Session;
  let seeded: Seeded[] = [];

  before(async () => {
    manager = await session('manager');
    seeded = await seed(`${process.pid}-${Date.now().toString(36)}`, manager.uid ?? '');
    await configure({ rateLimitPerSecond: RATE_LIMIT, latencyMs: 20 });
  });
  after(async () => {
    await configure({ rateLimitPerSecond: null, latencyMs: 0 });
    await closeSessions();
  });

  it('reconcileNow enqueues shards that repair lost webhooks and expire what the gateway still calls PENDING, within the rate limit', async () => {
    const before = { default: await stats('default'), live: await stats('live') };
    const started = performance.now();
    const summary = await manager.call<{ scanned: number; changed: number; expired: number; failed: number; rateLimited: number; complete: boolean; runId: string }>('reconcileNow', {});
    const seconds = (performance.now() - started) / 1000;
    const after = { default: await stats('default'), live: await stats('live') };

    const paid = seeded.filter((c) => c.kind === 'paid').length;
    const expired = seeded.filter((c) => c.kind === 'expired').length;
    expect(summary.complete, JSON.stringify(summary)).to.equal(true);
    expect(summary.scanned).to.be.at.least(COUNT);
    // A check that failed (a gateway timeout on a loaded machine) stays due for the next run, which repairs it.
    expect(summary.failed, JSON.stringify(summary)).to.be.at.most(COUNT * 0.05);
    expect(summary.changed + summary.failed).to.be.at.least(paid + expired);
    expect(summary.expired + summary.failed).to.be.at.least(expired);

    // The run was split into shards that ran as tasks, each reporting once.
    const run = await adminDb.doc(`reconcileRuns/${summary.runId}`).get();
    expect(run.get('shards')).to.be.greaterThan(1);
    expect(run.get('shardsDone')).to.equal(run.get('shards'));
    expect((await run.ref.collection('shards').get()).size).to.equal(run.get('shards'));

    // The budget (40/s per account) stays under each account's 50/s: 429s stay rare, the average rate under the limit.
    for (const account of ['default', 'live'] as const) {
      const a = after[account];
      const b = before[account];
      const calls = (a.gets ?? 0) - (b.gets ?? 0) + (a.cancels ?? 0) - (b.cancels ?? 0);
      const limited = (a.rateLimited ?? 0) - (b.rateLimited ?? 0);
      const mine = seeded.filter((c) => c.account === account).length;
      console.log(`      ${account}: ${calls} gateway calls in ${seconds.toFixed(1)} s (${(calls / seconds).toFixed(1)}/s), ${limited} answered 429`);
      expect(calls, `${account}: every checkout asked at its own account`).to.be.at.least(mine);
      expect(limited, `${account}: ${limited} of ${calls} calls answered 429`).to.be.at.most(Math.ceil(calls * 0.02));
      expect(calls / seconds, `${account}: average gateway rate`).to.be.at.most(RATE_LIMIT);
    }
    console.log(`      ${run.get('shards')} shards, ${summary.failed} failed`);

    if (summary.failed > 0) {
      const again = await manager.call<{ scanned: number; failed: number; complete: boolean }>('reconcileNow', {});
      expect(again.scanned, 'only what failed is due again').to.be.at.least(summary.failed);
    }

    // Every document ends where the gateway is, and none is due again.
    const refs = seeded.map((c) => adminDb.doc(`checkouts/${c.checkoutId}`));
    const snaps = await adminDb.getAll(...refs);
    const now = Date.now();
    snaps.forEach((snap, i) => {
      const c = seeded[i] as Seeded;
      const want = c.kind === 'paid' ? 'PAID' : c.kind === 'expired' ? 'EXPIRED' : 'PENDING';
      expect(snap.get('status'), `${c.checkoutId} (${c.kind})`).to.equal(want);
      const next = snap.get('nextCheckAt') as Timestamp | undefined;
      if (next) expect(next.toMillis(), `${c.checkoutId} is not due again`).to.be.greaterThan(now);
    });

  });
});
