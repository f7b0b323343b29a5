/**
 * Refunds against the strict simulator: a gateway that does only what PointCheckout documents. It does not
 * de-duplicate refunds by referenceId, so "applied, then the answer was lost" must never turn into a second
 * refund, and a refund whose outcome was never heard must not hold its amount forever.
 */
import { expect } from 'chai';
import { Timestamp } from 'firebase-admin/firestore';
import { PointCheckoutClient } from '../../functions/src/pointcheckout/client';
import { refundCheckout } from '../../functions/src/refunds/refund';
import { settleRefundsFromGateway } from '../../functions/src/refunds/refundSettlement';
import { adminDb, API_HEADERS, checkoutDoc, closeSessions, eventually, orderId, rejectsWith, session, sim, SIMULATOR_URL, watchUntil, type Session } from './harness';
import { setSimulatorWebhook } from '../reliability/support';
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
  return snap.docs.map((d) => ({ id: d.id, ref: d.ref, ...(d.data() as { gatewayStatus: string; amountMinor: number; source?: string }) }));
}

/** A refund made in PointCheckout's dashboard: straight at the gateway (which sends its webhook), nothing of ours. */
async function dashboardRefund(gatewayId: string, amount: string) {
  const res = await sim.api('POST', `/checkout/${gatewayId}/refund?amount=${amount}&currency=AED&note=dashboard&referenceId=dash-${orderId()}`);
  expect(res.status).to.equal(200);
}

