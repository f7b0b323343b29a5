import { expect } from 'chai';
import {
  checkoutDoc,
  closeSessions,
  eventsOf,
  eventually,
  orderId,
  postWebhook,
  session,
  sim,
  watchUntil,
  WEBHOOK_URL,
  type Session,
} from './harness';

async function createOne(staff: Session): Promise<{ checkoutId: string; gatewayId: string }> {
  const created = await staff.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('WH'), amount: '20.00', currency: 'USD' });
  const gatewayId = (await checkoutDoc(created.checkoutId))?.gateway.id as string;
  return { checkoutId: created.checkoutId, gatewayId };
}

describe('pointcheckoutWebhook', () => {
  let staff: Session;

  before(async () => {
    staff = await session('staff');
  });
  after(closeSessions);

  it('never trusts the posted status: a forged PAID changes nothing', async () => {
    const { checkoutId, gatewayId } = await createOne(staff);
    const res = await postWebhook({ id: gatewayId, requestId: checkoutId, status: 'PAID', amount: 20 });
    expect(res.status).to.equal(200);
    expect(res.body.outcome).to.equal('unchanged');
    const doc = await checkoutDoc(checkoutId);
    expect(doc?.status).to.equal('PENDING');
    expect(doc?.version).to.equal(1);
  });

  it('keeps one history through duplicate and out-of-order deliveries', async () => {
    const { checkoutId, gatewayId } = await createOne(staff);
    await sim.move(gatewayId, 'pay', { webhook: false });
    const stale = { id: gatewayId, status: 'PENDING' };
    const fresh = { id: gatewayId, status: 'PAID' };
    const results = await Promise.all([postWebhook(fresh), postWebhook(fresh), postWebhook(stale), postWebhook(fresh)]);
    expect(results.map((r) => r.status)).to.deep.equal([200, 200, 200, 200]);
    expect(results.filter((r) => r.body.outcome === 'applied')).to.have.length(1);
    const late = await postWebhook(stale);
    expect(late.body.outcome).to.equal('unchanged');
    const events = await eventsOf(checkoutId);
    expect(events.map((e) => e.to)).to.deep.equal(['PENDING', 'PAID']);
    expect((await checkoutDoc(checkoutId))?.version).to.equal(2);
  });

  it('fills in a skipped intermediate status (missed PAID, then a refund)', async () => {
    const { checkoutId, gatewayId } = await createOne(staff);
    await sim.move(gatewayId, 'pay', { webhook: false });
    const refund = await sim.api('POST', `/checkout/${gatewayId}/refund?amount=20&currency=USD&note=test`);
    expect(refund.body.success, JSON.stringify(refund.body)).to.equal(true);
    await watchUntil(staff.db, checkoutId, (d) => d.status === 'REFUNDED');
    const events = await eventsOf(checkoutId);
    expect(events.map((e) => [e.from, e.to, e.inferred])).to.deep.equal([
      [null, 'PENDING', false],
      ['PENDING', 'PAID', true],
      ['PAID', 'REFUNDED', false],
    ]);
    expect((await checkoutDoc(checkoutId))?.totalRefunded).to.equal('20.00');
  });

  it('accepts form-encoded bodies and bodies that carry only our requestId', async () => {
    const first = await createOne(staff);
    await sim.move(first.gatewayId, 'fail', { webhook: false });
    const form = await postWebhook(`id=${first.gatewayId}&status=FAILED`, { contentType: 'application/x-www-form-urlencoded' });
    expect(form).to.deep.include({ status: 200 });
    expect(form.body.outcome).to.equal('applied');
    const second = await createOne(staff);
    await sim.move(second.gatewayId, 'cancel', { webhook: false });
    const byRequest = await postWebhook({ requestId: second.checkoutId });
    expect(byRequest.body.outcome).to.equal('applied');
    expect((await checkoutDoc(second.checkoutId))?.status).to.equal('CANCELLED');
  });

  it('answers 401 without the token or with a wrong one, and changes nothing', async () => {
    const { checkoutId, gatewayId } = await createOne(staff);
    await sim.move(gatewayId, 'pay', { webhook: false });
    expect((await postWebhook({ id: gatewayId }, { token: null })).status).to.equal(401);
    expect((await postWebhook({ id: gatewayId }, { token: 'wrong-token' })).status).to.equal(401);
    expect((await postWebhook({ id: gatewayId }, { token: '' })).status).to.equal(401);
    expect((await checkoutDoc(checkoutId))?.status).to.equal('PENDING');
  });

  it('answers 400 for a body without a usable id, 405 for a GET, 200 for an unknown checkout', async () => {
    expect((await postWebhook({ status: 'PAID' })).status).to.equal(400);
    expect((await postWebhook('not json at all {', { contentType: 'application/json' })).status).to.equal(400);
    expect((await postWebhook({}, { method: 'GET' })).status).to.equal(405);
    const unknownGateway = await postWebhook({ id: '9999999999999999999' });
    expect(unknownGateway).to.deep.include({ status: 200 });
    expect(unknownGateway.body.outcome).to.equal('unknown-checkout');
    const unknownRequest = await postWebhook({ requestId: 'no-such-checkout' });
    expect(unknownRequest.body.outcome).to.equal('unknown-checkout');
  });

  it('refuses bodies over 100 kB with 413', async () => {
    const res = await postWebhook({ id: '1', padding: 'x'.repeat(110_000) });
    expect(res.status).to.equal(413);
  });

  it('answers 503 when PointCheckout fails, so the delivery is retried', async () => {
    const { checkoutId, gatewayId } = await createOne(staff);
    await sim.move(gatewayId, 'pay', { webhook: false });
    await sim.fault(`GET /checkout/${gatewayId}$`, 'http500', 3);
    const res = await postWebhook({ id: gatewayId });
    expect(res.status).to.equal(503);
    expect((await checkoutDoc(checkoutId))?.status).to.equal('PENDING');
    const retry = await postWebhook({ id: gatewayId });
    expect(retry.status).to.equal(200);
    expect((await checkoutDoc(checkoutId))?.status).to.equal('PAID');
  });

  it('is what the simulator delivers to (registered address)', async () => {
    const { checkoutId, gatewayId } = await createOne(staff);
    await sim.move(gatewayId, 'pay');
    const delivered = await eventually(
      async () => (await sim.deliveries()).find((d) => d.checkoutId === gatewayId && d.httpStatus === 200),
      'a 200 delivery',
    );
    expect(delivered.status).to.equal('PAID');
    expect((await checkoutDoc(checkoutId))?.status).to.equal('PAID');
    expect(WEBHOOK_URL).to.contain('/pointcheckoutWebhook');
  });
});
