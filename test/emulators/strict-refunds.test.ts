/**
 * Refunds against the strict simulator: a gateway that does only what PointCheckout documents. It does not
 * de-duplicate refunds by referenceId, so "applied, then the answer was lost" must never turn into a second
 * refund, and a refund whose outcome was never heard must not hold its amount forever.
 */
import { expect } from 'chai';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, checkoutDoc, closeSessions, orderId, rejectsWith, session, sim, watchUntil, type Session } from './harness';
import { useStrictGateway } from './strictGateway';

async function paidCheckout(manager: Session, amount = '100.00') {
  const { checkoutId } = await manager.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('STRICT-RF'), amount, currency: 'AED' });
  const gatewayId = (await checkoutDoc(checkoutId))?.gateway.id as string;
  const done = watchUntil(manager.db, checkoutId, (d) => d.status === 'PAID');
  await sim.move(gatewayId, 'pay');
  await done;
  return { checkoutId, gatewayId };
}

async function gatewayRefunded(gatewayId: string): Promise<number> {
  const res = await sim.checkout(gatewayId);
  return Number(res.body.result.totalRefunded ?? 0);
}

async function refundRecords(checkoutId: string) {
  const snap = await adminDb.collection(`checkouts/${checkoutId}/refunds`).orderBy('at').get();
  return snap.docs.map((d) => ({ id: d.id, ref: d.ref, ...(d.data() as { gatewayStatus: string; amountMinor: number }) }));
}

/** Moves every refund record's send time back, as if its call had been out of flight for `ms`. */
async function ageRefunds(checkoutId: string, ms: number) {
  for (const record of await refundRecords(checkoutId)) await record.ref.update({ at: Timestamp.fromMillis(Date.now() - ms) });
}