/** Our gateway client, against the simulator, for calling the refund service directly with a doctored answer. */
function simClient(): PointCheckoutClient {
  return new PointCheckoutClient({
    baseUrl: `${SIMULATOR_URL}/mer/v2.0/`,
    apiKey: API_HEADERS['X-PointCheckout-Api-Key'],
    apiSecret: API_HEADERS['X-PointCheckout-Api-Secret'],
    timeoutMs: 10_000,
    headerFamily: 'pointcheckout',
  });
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
    await rejectsWith(manager.call('refundCheckout', { checkoutId, note: 'never taken' }), 'unavailable', /held, settling/);
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

  it('a dashboard refund is never taken for ours the gateway refused: held, settling, then released (issue 17, item 1)', async () => {
    const { checkoutId, gatewayId } = await paidCheckout(manager, '100.00');
    await dashboardRefund(gatewayId, '50.00');
    // Its webhook (or this refresh) records it: our total follows the gateway's, and a record says it was made outside.
    await manager.call('getCheckout', { checkoutId });
    await eventually(async () => (await refundRecords(checkoutId)).some((r) => r.source === 'gateway'), 'the outside refund recorded');
    expect((await refundRecords(checkoutId)).map((r) => `${r.source} ${r.gatewayStatus} ${r.amountMinor}`)).to.deep.equal(['gateway APPLIED 5000']);
    expect(await checkoutDoc(checkoutId)).to.include({ totalRefundedMinor: 5000, refundsRecordedMinor: 5000 });
    // A manager refunds 30.00; the gateway answers 502 without processing it.
    await sim.fault(`^POST /checkout/${gatewayId}/refund$`, 'http502', 1);
    await rejectsWith(manager.call('refundCheckout', { checkoutId, amount: '30.00', note: 'refused' }), 'unavailable', /held, settling/);
    expect(await gatewayRefunded(gatewayId)).to.equal(50);
    const ours = (await refundRecords(checkoutId)).find((r) => r.source === 'ours');
    expect(ours?.gatewayStatus, 'never declared made').to.equal('UNKNOWN');
    // Out of flight, settlement releases it: the customer can be refunded the 30.00 for real.
    await ageRefunds(checkoutId, 120_000);
    await manager.call('getCheckout', { checkoutId });
    expect((await refundRecords(checkoutId)).map((r) => `${r.source} ${r.gatewayStatus}`)).to.deep.equal(['gateway APPLIED', 'ours NOT_APPLIED']);
    const again = await manager.call<{ totalRefunded: string }>('refundCheckout', { checkoutId, amount: '30.00', note: 'for real' });
    expect(again.totalRefunded).to.equal('80.00');
    expect(await gatewayRefunded(gatewayId)).to.equal(80);
    expect(await checkoutDoc(checkoutId)).to.include({ refundsPending: 0, refundReservedMinor: 8000, refundsRecordedMinor: 8000 });
  });

  // The interleaving the strict-money reliability mix met (gateway applied 17 refunds, we held 18): a dashboard
  // refund lands, and before its webhook is handled a manager's refund is reserved and answered 502 untaken. Our
  // total then lagged the gateway's, so the dashboard's 12.25 counted as growth since ours was reserved, and the
  // oldest-first fallback took ours (10.00) for part of it: ours APPLIED plus an outside 2.25, for one refund.
  it('a dashboard refund whose webhook has not landed yet is never taken for ours the gateway refused just after', async () => {
    const { checkoutId, gatewayId } = await paidCheckout(manager, '100.00');
    await setSimulatorWebhook(false); // its webhook is still on its way
    try {
      await dashboardRefund(gatewayId, '12.25');
      expect(await checkoutDoc(checkoutId)).to.include({ totalRefundedMinor: 0 });
      await sim.fault(`^POST /checkout/${gatewayId}/refund$`, 'http502', 1);
      await rejectsWith(manager.call('refundCheckout', { checkoutId, amount: '10.00', note: 'refused' }), 'unavailable', /held, settling/);
    } finally {
      await setSimulatorWebhook(true);
    }
    expect(await gatewayRefunded(gatewayId)).to.equal(12.25);
    // Out of flight, the next refresh settles: the gateway's 12.25 is the dashboard's, ours was never taken.
    await ageRefunds(checkoutId, 120_000);
    await manager.call('getCheckout', { checkoutId });
    const records = (await refundRecords(checkoutId)).map((r) => `${r.source} ${r.gatewayStatus} ${r.amountMinor}`).sort();
    expect(records).to.deep.equal(['gateway APPLIED 1225', 'ours NOT_APPLIED 1000']);
    expect(await checkoutDoc(checkoutId)).to.include({ totalRefundedMinor: 1225, refundsRecordedMinor: 1225, refundReservedMinor: 1225, refundsPending: 0 });
    // And the customer can be refunded the 10.00 for real.
    const again = await manager.call<{ totalRefunded: string }>('refundCheckout', { checkoutId, amount: '10.00', note: 'for real' });
    expect(again.totalRefunded).to.equal('22.25');
    expect(await gatewayRefunded(gatewayId)).to.equal(22.25);
  });

  // The ambiguity PointCheckout's API leaves (it reports only the total): ours answered 502 untaken, then, while
  // it may still land, a dashboard refund larger than it. "Ours taken + 2.25 outside" and "12.25 outside" both
  // explain the total; settlement takes ours, so that the same money is never refunded twice. The books still
  // equal the gateway's total; only the split between the two records can be wrong.
  it('the documented ambiguity: a dashboard refund while ours is unsettled is split to take ours, never refunding twice', async () => {
    const { checkoutId, gatewayId } = await paidCheckout(manager, '100.00');
    await sim.fault(`^POST /checkout/${gatewayId}/refund$`, 'http502', 1);
    await rejectsWith(manager.call('refundCheckout', { checkoutId, amount: '10.00', note: 'refused' }), 'unavailable', /held, settling/);
    await dashboardRefund(gatewayId, '12.25');
    await ageRefunds(checkoutId, 120_000);
    await manager.call('getCheckout', { checkoutId });
    const records = (await refundRecords(checkoutId)).map((r) => `${r.source} ${r.gatewayStatus} ${r.amountMinor}`).sort();
    expect(records).to.deep.equal(['gateway APPLIED 225', 'ours APPLIED 1000']);
    expect(await checkoutDoc(checkoutId)).to.include({ totalRefundedMinor: 1225, refundsRecordedMinor: 1225, refundsPending: 0 });
    expect(await gatewayRefunded(gatewayId)).to.equal(12.25);
  });

  it('a refund answer whose status is not a refund outcome is settled from the total, never stored as that status', async () => {
    const { checkoutId, gatewayId } = await paidCheckout(manager, '70.00');
    const client = simClient();
    // The gateway takes the refund but its answer says PAID.
    const odd = Object.assign(Object.create(client) as PointCheckoutClient, {
      refundCheckout: async (id: string, refund: Parameters<PointCheckoutClient['refundCheckout']>[1]) => ({ ...(await client.refundCheckout(id, refund)), status: 'PAID' }),
    });
    const result = await refundCheckout({ uid: manager.uid as string, role: 'manager', branches: null }, { checkoutId, amount: '20.00', note: 'odd answer' }, () => odd);
    expect(result.checkout.data).to.include({ status: 'PARTIALLY_REFUNDED', totalRefundedMinor: 2000, refundsPending: 0 });
    expect((await refundRecords(checkoutId)).map((r) => r.gatewayStatus)).to.deep.equal(['APPLIED']);
    expect(await gatewayRefunded(gatewayId)).to.equal(20);
  });

  it('settlement never releases a refund the gateway took because a later one was confirmed after its total was read (item 4)', async () => {
    const { checkoutId, gatewayId } = await paidCheckout(manager, '60.00');
    // No webhooks meanwhile: they would settle it first, and this test is about the order of two settlements.
    await setSimulatorWebhook(false);
    try {
      await sim.fault(`^POST /checkout/${gatewayId}/refund$`, 'applied502', 1);
      // Enough for the read before reserving and the follow-up Get Checkout (3 tries each); cleared right after.
      await sim.fault(`^GET /checkout/${gatewayId}$`, 'http502', 20);
      await rejectsWith(manager.call('refundCheckout', { checkoutId, amount: '20.00', note: 'unheard' }), 'unavailable');
      await sim.clearFaults();
      const totalReadThen = (await gatewayRefunded(gatewayId)) * 100; // 20.00: what a settlement read before…
      // …a second refund is confirmed (the gateway's total now 30.00), and then it decides with the older total.
      await adminDb.collection(`checkouts/${checkoutId}/refunds`).get().then((s) => Promise.all(s.docs.map((d) => d.ref.update({ at: Timestamp.fromMillis(Date.now() - 120_000) }))));
      const second = await manager.call<{ totalRefunded: string }>('refundCheckout', { checkoutId, amount: '10.00', note: 'clean' });
      expect(second.totalRefunded).to.equal('30.00');
      const plan = await settleRefundsFromGateway(checkoutId, totalReadThen);
      expect(plan).to.include({ stale: true });
      expect(plan.released, 'the taken refund is not released').to.deep.equal([]);
      expect((await refundRecords(checkoutId)).map((r) => r.gatewayStatus)).to.include('UNKNOWN');
      // With a current total it is settled as what it was: applied.
      await manager.call('getCheckout', { checkoutId });
      expect((await refundRecords(checkoutId)).map((r) => r.gatewayStatus).sort()).to.deep.equal(['APPLIED', 'PARTIALLY_REFUNDED']);
      expect(await checkoutDoc(checkoutId)).to.include({ refundsPending: 0, refundReservedMinor: 3000, totalRefundedMinor: 3000 });
    } finally {
      await setSimulatorWebhook(true);
    }
  });

  it('429 on a refund releases the amount at once and says when to try again', async () => {
    const { checkoutId, gatewayId } = await paidCheckout(manager, '10.00');
    await sim.fault(`^POST /checkout/${gatewayId}/refund$`, 'http429', 1, undefined, 7);
    await rejectsWith(manager.call('refundCheckout', { checkoutId, note: 'busy' }), 'unavailable', /try again in 7 s/);
    expect(await checkoutDoc(checkoutId)).to.include({ refundReservedMinor: 0, refundsPending: 0 });
    expect((await manager.call<{ status: string }>('refundCheckout', { checkoutId, note: 'later' })).status).to.equal('REFUNDED');
  });
});
