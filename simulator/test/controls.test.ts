import { expect } from 'chai';
import type { Simulator } from '../src/server';
import { api, call, checkoutBody, createCheckout, registerWebhook, simAction, start, startReceiver, waitFor } from './helpers';

const sim_ = (sim: Simulator, method: string, path: string, body?: unknown) =>
  call(sim, method, `/_sim${path}`, { body, auth: false });

describe('test controls', () => {
  let sim: Simulator;
  before(async () => {
    sim = await start();
  });
  after(() => sim.close());
  beforeEach(() => sim_(sim, 'POST', '/reset'));

  describe('checkout moves', () => {
    const legal: [string, string[], string][] = [
      ['pay', [], 'PAID'],
      ['pay', ['authorize'], 'PAID'],
      ['fail', [], 'FAILED'],
      ['fail', ['authorize'], 'FAILED'],
      ['cancel', [], 'CANCELLED'],
      ['authorize', [], 'AUTHORIZED'],
      ['expire', [], 'EXPIRED'],
      ['expire', ['authorize'], 'EXPIRED'],
    ];
    for (const [action, before, status] of legal) {
      it(`${[...before, action].join(' then ')} → ${status}`, async () => {
        const c = await createCheckout(sim);
        for (const step of before) await simAction(sim, c.id, step);
        const reply = await simAction(sim, c.id, action);
        expect(reply.status).to.equal(200);
        expect(reply.json.ok).to.equal(true);
        expect(reply.json.checkout).to.include({ id: c.id, status });
        expect((await api(sim, 'GET', `/checkout/${c.id}`)).json.result.status).to.equal(status);
      });
    }

    it('sets usedPaymentMethod on pay', async () => {
      const c = await createCheckout(sim);
      expect((await simAction(sim, c.id, 'pay')).json.checkout.usedPaymentMethod).to.equal('CARD');
    });

    it('answers 409 for an illegal move and 404 for unknown checkouts or actions', async () => {
      const c = await createCheckout(sim);
      await simAction(sim, c.id, 'pay');
      for (const action of ['pay', 'fail', 'cancel', 'authorize', 'expire']) {
        const reply = await simAction(sim, c.id, action);
        expect(reply.status, action).to.equal(409);
        expect(reply.json.ok).to.equal(false);
        expect(reply.json.error).to.match(/PAID/);
      }
      expect((await simAction(sim, '123', 'pay')).status).to.equal(404);
      expect((await simAction(sim, c.id, 'explode')).status).to.equal(404);
    });

    it('lists every checkout and resets everything', async () => {
      await createCheckout(sim);
      await createCheckout(sim);
      expect((await sim_(sim, 'GET', '/checkouts')).json.checkouts).to.have.length(2);
      await registerWebhook(sim, 'http://127.0.0.1:1/hook');
      await sim_(sim, 'POST', '/faults', { match: 'GET', mode: 'http500', count: 5 });
      await sim_(sim, 'POST', '/reset');
      expect((await sim_(sim, 'GET', '/checkouts')).json.checkouts).to.deep.equal([]);
      expect((await sim_(sim, 'GET', '/faults')).json.faults).to.deep.equal([]);
      expect((await api(sim, 'GET', '/webhooks')).json.result).to.deep.equal([]);
      expect((await sim_(sim, 'GET', '/deliveries')).json.deliveries).to.deep.equal([]);
    });
  });

  describe('stats', () => {
    it('counts each API call received, failed ones included', async () => {
      const c = await createCheckout(sim);
      await api(sim, 'POST', '/checkout/qr', { body: {} }); // 400
      await api(sim, 'POST', '/checkout/qr', { auth: false, body: checkoutBody() }); // 401
      await api(sim, 'GET', `/checkout/${c.id}`);
      await api(sim, 'GET', '/checkout/404');
      await api(sim, 'GET', '/checkout?orderId=x');
      await api(sim, 'POST', `/checkout/${c.id}/refund?amount=1&currency=AED&note=x`); // 400: PENDING
      await api(sim, 'POST', `/checkout/${c.id}/cancel`);
      const stats = (await sim_(sim, 'GET', '/stats')).json;
      expect(stats).to.deep.equal({ creates: 3, gets: 2, searches: 1, cancels: 1, refunds: 1, createsApplied: 1, refundsApplied: 0, rateLimited: 0 });
    });
  });

  describe('faults', () => {
    it('http500: fails the next matching requests without processing them', async () => {
      const added = await sim_(sim, 'POST', '/faults', { match: '^POST /checkout/qr$', mode: 'http500', count: 2 });
      expect(added.json.fault).to.include({ match: '^POST /checkout/qr$', mode: 'http500', count: 2 });
      for (let i = 0; i < 2; i++) {
        const reply = await api(sim, 'POST', '/checkout/qr', { body: checkoutBody() });
        expect(reply.status).to.equal(500);
        expect(reply.json).to.include({ success: false, error: 'Internal server error' });
      }
      expect((await sim_(sim, 'GET', '/checkouts')).json.checkouts).to.have.length(0);
      expect((await api(sim, 'POST', '/checkout/qr', { body: checkoutBody() })).status).to.equal(200);
      expect((await sim_(sim, 'GET', '/faults')).json.faults).to.deep.equal([]);
    });

    it('only hits requests whose "METHOD path" matches', async () => {
      const c = await createCheckout(sim);
      await sim_(sim, 'POST', '/faults', { match: `^GET /checkout/${c.id}$`, mode: 'http500', count: 1 });
      expect((await api(sim, 'GET', '/checkout?size=1')).status).to.equal(200);
      expect((await api(sim, 'POST', `/checkout/${c.id}/cancel`)).status).to.equal(200);
      expect((await api(sim, 'GET', `/checkout/${c.id}`)).status).to.equal(500);
      expect((await api(sim, 'GET', `/checkout/${c.id}`)).status).to.equal(200);
    });

    it('timeout: processes the request but never answers', async () => {
      await sim_(sim, 'POST', '/faults', { match: 'POST /checkout/qr', mode: 'timeout', count: 1 });
      const body = checkoutBody({ requestId: 'lost-1' });
      let error: unknown;
      try {
        await fetch(`${sim.url}/mer/v2.0/checkout/qr`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-PointCheckout-Api-Key': 'test_key_123', 'X-PointCheckout-Api-Secret': 'test_secret_456' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(300),
        });
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).name).to.equal('TimeoutError');
      // The checkout exists; the retried create returns it (idempotent requestId).
      const [made] = (await sim_(sim, 'GET', '/checkouts')).json.checkouts;
      expect(made.requestId).to.equal('lost-1');
      const retry = await api(sim, 'POST', '/checkout/qr', { body });
      expect(retry.json.result.id).to.equal(made.id);
    });

    it('malformed: processes the request and answers invalid JSON with 200', async () => {
      const c = await createCheckout(sim);
      await sim_(sim, 'POST', '/faults', { match: '/cancel$', mode: 'malformed', count: 1 });
      const reply = await api(sim, 'POST', `/checkout/${c.id}/cancel`);
      expect(reply.status).to.equal(200);
      expect(reply.text).to.equal('{"success": tru');
      expect(reply.json).to.equal(undefined);
      expect((await api(sim, 'GET', `/checkout/${c.id}`)).json.result.status).to.equal('CANCELLED');
    });

    it('slow: processes the request and answers after delayMs', async () => {
      await sim_(sim, 'POST', '/faults', { match: 'GET /checkout$', mode: 'slow', count: 1, delayMs: 250 });
      const started = Date.now();
      const reply = await api(sim, 'GET', '/checkout');
      expect(reply.status).to.equal(200);
      expect(reply.json.success).to.equal(true);
      expect(Date.now() - started).to.be.at.least(240);
    });

    it('validates fault bodies, lists and clears them', async () => {
      for (const bad of [{}, { match: '(', mode: 'http500', count: 1 }, { match: 'x', mode: 'boom', count: 1 }, { match: 'x', mode: 'slow', count: 0 }]) {
        const reply = await sim_(sim, 'POST', '/faults', bad);
        expect(reply.status, JSON.stringify(bad)).to.equal(400);
        expect(reply.json.ok).to.equal(false);
      }
      await sim_(sim, 'POST', '/faults', { match: 'x', mode: 'slow', count: 3 });
      expect((await sim_(sim, 'GET', '/faults')).json.faults[0]).to.include({ mode: 'slow', count: 3, delayMs: 3000 });
      await sim_(sim, 'DELETE', '/faults');
      expect((await sim_(sim, 'GET', '/faults')).json.faults).to.deep.equal([]);
    });
  });

  describe('expiry', () => {
    it('expires an open checkout once its expiresIn has passed, lazily on read', async () => {
      const c = await createCheckout(sim, { expiresIn: 5 });
      sim.store.clockOffsetMs = 4 * 60_000;
      expect((await api(sim, 'GET', `/checkout/${c.id}`)).json.result.status).to.equal('PENDING');
      sim.store.clockOffsetMs = 5 * 60_000;
      expect((await api(sim, 'GET', `/checkout/${c.id}`)).json.result.status).to.equal('EXPIRED');
    });

    it('expires by the 1 s sweep and delivers the webhook, leaving final checkouts alone', async () => {
      const receiver = await startReceiver();
      try {
        await registerWebhook(sim, receiver.url);
        const open = await createCheckout(sim, { expiresIn: 5 });
        const authorized = await createCheckout(sim, { expiresIn: 5 });
        await simAction(sim, authorized.id, 'authorize');
        const paid = await createCheckout(sim, { expiresIn: 5 });
        await simAction(sim, paid.id, 'pay', { webhook: false });
        await waitFor(() => receiver.received.length === 1); // AUTHORIZED
        sim.store.clockOffsetMs = 6 * 60_000; // no read: only the timer can notice
        await waitFor(() => receiver.received.length === 3, 3000, 'expiry deliveries');
        const expired = receiver.received.slice(1).map((r) => r.json);
        expect(expired.map((x) => x.status)).to.deep.equal(['EXPIRED', 'EXPIRED']);
        expect(expired.map((x) => x.id).sort()).to.deep.equal([open.id, authorized.id].sort());
        expect((await api(sim, 'GET', `/checkout/${paid.id}`)).json.result.status).to.equal('PAID');
      } finally {
        await receiver.close();
      }
    });

    it('moves the simulated clock with POST /_sim/clock', async () => {
      const c = await createCheckout(sim); // default expiresIn: 30 minutes
      expect((await sim_(sim, 'POST', '/clock', { advanceMs: 29 * 60_000 })).json.offsetMs).to.equal(29 * 60_000);
      expect((await api(sim, 'GET', `/checkout/${c.id}`)).json.result.status).to.equal('PENDING');
      await sim_(sim, 'POST', '/clock', { advanceMs: 60_000 });
      expect((await sim_(sim, 'GET', '/checkouts')).json.checkouts[0].status).to.equal('EXPIRED');
      expect((await sim_(sim, 'POST', '/clock', { advanceMs: -1 })).status).to.equal(400);
    });
  });
});
