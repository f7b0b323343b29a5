import { expect } from 'chai';
import type { Simulator } from '../src/server';
import { api, control, createCheckout, paidCheckout, registerWebhook, simAction, start, startReceiver, waitFor } from './helpers';

const status = async (sim: Simulator, id: string) => (await api(sim, 'GET', `/checkout/${id}`)).json.result.status;
const searchIds = async (sim: Simulator, query: string) =>
  (await api(sim, 'GET', `/checkout?${query}`)).json.result.content.map((c: { id: string }) => c.id);

describe('PENDING_CONFIRMATION, CHARGEBACK and forgotten checkouts', () => {
  let sim: Simulator;
  before(async () => {
    sim = await start();
  });
  after(() => sim.close());
  beforeEach(() => control(sim, 'POST', '/reset'));

  it('PENDING → PENDING_CONFIRMATION, reported by get, search and a webhook', async () => {
    const receiver = await startReceiver();
    try {
      await registerWebhook(sim, receiver.url);
      const c = await createCheckout(sim);
      const moved = await simAction(sim, c.id, 'pending-confirmation');
      expect(moved.status).to.equal(200);
      expect(moved.json.checkout.status).to.equal('PENDING_CONFIRMATION');
      expect(await status(sim, c.id)).to.equal('PENDING_CONFIRMATION');
      expect(await searchIds(sim, 'status=PENDING_CONFIRMATION')).to.deep.equal([c.id]);
      expect(await searchIds(sim, 'status=PENDING')).to.deep.equal([]);
      const hook = await waitFor(() => receiver.received[0], 3000, 'the webhook');
      expect(hook.json).to.include({ id: c.id, status: 'PENDING_CONFIRMATION' });
    } finally {
      await receiver.close();
    }
  });

  it('the clock never expires PENDING_CONFIRMATION; pay, fail, cancel and expire move it on', async () => {
    const waiting = await createCheckout(sim, { expiresIn: 5 });
    await simAction(sim, waiting.id, 'pending-confirmation');
    await control(sim, 'POST', '/clock', { advanceMs: 60 * 60_000 });
    expect(await status(sim, waiting.id)).to.equal('PENDING_CONFIRMATION');
    for (const [action, to] of [['pay', 'PAID'], ['fail', 'FAILED'], ['cancel', 'CANCELLED'], ['expire', 'EXPIRED']] as const) {
      const c = await createCheckout(sim);
      await simAction(sim, c.id, 'pending-confirmation');
      const reply = await simAction(sim, c.id, action);
      expect(reply.status, action).to.equal(200);
      expect(await status(sim, c.id)).to.equal(to);
    }
    // Only a PENDING checkout can start waiting for confirmation.
    const paid = await paidCheckout(sim);
    expect((await simAction(sim, paid.id, 'pending-confirmation')).status).to.equal(409);
  });

  it('the merchant cannot cancel or refund a PENDING_CONFIRMATION checkout', async () => {
    const c = await createCheckout(sim);
    await simAction(sim, c.id, 'pending-confirmation');
    const cancel = await api(sim, 'POST', `/checkout/${c.id}/cancel`);
    expect(cancel.status).to.equal(400);
    expect(cancel.json.error).to.equal('Checkout cannot be cancelled in status PENDING_CONFIRMATION');
    expect((await api(sim, 'POST', `/checkout/${c.id}/refund?amount=1&currency=AED&note=x`)).status).to.equal(400);
  });

  it('PAID or PARTIALLY_REFUNDED → CHARGEBACK, reported, with a webhook unless silenced; no refund after', async () => {
    const receiver = await startReceiver();
    try {
      await registerWebhook(sim, receiver.url);
      const paid = await paidCheckout(sim);
      const partly = await paidCheckout(sim);
      await api(sim, 'POST', `/checkout/${partly.id}/refund?amount=10&currency=AED&note=x`);
      await waitFor(() => receiver.received.length === 3, 3000, 'pay, pay, refund webhooks');
      // The silenced move goes first, so its webhook (were it sent) would come before the loud one's.
      expect((await simAction(sim, partly.id, 'chargeback', { webhook: false })).json.checkout).to.include({ status: 'CHARGEBACK', totalRefunded: 10 });
      expect((await simAction(sim, paid.id, 'chargeback')).json.checkout.status).to.equal('CHARGEBACK');
      expect(await status(sim, paid.id)).to.equal('CHARGEBACK');
      expect((await searchIds(sim, 'status=CHARGEBACK')).sort()).to.deep.equal([paid.id, partly.id].sort());
      const hook = await waitFor(() => receiver.received[3], 3000, 'the chargeback webhook');
      expect(hook.json).to.include({ id: paid.id, status: 'CHARGEBACK' });
      const refund = await api(sim, 'POST', `/checkout/${paid.id}/refund?amount=1&currency=AED&note=x`);
      expect(refund.json.error).to.equal('Checkout cannot be refunded in status CHARGEBACK');
      // A pending checkout cannot be charged back; the silenced one sent nothing.
      expect((await simAction(sim, (await createCheckout(sim)).id, 'chargeback')).status).to.equal(409);
      expect(receiver.received.filter((r) => r.json.id === partly.id && r.json.status === 'CHARGEBACK')).to.have.length(0);
    } finally {
      await receiver.close();
    }
  });

  it('forget: the merchant API no longer knows the checkout', async () => {
    const c = await paidCheckout(sim);
    const other = await createCheckout(sim);
    const forgot = await simAction(sim, c.id, 'forget');
    expect(forgot.status).to.equal(200);
    expect(forgot.json).to.include({ ok: true });
    const notFound = { success: false, error: 'Checkout not found for API merchant' };
    const get = await api(sim, 'GET', `/checkout/${c.id}`);
    expect(get.status).to.equal(400);
    expect(get.json).to.include(notFound);
    expect((await api(sim, 'POST', `/checkout/${c.id}/cancel`)).json).to.include(notFound);
    const refund = await api(sim, 'POST', `/checkout/${c.id}/refund?amount=1&currency=AED&note=x`);
    expect(refund.status).to.equal(400);
    expect(refund.json).to.include(notFound);
    expect(await searchIds(sim, '')).to.deep.equal([other.id]);
    expect(await searchIds(sim, `requestId=${c.requestId}`)).to.deep.equal([]);
    expect((await control(sim, 'GET', `/checkouts/${c.id}`)).status).to.equal(404);
    expect((await simAction(sim, c.id, 'forget')).status).to.equal(404);
    // The payment page no longer knows it either.
    expect((await fetch(c.redirectUrl)).status).to.equal(404);
  });
});
