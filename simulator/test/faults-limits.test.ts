import { expect } from 'chai';
import { RateLimiter } from '../src/rate-limit';
import type { Simulator } from '../src/server';
import { AUTH, api, checkoutBody, control, createCheckout, paidCheckout, registerWebhook, start, startReceiver, waitFor } from './helpers';

const stats = async (sim: Simulator) => (await control(sim, 'GET', '/stats')).json;

describe('faults that lose answers, rate limit and latency', () => {
  let sim: Simulator;
  before(async () => {
    sim = await start();
  });
  after(() => sim.close());
  beforeEach(() => control(sim, 'POST', '/reset'));

  describe('faults', () => {
    it('applied502 on a refund: answered 502, yet totalRefunded grew and the webhook fired', async () => {
      const receiver = await startReceiver();
      try {
        await registerWebhook(sim, receiver.url);
        const c = await paidCheckout(sim);
        await waitFor(() => receiver.received.length === 1, 3000, 'the PAID webhook');
        await control(sim, 'POST', '/faults', { match: '^POST /checkout/\\d+/refund$', mode: 'applied502', count: 1 });
        const reply = await api(sim, 'POST', `/checkout/${c.id}/refund?amount=25&currency=AED&note=x&referenceId=r1`);
        expect(reply.status).to.equal(502);
        expect(reply.json).to.include({ success: false, error: 'Bad gateway' });
        expect(reply.json.elapsed).to.be.a('number');
        expect((await api(sim, 'GET', `/checkout/${c.id}`)).json.result).to.include({ totalRefunded: 25, status: 'PARTIALLY_REFUNDED' });
        expect(await stats(sim)).to.include({ refunds: 1, refundsApplied: 1 });
        const hook = await waitFor(() => receiver.received[1], 3000, 'the refund webhook');
        expect(hook.json).to.include({ id: c.id, totalRefunded: 25 });
      } finally {
        await receiver.close();
      }
    });

    it('applied502 on a create: answered 502, yet the checkout is findable by requestId', async () => {
      await control(sim, 'POST', '/faults', { match: '^POST /checkout/qr$', mode: 'applied502', count: 1 });
      const reply = await api(sim, 'POST', '/checkout/qr', { body: checkoutBody({ requestId: 'lost-answer' }) });
      expect(reply.status).to.equal(502);
      expect(reply.json).to.include({ success: false, error: 'Bad gateway' });
      const found = await api(sim, 'GET', '/checkout?requestId=lost-answer');
      expect(found.json.result.totalElements).to.equal(1);
      expect(found.json.result.content[0]).to.include({ requestId: 'lost-answer', status: 'PENDING' });
      expect(await stats(sim)).to.include({ creates: 1, createsApplied: 1 });
    });

    it('surprise: the real answer with an unknown status and an extra field set on its result; errors untouched', async () => {
      const c = await createCheckout(sim);
      const fields = { status: 'ON_HOLD', riskScore: 7 };
      await control(sim, 'POST', '/faults', { match: '^GET /checkout/\\d+$', mode: 'surprise', count: 2, fields });
      const reply = await api(sim, 'GET', `/checkout/${c.id}`);
      expect(reply.status).to.equal(200);
      expect(reply.json.result).to.include({ id: c.id, status: 'ON_HOLD', riskScore: 7, requestId: c.requestId });
      const missing = await api(sim, 'GET', '/checkout/1');
      expect(missing.json).to.include({ success: false, error: 'Checkout not found for API merchant' });
      expect(missing.json).not.to.have.property('result');
      expect((await api(sim, 'GET', `/checkout/${c.id}`)).json.result.status, 'only count answers').to.equal('PENDING');
      const refused = await control(sim, 'POST', '/faults', { match: 'x', mode: 'surprise' });
      expect(refused.status).to.equal(400);
      expect(refused.json.error).to.match(/fields must be a JSON object/);
    });

    it('http502: answered 502 without processing', async () => {
      await control(sim, 'POST', '/faults', { match: '^POST /checkout/qr$', mode: 'http502', count: 1 });
      const reply = await api(sim, 'POST', '/checkout/qr', { body: checkoutBody({ requestId: 'never-made' }) });
      expect(reply.status).to.equal(502);
      expect(reply.json).to.include({ success: false, error: 'Bad gateway' });
      expect((await api(sim, 'GET', '/checkout?requestId=never-made')).json.result.totalElements).to.equal(0);
      expect(await stats(sim)).to.include({ creates: 1, createsApplied: 0 });
    });

    it('http429: answered 429 with Retry-After (default 1 s) without processing', async () => {
      const c = await paidCheckout(sim);
      await control(sim, 'POST', '/faults', { match: '/refund$', mode: 'http429', count: 1 });
      await control(sim, 'POST', '/faults', { match: '^POST /checkout/qr$', mode: 'http429', count: 1, retryAfterSeconds: 7 });
      const refused = await api(sim, 'POST', `/checkout/${c.id}/refund?amount=5&currency=AED&note=x`);
      expect(refused.status).to.equal(429);
      expect(refused.headers.get('retry-after')).to.equal('1');
      expect(refused.json).to.include({ success: false, error: 'Too many requests' });
      const create = await api(sim, 'POST', '/checkout/qr', { body: checkoutBody() });
      expect(create.status).to.equal(429);
      expect(create.headers.get('retry-after')).to.equal('7');
      expect((await api(sim, 'GET', `/checkout/${c.id}`)).json.result.totalRefunded).to.equal(0);
      expect(await stats(sim)).to.include({ refundsApplied: 0, createsApplied: 1, rateLimited: 2 });
    });

    it('validates retryAfterSeconds and lists the new modes', async () => {
      const bad = await control(sim, 'POST', '/faults', { match: 'x', mode: 'http429', retryAfterSeconds: -1 });
      expect(bad.status).to.equal(400);
      expect(bad.json.error).to.match(/^retryAfterSeconds/);
      const unknown = await control(sim, 'POST', '/faults', { match: 'x', mode: 'http503' });
      expect(unknown.json.error).to.include('applied502').and.include('http429').and.include('http502');
    });
  });

  describe('rate limit', () => {
    it('answers 429 beyond N requests per second per API key, without processing, and recovers the next second', async () => {
      // The burst starts as a window opens; it is retried if it still straddles a window edge.
      let replies: Awaited<ReturnType<typeof api>>[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        await control(sim, 'POST', '/reset'); // fresh windows and counters
        await control(sim, 'POST', '/config', { rateLimitPerSecond: 3 });
        const windowStart = (Math.floor(Date.now() / 1000) + 1) * 1000;
        await waitFor(() => Date.now() >= windowStart, 2000, 'a fresh 1 s window');
        const began = Date.now();
        replies = await Promise.all(Array.from({ length: 5 }, (_, i) => api(sim, 'POST', '/checkout/qr', { body: checkoutBody({ requestId: `rl-${attempt}-${i}` }) })));
        if (Math.floor(began / 1000) === Math.floor(Date.now() / 1000)) break;
      }
      const limited = replies.filter((r) => r.status === 429);
      expect(replies.filter((r) => r.status === 200)).to.have.length(3);
      expect(limited).to.have.length(2);
      for (const r of limited) {
        expect(r.json).to.include({ success: false, error: 'Too many requests' });
        expect(Number(r.headers.get('retry-after'))).to.be.a('number').and.at.least(1);
      }
      const s = await stats(sim);
      expect(s.rateLimited).to.equal(2);
      expect(s.createsApplied).to.equal(s.creates - 2);
      // Another API key counts separately: it is refused for its credentials, not the rate.
      const otherKey = await api(sim, 'GET', '/checkout', { auth: false, headers: { 'X-PointCheckout-Api-Key': 'other', 'X-PointCheckout-Api-Secret': 'x' } });
      expect(otherKey.status).to.equal(401);
      // The next window answers again: wait for its start as the Retry-After says.
      const nextWindow = (Math.floor(Date.now() / 1000) + 1) * 1000;
      await waitFor(() => Date.now() >= nextWindow, 2000, 'the next 1 s window');
      expect((await api(sim, 'GET', '/checkout', { headers: AUTH })).status).to.equal(200);
    });

    it('counts fixed 1 s windows per key (unit, fake clock)', () => {
      let now = 10_000;
      const limiter = new RateLimiter(() => now);
      expect([1, 2, 3].map(() => limiter.take('a', 2).limited)).to.deep.equal([false, false, true]);
      expect(limiter.take('b', 2).limited).to.equal(false);
      now = 10_999;
      expect(limiter.take('a', 2)).to.deep.equal({ limited: true, retryAfterSeconds: 1 });
      now = 11_000;
      expect(limiter.take('a', 2).limited).to.equal(false);
      expect(limiter.take('a', null).limited).to.equal(false);
    });
  });

  describe('latency', () => {
    it('50 concurrent GETs with latencyMs 200 each take ~200 ms, side by side', async () => {
      const c = await paidCheckout(sim);
      await control(sim, 'POST', '/config', { latencyMs: 200 });
      const began = Date.now();
      const replies = await Promise.all(
        Array.from({ length: 50 }, async () => {
          const t0 = Date.now();
          const reply = await api(sim, 'GET', `/checkout/${c.id}`);
          return { status: reply.status, ms: Date.now() - t0 };
        }),
      );
      const total = Date.now() - began;
      expect(replies.every((r) => r.status === 200)).to.equal(true);
      expect(Math.min(...replies.map((r) => r.ms))).to.be.at.least(190);
      // Serialized they would take 50 × 200 = 10 000 ms.
      expect(total).to.be.below(2500);
    });

    it('delays fault answers too, and stops once latencyMs is set back to 0', async () => {
      await control(sim, 'POST', '/config', { latencyMs: 150 });
      await control(sim, 'POST', '/faults', { match: 'GET /checkout$', mode: 'http502', count: 1 });
      let t0 = Date.now();
      expect((await api(sim, 'GET', '/checkout')).status).to.equal(502);
      expect(Date.now() - t0).to.be.at.least(140);
      await control(sim, 'POST', '/config', { latencyMs: 0 });
      t0 = Date.now();
      expect((await api(sim, 'GET', '/checkout')).status).to.equal(200);
      expect(Date.now() - t0).to.be.below(140);
    });
  });
});
