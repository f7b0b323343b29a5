/**
 * Issue #16 in the events stack (`npm run test:events`: events and the `orders/{orderId}` mirror on,
 * EVENTS_INCLUDE_TEST_MODE off as deployed, ORDER_IDS_MERCHANT_WIDE on): a test payment never reaches a live
 * order's mirror or a consumer's events, while the live payment of the same order does, with its account and
 * mode; merchant-wide order ids are still per account and mode, and a manager of the holding branch or the owner
 * releases an order another branch asks for.
 */
import { expect } from 'chai';
import {
  adminDb, checkoutDoc, closeSessions, eventually, liveSim, orderId, rejectsWith, session, sim, type Session,
} from '../emulators/harness';
import { testTimeout, WAIT_MS } from '../support/wait';

const LIVE = `ten-live-${process.pid}`;
const A = `ten-a-${process.pid}`;
const B = `ten-b-${process.pid}`;

async function outboxDone(checkoutId: string, count: number) {
  return eventually(async () => {
    const docs = (await adminDb.collection(`checkouts/${checkoutId}/events`).orderBy('version').get()).docs.map((d) => d.data());
    return docs.length >= count && docs.every((d) => d.outbox === 'done') && docs;
  }, `the outbox of ${checkoutId}`, WAIT_MS);
}

async function gatewayIdOf(checkoutId: string): Promise<string> {
  return (await checkoutDoc(checkoutId))?.gateway.id as string;
}

describe('tenancy in events, the mirror and merchant-wide order ids (issue #16)', function () {
  this.timeout(testTimeout(240_000));
  let owner: Session;
  let tester: Session;
  let liveStaff: Session;

  before(async () => {
    owner = await session('owner');
    await owner.call('upsertBranch', { branchId: LIVE, name: 'Live till', account: 'live' });
    await owner.call('upsertBranch', { branchId: A, name: 'Branch A' });
    await owner.call('upsertBranch', { branchId: B, name: 'Branch B' });
    [tester, liveStaff] = await Promise.all([session('staff'), session('staff', { branches: [LIVE] })]);
  });
  after(closeSessions);

  it('a test payment never reaches the mirror or the events; the live payment of the same order does, with its mode', async () => {
    const order = orderId('INV');
    const test = await tester.call<{ checkoutId: string; mode: string }>('createQrCheckout', { orderId: order, amount: '80.00', currency: 'AED' });
    expect(test.mode).to.equal('test');
    await sim.move(await gatewayIdOf(test.checkoutId), 'pay');
    const testEvents = await outboxDone(test.checkoutId, 2);
    expect(testEvents.map((e) => e.to)).to.deep.equal(['PENDING', 'PAID']);
    for (const event of testEvents) expect(event.outboxDone).to.include({ published: 'test-mode', mirrored: 'test-mode' });
    expect((await adminDb.collection('eventDeliveries').where('data.checkoutId', '==', test.checkoutId).get()).size).to.equal(0);
    expect((await adminDb.doc(`orders/${order}`).get()).exists, 'the order is not marked by a test payment').to.equal(false);

    // The live till takes the real payment of the same invoice: its own order, mirrored and published.
    const live = await liveStaff.call<{ checkoutId: string; mode: string; account: string }>('createQrCheckout', { orderId: order, amount: '80.00', currency: 'AED' });
    expect(live).to.include({ mode: 'live', account: 'live' });
    await liveSim.move(await gatewayIdOf(live.checkoutId), 'pay');
    await outboxDone(live.checkoutId, 2);
    const mirrored = (await adminDb.doc(`orders/${order}`).get()).data();
    expect(mirrored?.paymentStatus).to.equal('PAID');
    expect(mirrored?.paymentStatusSource).to.include({ checkoutId: live.checkoutId, account: 'live', mode: 'live' });
    const applied = await eventually(async () => (await adminDb.doc(`eventsApplied/${live.checkoutId}-2`).get()).data(), 'the live paid event', WAIT_MS);
    expect(applied.data).to.include({ status: 'PAID', account: 'live', mode: 'live', branchId: LIVE });
  });

  it('merchant-wide order ids: another branch hears "in use elsewhere"; a manager of the holder or the owner releases it', async () => {
    const [staffA, managerA, managerB] = await Promise.all([
      session('staff', { branches: [A] }), session('manager', { branches: [A] }), session('manager', { branches: [B] }),
    ]);
    const order = orderId('WIDE');
    const held = await staffA.call<{ checkoutId: string }>('createQrCheckout', { orderId: order, amount: '12.00', currency: 'AED' });
    // Branch B asks for the same order, same amount: never handed A's checkout, never told its id or status.
    const refusal = await managerB.call('createQrCheckout', { orderId: order, amount: '12.00', currency: 'AED' }).then(
      () => expect.fail('branch B was handed an order branch A holds'),
      (error: { code: string; message: string }) => error,
    );
    expect(refusal.code).to.equal('functions/failed-precondition');
    expect(refusal.message).to.match(/in use elsewhere/);
    expect(refusal.message).to.not.include(held.checkoutId);
    expect(refusal.message).to.not.match(/PENDING/);
    // Still per account and mode: the live till may use the same order id meanwhile.
    const onLive = await liveStaff.call<{ checkoutId: string }>('createQrCheckout', { orderId: order, amount: '12.00', currency: 'AED' });
    expect(onLive.checkoutId).to.not.equal(held.checkoutId);
    // A's manager releases it (B's manager may not), then B takes the order.
    await rejectsWith(managerB.call('cancelCheckout', { checkoutId: held.checkoutId }), 'permission-denied');
    expect((await managerA.call<{ status: string }>('cancelCheckout', { checkoutId: held.checkoutId })).status).to.equal('CANCELLED');
    const taken = await managerB.call<{ checkoutId: string; status: string }>('createQrCheckout', { orderId: order, amount: '12.00', currency: 'AED' });
    expect(taken.status).to.equal('PENDING');
    expect((await checkoutDoc(taken.checkoutId))?.branchId).to.equal(B);
    // The owner releases B's hold for A.
    expect((await owner.call<{ status: string }>('cancelCheckout', { checkoutId: taken.checkoutId })).status).to.equal('CANCELLED');
    const back = await staffA.call<{ checkoutId: string }>('createQrCheckout', { orderId: order, amount: '12.00', currency: 'AED' });
    expect((await checkoutDoc(back.checkoutId))?.branchId).to.equal(A);
  });
});
