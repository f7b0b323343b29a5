import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import type { Simulator } from '../src/server';
import { api, call, createCheckout, registerWebhook, simAction, start, startReceiver, waitFor, type Receiver } from './helpers';

const verify = (body: Buffer, key: string) => createHmac('sha256', key).update(body).digest('hex');

async function deliveries(sim: Simulator): Promise<any[]> {
  return (await call(sim, 'GET', '/_sim/deliveries', { auth: false })).json.deliveries;
}

describe('webhooks', () => {
  let sim: Simulator;
  let receiver: Receiver;
  before(async () => {
    sim = await start({ webhookRetryDelaysMs: [20, 20, 20], webhookTimeoutMs: 300 });
  });
  after(() => sim.close());
  beforeEach(async () => {
    await call(sim, 'POST', '/_sim/reset', { auth: false });
    receiver = await startReceiver(200);
  });
  afterEach(() => receiver.close());

  describe('management API', () => {
    it('creates, lists, gets, disables, enables and deletes', async () => {
      const hook = await registerWebhook(sim, receiver.url);
      expect(hook.id).to.match(/^[1-9]\d{18}$/);
      expect(hook.hmacKey).to.match(/^[0-9a-f]{64}$/);
      expect(hook).to.include({ address: receiver.url, failed: false, enabled: true });

      expect((await api(sim, 'GET', '/webhooks')).json.result).to.deep.equal([hook]);
      expect((await api(sim, 'GET', `/webhooks/${hook.id}`)).json.result).to.deep.equal(hook);
      expect((await api(sim, 'POST', `/webhooks/${hook.id}/disable`)).json.result.enabled).to.equal(false);
      expect((await api(sim, 'POST', `/webhooks/${hook.id}/enable`)).json.result.enabled).to.equal(true);
      const deleted = await api(sim, 'POST', `/webhooks/${hook.id}/delete`);
      expect(deleted.json.result.id).to.equal(hook.id);
      expect((await api(sim, 'GET', '/webhooks')).json.result).to.deep.equal([]);
    });

    it('validates the address and answers 400 for unknown webhooks', async () => {
      for (const address of [undefined, 'not a url', 'ftp://example.com/x']) {
        const reply = await api(sim, 'POST', '/webhooks', { body: { address } });
        expect(reply.status).to.equal(400);
        expect(reply.json.error).to.match(/address/);
      }
      for (const [method, path] of [['GET', ''], ['POST', '/test'], ['POST', '/enable'], ['POST', '/disable'], ['POST', '/delete']]) {
        const reply = await api(sim, method as string, `/webhooks/999${path}`);
        expect(reply.status).to.equal(400);
        expect(reply.json.error).to.equal('Webhook not found for API merchant');
      }
    });

    it('sends a signed test call', async () => {
      const hook = await registerWebhook(sim, receiver.url);
      const reply = await api(sim, 'POST', `/webhooks/${hook.id}/test`);
      expect(reply.json.result.id).to.equal(hook.id);
      await waitFor(() => receiver.received.length === 1, 3000, 'test call');
      const got = receiver.received[0];
      expect(got!.json).to.deep.equal({ test: true, webhookId: hook.id });
      expect(got!.headers['x-pointcheckout-signature']).to.equal(verify(got!.body, hook.hmacKey));
    });
  });

  describe('delivery', () => {
    it('POSTs the checkout as GET returns it, signed with the hmacKey, on every change but create', async () => {
      const hook = await registerWebhook(sim, receiver.url);
      const c = await createCheckout(sim);
      await simAction(sim, c.id, 'pay');
      await waitFor(() => receiver.received.length === 1, 3000, 'PAID delivery');
      await api(sim, 'POST', `/checkout/${c.id}/refund?amount=40&currency=AED&note=x`);
      await waitFor(() => receiver.received.length === 2, 3000, 'refund delivery');

      const [paid, refunded] = receiver.received;
      expect(paid!.headers['content-type']).to.equal('application/json');
      expect(paid!.headers['x-pointcheckout-signature']).to.equal(verify(paid!.body, hook.hmacKey));
      expect(paid!.json).to.include({ id: c.id, status: 'PAID', usedPaymentMethod: 'CARD' });
      expect(paid!.json).not.to.have.property('success');
      expect(refunded!.json).to.include({ status: 'PARTIALLY_REFUNDED', totalRefunded: 40 });
      // The last delivery equals what GET returns now.
      expect(refunded!.json).to.deep.equal((await api(sim, 'GET', `/checkout/${c.id}`)).json.result);

      const log = await deliveries(sim);
      expect(log).to.have.length(2);
      expect(log[0]).to.include({ webhookId: hook.id, checkoutId: c.id, status: 'PAID', attempt: 1, httpStatus: 200, error: null });
      expect(log[0].seq).to.be.a('number');
      expect(log[0].at).to.be.a('string');
    });

    it('delivers to every enabled webhook but not to disabled ones', async () => {
      const other = await startReceiver(204);
      try {
        await registerWebhook(sim, receiver.url);
        const off = await registerWebhook(sim, other.url);
        await api(sim, 'POST', `/webhooks/${off.id}/disable`);
        const c = await createCheckout(sim);
        await simAction(sim, c.id, 'fail');
        await waitFor(() => receiver.received.length === 1);
        expect(other.received).to.have.length(0);
        expect((await deliveries(sim)).map((d) => d.webhookId)).not.to.include(off.id);
      } finally {
        await other.close();
      }
    });

    it('does not deliver when the control asks for a lost webhook', async () => {
      await registerWebhook(sim, receiver.url);
      const c = await createCheckout(sim);
      const reply = await simAction(sim, c.id, 'pay', { webhook: false });
      expect(reply.json.checkout.status).to.equal('PAID');
      await api(sim, 'POST', `/webhooks/${(await api(sim, 'GET', '/webhooks')).json.result[0].id}/test`);
      await waitFor(() => receiver.received.length === 1); // the test call arrives, proving the path works
      expect(receiver.received[0]!.json.test).to.equal(true);
      expect((await deliveries(sim)).filter((d) => d.checkoutId !== null)).to.deep.equal([]);
    });

    it('retries non-2xx answers, then marks the webhook failed and stops', async () => {
      receiver.respondWith = 500;
      const hook = await registerWebhook(sim, receiver.url);
      const c = await createCheckout(sim);
      await simAction(sim, c.id, 'pay');
      await waitFor(async () => (await api(sim, 'GET', `/webhooks/${hook.id}`)).json.result.failed, 3000, 'failed flag');

      const log = await deliveries(sim);
      expect(log.map((d) => d.attempt)).to.deep.equal([1, 2, 3, 4]); // 1 + 3 retry delays
      expect(log.every((d) => d.httpStatus === 500)).to.equal(true);
      expect(receiver.received).to.have.length(4);

      // A failed webhook gets nothing more until it is enabled again (which clears failed).
      receiver.respondWith = 200;
      await api(sim, 'POST', `/checkout/${c.id}/refund?amount=1&currency=AED&note=x`);
      const enabled = (await api(sim, 'POST', `/webhooks/${hook.id}/enable`)).json.result;
      expect(enabled).to.include({ failed: false, enabled: true });
      await api(sim, 'POST', `/checkout/${c.id}/refund?amount=1&currency=AED&note=x`);
      await waitFor(() => receiver.received.length === 5);
      expect(receiver.received[4]!.json.totalRefunded).to.equal(2);
    });

    it('recovers when a retry succeeds', async () => {
      receiver.respondWith = 503;
      const hook = await registerWebhook(sim, receiver.url);
      const c = await createCheckout(sim);
      await simAction(sim, c.id, 'pay');
      await waitFor(() => receiver.received.length === 2);
      receiver.respondWith = 200;
      await waitFor(async () => (await deliveries(sim)).some((d) => d.httpStatus === 200));
      expect((await api(sim, 'GET', `/webhooks/${hook.id}`)).json.result.failed).to.equal(false);
    });

    it('counts network errors and timeouts as failures', async () => {
      const closed = await startReceiver();
      const deadUrl = closed.url;
      await closed.close();
      const dead = await registerWebhook(sim, deadUrl);
      receiver.respondWith = 'hang';
      const slow = await registerWebhook(sim, receiver.url);
      const c = await createCheckout(sim);
      await simAction(sim, c.id, 'expire');
      await waitFor(async () => {
        const hooks = (await api(sim, 'GET', '/webhooks')).json.result as any[];
        return hooks.every((h) => h.failed);
      }, 5000, 'both webhooks failed');
      const log = await deliveries(sim);
      const deadLog = log.filter((d) => d.webhookId === dead.id);
      const slowLog = log.filter((d) => d.webhookId === slow.id);
      expect(deadLog).to.have.length(4);
      expect(deadLog[0]).to.include({ httpStatus: null, status: 'EXPIRED' });
      expect(deadLog[0].error).to.be.a('string');
      expect(slowLog).to.have.length(4);
      expect(slowLog[0].error).to.match(/timeout/);
    });
  });
});
