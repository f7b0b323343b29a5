/**
 * Reconciliation at scale: 300 open checkouts (RECONCILE_SCALE_COUNT), half of them paid at the gateway with
 * their webhooks lost, and the gateway failing about one Get Checkout call in ten. The first run repairs what it can and counts
 * the rest as failed; a second run, without faults, leaves every document equal to the gateway.
 */
import { expect } from 'chai';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, closeSessions, session, sim, type Session } from './harness';
import { testTimeout } from '../support/wait';

const COUNT = Number(process.env.RECONCILE_SCALE_COUNT ?? 300);

describe(`reconciliation over ${COUNT} open checkouts with injected gateway faults`, function () {
  this.timeout(testTimeout(240_000));
  let manager: Session;
  const ids: { checkoutId: string; gatewayId: string; paid: boolean }[] = [];

  before(async () => {
    manager = await session('manager');
    // Other suites' checkouts fall due as the run goes on (10 minutes after creation): move them out of this
    // test's way, so each run's counts are this test's alone.
    const soon = await adminDb.collection('checkouts').where('nextCheckAt', '<=', Timestamp.fromMillis(Date.now() + 3_600_000)).get();
    await Promise.all(soon.docs.map((d) => d.ref.update({ nextCheckAt: Timestamp.fromMillis(Date.now() + 86_400_000) })));
    const run = `${process.pid}-${Date.now().toString(36)}`;
    const old = Timestamp.fromMillis(Date.now() - 3_600_000);
    const expiresAt = Timestamp.fromMillis(Date.now() + 86_400_000);
    for (let start = 0; start < COUNT; start += 50) {
      const batch = adminDb.batch();
      const made = await Promise.all(
        Array.from({ length: Math.min(50, COUNT - start) }, async (_, offset) => {
          const index = start + offset;
          const checkoutId = `scale-${run}-${index}`;
          const res = await sim.api('POST', '/checkout/qr', {
            requestId: checkoutId,
            orderId: `SCALE-${run}-${index}`,
            currency: 'AED',
            amount: 12.5,
            qrSize: 64,
            expiresIn: 1440,
          });
          expect(res.body.success, JSON.stringify(res.body)).to.equal(true);
          return { checkoutId, gateway: res.body.result, paid: index % 2 === 0 };
        }),
      );
      for (const { checkoutId, gateway, paid } of made) {
        ids.push({ checkoutId, gatewayId: gateway.id, paid });
        batch.create(adminDb.doc(`checkouts/${checkoutId}`), {
          orderId: gateway.orderId,
          description: null,
          amount: '12.50',
          amountMinor: 1250,
          currency: 'AED',
          status: 'PENDING',
          qrImage: gateway.base64QR,
          checkoutUrl: gateway.redirectUrl,
          expiresAt,
          createdBy: manager.uid,
          createdAt: old,
          updatedAt: old,
          nextCheckAt: old,
          totalRefunded: '0.00',
          totalRefundedMinor: 0,
          refundReservedMinor: 0,
          version: 1,
          gateway: {
            id: gateway.id,
            displayId: gateway.displayId,
            checkoutKey: gateway.checkoutKey,
            requestId: checkoutId,
            firebaseDatabase: gateway.firebaseDatabase,
            firebaseCollection: gateway.firebaseCollection,
            firebaseDocument: gateway.firebaseDocument,
          },
        });
        batch.create(adminDb.doc(`checkouts/${checkoutId}/events/00000001`), {
          from: null, to: 'PENDING', source: 'create', at: old, version: 1, inferred: false, totalRefunded: '0.00',
        });
      }
      await batch.commit();
    }
    // Paid at the gateway, webhooks lost.
    for (const { gatewayId, paid } of ids) if (paid) await sim.move(gatewayId, 'pay', { webhook: false });
  });
  after(async () => {
    await sim.clearFaults();
    await closeSessions();
  });

  async function statuses(): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 100) {
      const refs = ids.slice(i, i + 100).map(({ checkoutId }) => adminDb.doc(`checkouts/${checkoutId}`));
      for (const snap of await adminDb.getAll(...refs)) result.set(snap.id, snap.get('status') as string);
    }
    return result;
  }

  it('counts what it repaired and what failed, then a second run repairs the rest', async () => {
    const paidCount = ids.filter((c) => c.paid).length;
    // About 10% of the run's Get Checkout calls (each is retried twice, so some checkouts fail outright).
    await sim.fault('^GET /checkout/\\d+$', 'http500', Math.round(COUNT * 0.3));
    const first = await manager.call<{ scanned: number; changed: number; expired: number; failed: number }>('reconcileNow', {});
    await sim.clearFaults();
    const afterFirst = await statuses();
    const nowPaid = ids.filter((c) => afterFirst.get(c.checkoutId) === 'PAID').length;
    expect(first.scanned).to.equal(COUNT);
    expect(first.failed).to.be.greaterThan(0);
    expect(first.expired).to.equal(0);
    expect(first.changed).to.equal(nowPaid);
    expect(first.changed + first.failed).to.be.at.most(COUNT);
    expect(first.changed).to.be.at.least(paidCount - first.failed);
    expect(ids.every((c) => ['PENDING', 'PAID'].includes(afterFirst.get(c.checkoutId) ?? '') && (c.paid || afterFirst.get(c.checkoutId) === 'PENDING'))).to.equal(true);

    const second = await manager.call<{ scanned: number; changed: number; expired: number; failed: number }>('reconcileNow', {});
    // Only what the first run could not check is still due: the rest moved its next check forward.
    expect(second).to.include({ scanned: first.failed, changed: paidCount - nowPaid, expired: 0, failed: 0, complete: true });
    const afterSecond = await statuses();
    for (const { checkoutId, paid } of ids) expect(afterSecond.get(checkoutId), checkoutId).to.equal(paid ? 'PAID' : 'PENDING');
    const sample = await adminDb.collection(`checkouts/${ids[0]?.checkoutId}/events`).get();
    expect(sample.docs.map((d) => d.get('source')).sort()).to.deep.equal(['create', 'reconcile']);
  });
});