describe('strict gateway: refunds (defects 1 and 3)', () => {
  let manager: Session;

  useStrictGateway();
  before(async () => {
    manager = await session('manager');
  });
  after(closeSessions);

  it('the strict gateway itself refunds twice for one referenceId (what our client must never risk)', async () => {
    const { gatewayId } = await paidCheckout(manager);
    const query = '?amount=10.00&currency=AED&note=twice&referenceId=same-ref';
    expect((await sim.api('POST', `/checkout/${gatewayId}/refund${query}`)).status).to.equal(200);
    expect((await sim.api('POST', `/checkout/${gatewayId}/refund${query}`)).status).to.equal(200);
    expect(await gatewayRefunded(gatewayId)).to.equal(20);
  });

  it('a refund applied and then answered 502 is refunded once and reported as done', async () => {
    const { checkoutId, gatewayId } = await paidCheckout(manager);
    const before = await sim.stats();
    await sim.fault(`^POST /checkout/${gatewayId}/refund$`, 'applied502', 1);
    const result = await manager.call<{ status: string; totalRefunded: string; refund: { amount: string } }>('refundCheckout', {
      checkoutId,
      amount: '30.00',
      note: 'lost answer',
    });
    expect(result).to.include({ status: 'PARTIALLY_REFUNDED', totalRefunded: '30.00' });
    expect(await gatewayRefunded(gatewayId)).to.equal(30);
    const after = await sim.stats();
    expect(after.refunds - before.refunds, 'refund POSTs sent').to.equal(1);
    const records = await refundRecords(checkoutId);
    expect(records.map((r) => r.gatewayStatus)).to.deep.equal(['APPLIED']);
    expect(await checkoutDoc(checkoutId)).to.include({ refundsPending: 0, refundReservedMinor: 3000, totalRefundedMinor: 3000 });
  });

  it('a refund applied and then timed out is refunded once; the rest can still be refunded', async () => {
    const { checkoutId, gatewayId } = await paidCheckout(manager, '50.00');
    await sim.fault(`^POST /checkout/${gatewayId}/refund$`, 'timeout', 1);
    const first = await manager.call<{ totalRefunded: string }>('refundCheckout', { checkoutId, amount: '20.00', note: 'timeout' });
    expect(first.totalRefunded).to.equal('20.00');
    const rest = await manager.call<{ status: string; totalRefunded: string }>('refundCheckout', { checkoutId, note: 'the rest' });
    expect(rest).to.include({ status: 'REFUNDED', totalRefunded: '50.00' });
    expect(await gatewayRefunded(gatewayId)).to.equal(50);
  });

  it('a refund the gateway never took (502 before processing) is held, then released once it cannot land', async () => {
    const { checkoutId, gatewayId } = await paidCheckout(manager, '40.00');
    await sim.fault(`^POST /checkout/${gatewayId}/refund$`, 'http502', 1);
    await rejectsWith(manager.call('refundCheckout', { checkoutId, note: 'never taken' }), 'unavailable', /held, not repeated/);
    expect((await refundRecords(checkoutId)).map((r) => r.gatewayStatus)).to.deep.equal(['UNKNOWN']);
    // While held, nothing more can be refunded: the amount may have been taken.
    await rejectsWith(manager.call('refundCheckout', { checkoutId, note: 'again' }), 'failed-precondition', /Nothing is left/);
    // Out of flight for two minutes, a refresh settles it from the gateway's total (0): released.
    await ageRefunds(checkoutId, 120_000);
    const view = await manager.call<{ refundsPending: number; totalRefunded: string }>('getCheckout', { checkoutId });
    expect(view).to.include({ refundsPending: 0, totalRefunded: '0.00' });
    expect((await refundRecords(checkoutId)).map((r) => r.gatewayStatus)).to.deep.equal(['NOT_APPLIED']);
    const retried = await manager.call<{ status: string }>('refundCheckout', { checkoutId, note: 'now for real' });
    expect(retried.status).to.equal('REFUNDED');
    expect(await gatewayRefunded(gatewayId)).to.equal(40);
  });

  it('a reservation left by a crash between reserving and sending is released by reconciliation', async () => {
    const { checkoutId } = await paidCheckout(manager, '25.00');
    const ref = adminDb.doc(`checkouts/${checkoutId}`);
    const longAgo = Timestamp.fromMillis(Date.now() - 600_000);
    // What reserveRefund leaves behind when the instance dies before the POST: a PENDING record and its reservation.
    await ref.collection('refunds').doc('crashed-refund').set({
      amount: '25.00', amountMinor: 2500, currency: 'AED', note: 'crash', by: manager.uid, at: longAgo, gatewayStatus: 'PENDING',
    });
    await ref.update({ refundReservedMinor: 2500, refundsPending: 1, nextCheckAt: longAgo });
    const summary = await manager.call<{ failed: number }>('reconcileNow', {});
    expect(summary.failed).to.equal(0);
    expect(await checkoutDoc(checkoutId)).to.include({ refundsPending: 0, refundReservedMinor: 0 });
    expect((await ref.collection('refunds').doc('crashed-refund').get()).get('gatewayStatus')).to.equal('NOT_APPLIED');
    expect((await checkoutDoc(checkoutId))?.nextCheckAt, 'nothing left to ask about').to.equal(undefined);
  });

  it('an unknown refund the gateway did take is settled as applied by the webhook of that refund', async () => {
    const { checkoutId, gatewayId } = await paidCheckout(manager, '60.00');
    // Applied, then 502, and the follow-up Get Checkout fails too: the call cannot tell, so it holds.
    await sim.fault(`^POST /checkout/${gatewayId}/refund$`, 'applied502', 1);
    // Enough for our follow-up Get Checkout (3 tries) and the refund webhook's own attempts racing it.
    await sim.fault(`^GET /checkout/${gatewayId}$`, 'http502', 20);
    await rejectsWith(manager.call('refundCheckout', { checkoutId, amount: '15.00', note: 'unheard' }), 'unavailable');
    await sim.clearFaults();
    // The gateway's webhook for the refund (or the next refresh) reads totalRefunded 15.00: ours, applied.
    const view = await manager.call<{ status: string; totalRefunded: string; refundsPending: number }>('getCheckout', { checkoutId });
    expect(view).to.include({ status: 'PARTIALLY_REFUNDED', totalRefunded: '15.00', refundsPending: 0 });
    expect((await refundRecords(checkoutId)).map((r) => r.gatewayStatus)).to.deep.equal(['APPLIED']);
    expect(await gatewayRefunded(gatewayId)).to.equal(15);
  });

  it('429 on a refund releases the amount at once and says when to try again', async () => {
    const { checkoutId, gatewayId } = await paidCheckout(manager, '10.00');
    await sim.fault(`^POST /checkout/${gatewayId}/refund$`, 'http429', 1, undefined, 7);
    await rejectsWith(manager.call('refundCheckout', { checkoutId, note: 'busy' }), 'unavailable', /try again in 7 s/);
    expect(await checkoutDoc(checkoutId)).to.include({ refundReservedMinor: 0, refundsPending: 0 });
    expect((await manager.call<{ status: string }>('refundCheckout', { checkoutId, note: 'later' })).status).to.equal('REFUNDED');
  });
});
