import { expect } from 'chai';
import { configFromEnv, ConfigError } from '../src/config';
import type { Simulator } from '../src/server';
import { api, checkoutBody, control, createCheckout, paidCheckout, start } from './helpers';

const refund = (sim: Simulator, id: string, amount: number, referenceId: string) =>
  api(sim, 'POST', `/checkout/${id}/refund?amount=${amount}&currency=AED&note=retry&referenceId=${referenceId}`);

describe('strict mode and the runtime config', () => {
  let sim: Simulator;
  before(async () => {
    sim = await start();
  });
  after(() => sim.close());
  beforeEach(() => control(sim, 'POST', '/reset'));

  describe('duplicate requestId', () => {
    it('default mode returns the existing checkout for the same payload', async () => {
      const body = checkoutBody({ requestId: 'dup-1' });
      const first = await api(sim, 'POST', '/checkout/qr', { body });
      const again = await api(sim, 'POST', '/checkout/qr', { body });
      expect(again.status).to.equal(200);
      expect(again.json.result.id).to.equal(first.json.result.id);
      expect((await control(sim, 'GET', '/stats')).json).to.include({ creates: 2, createsApplied: 1 });
    });

    it('strict mode refuses it with 400, even with the same payload', async () => {
      await control(sim, 'POST', '/config', { strict: true });
      const body = checkoutBody({ requestId: 'dup-2' });
      expect((await api(sim, 'POST', '/checkout/qr', { body })).status).to.equal(200);
      const again = await api(sim, 'POST', '/checkout/qr', { body });
      expect(again.status).to.equal(400);
      expect(again.json).to.include({ success: false, error: "A checkout already exists for this merchant with request id 'dup-2'" });
      expect((await control(sim, 'GET', '/checkouts')).json.checkouts).to.have.length(1);
      expect((await control(sim, 'GET', '/stats')).json).to.include({ creates: 2, createsApplied: 1 });
    });

    it('strict mode refuses concurrent creates with one requestId all but once', async () => {
      await control(sim, 'POST', '/config', { strict: true });
      const body = checkoutBody({ requestId: 'dup-race' });
      const replies = await Promise.all(Array.from({ length: 5 }, () => api(sim, 'POST', '/checkout/qr', { body })));
      expect(replies.map((r) => r.status).sort()).to.deep.equal([200, 400, 400, 400, 400]);
    });
  });

  describe('refund referenceId', () => {
    it('default mode de-duplicates a repeated referenceId: refunded once', async () => {
      const c = await paidCheckout(sim);
      expect((await refund(sim, c.id, 10, 'rf-1')).json.result.totalRefunded).to.equal(10);
      const again = await refund(sim, c.id, 10, 'rf-1');
      expect(again.status).to.equal(200);
      expect(again.json.result.totalRefunded).to.equal(10);
      expect((await control(sim, 'GET', '/stats')).json).to.include({ refunds: 2, refundsApplied: 1 });
    });

    it('strict mode applies every refund: the same referenceId refunds twice', async () => {
      await control(sim, 'POST', '/config', { strict: true });
      const c = await paidCheckout(sim);
      expect((await refund(sim, c.id, 10, 'rf-1')).json.result.totalRefunded).to.equal(10);
      const again = await refund(sim, c.id, 10, 'rf-1');
      expect(again.status).to.equal(200);
      expect(again.json.result).to.include({ totalRefunded: 20, status: 'PARTIALLY_REFUNDED' });
      expect((await control(sim, 'GET', '/stats')).json).to.include({ refunds: 2, refundsApplied: 2 });
      // Still never more than was paid.
      const over = await refund(sim, c.id, 90, 'rf-1');
      expect(over.status).to.equal(400);
      expect(over.json.error).to.equal('Refund amount exceeds the refundable amount');
    });

    it('strict mode: a refund whose answer timed out, retried, is paid twice', async () => {
      await control(sim, 'POST', '/config', { strict: true });
      const c = await paidCheckout(sim);
      await control(sim, 'POST', '/faults', { match: '/refund$', mode: 'timeout', count: 1 });
      const lost = await fetch(`${sim.url}/mer/v2.0/checkout/${c.id}/refund?amount=30&currency=AED&note=x&referenceId=rf-t`, {
        method: 'POST',
        headers: { 'X-PointCheckout-Api-Key': 'test_key_123', 'X-PointCheckout-Api-Secret': 'test_secret_456' },
        signal: AbortSignal.timeout(300),
      }).catch((err: Error) => err);
      expect((lost as Error).name).to.equal('TimeoutError');
      expect((await refund(sim, c.id, 30, 'rf-t')).json.result.totalRefunded).to.equal(60);
    });
  });

  describe('GET/POST /_sim/config', () => {
    it('reports the config and changes any subset of it', async () => {
      expect((await control(sim, 'GET', '/config')).json).to.deep.equal({ ok: true, strict: false, latencyMs: 0, rateLimitPerSecond: null });
      const changed = await control(sim, 'POST', '/config', { latencyMs: 5, rateLimitPerSecond: 100 });
      expect(changed.status).to.equal(200);
      expect(changed.json).to.deep.equal({ ok: true, strict: false, latencyMs: 5, rateLimitPerSecond: 100 });
      expect((await control(sim, 'POST', '/config', { rateLimitPerSecond: null, strict: true })).json).to.deep.equal({
        ok: true,
        strict: true,
        latencyMs: 5,
        rateLimitPerSecond: null,
      });
    });

    it('refuses bad input with 400 naming the field, and changes nothing', async () => {
      const bad: [unknown, RegExp][] = [
        [{ strict: 'yes' }, /^strict must be a boolean$/],
        [{ strict: 1 }, /^strict /],
        [{ latencyMs: -1 }, /^latencyMs must be an integer >= 0$/],
        [{ latencyMs: 1.5 }, /^latencyMs /],
        [{ latencyMs: '100' }, /^latencyMs /],
        [{ rateLimitPerSecond: 0 }, /^rateLimitPerSecond must be an integer >= 1/],
        [{ rateLimitPerSecond: 2.5 }, /^rateLimitPerSecond /],
        [{ rateLimitPerSecond: 'fast' }, /^rateLimitPerSecond /],
        [{ strict: true, latencyMs: -5 }, /^latencyMs /],
        [{ stricter: true }, /^stricter: unknown field/],
        [[true], /JSON object/],
      ];
      for (const [body, message] of bad) {
        const reply = await control(sim, 'POST', '/config', body);
        expect(reply.status, JSON.stringify(body)).to.equal(400);
        expect(reply.json.ok).to.equal(false);
        expect(reply.json.error, JSON.stringify(body)).to.match(message);
      }
      expect((await control(sim, 'GET', '/config')).json).to.include({ strict: false, latencyMs: 0, rateLimitPerSecond: null });
    });
  });

  describe('start options, env and reset', () => {
    it('POST /_sim/reset restores the config the simulator was started with', async () => {
      const started = await start({ strict: true, latencyMs: 1, rateLimitPerSecond: 50 });
      try {
        const initial = { ok: true, strict: true, latencyMs: 1, rateLimitPerSecond: 50 };
        expect((await control(started, 'GET', '/config')).json).to.deep.equal(initial);
        await control(started, 'POST', '/config', { strict: false, latencyMs: 0, rateLimitPerSecond: null });
        expect((await control(started, 'GET', '/config')).json.strict).to.equal(false);
        await control(started, 'POST', '/reset');
        expect((await control(started, 'GET', '/config')).json).to.deep.equal(initial);
        // And the restored mode is in force: a repeated requestId is refused again.
        const body = checkoutBody({ requestId: 'after-reset' });
        await api(started, 'POST', '/checkout/qr', { body });
        expect((await api(started, 'POST', '/checkout/qr', { body })).status).to.equal(400);
      } finally {
        await started.close();
      }
    });

    it('refuses bad start options, naming the field', async () => {
      for (const [options, message] of [
        [{ latencyMs: -1 }, /latencyMs/],
        [{ rateLimitPerSecond: 0 }, /rateLimitPerSecond/],
      ] as const) {
        let error: unknown;
        await start(options).then((s) => s.close(), (err: unknown) => (error = err));
        expect(error).to.be.instanceOf(ConfigError);
        expect((error as Error).message).to.match(message);
      }
    });

    it('reads SIMULATOR_STRICT, SIMULATOR_LATENCY_MS and SIMULATOR_RATE_LIMIT', () => {
      expect(configFromEnv({})).to.deep.equal({});
      expect(configFromEnv({ SIMULATOR_STRICT: '1', SIMULATOR_LATENCY_MS: '250', SIMULATOR_RATE_LIMIT: '20' })).to.deep.equal({
        strict: true,
        latencyMs: 250,
        rateLimitPerSecond: 20,
      });
      expect(configFromEnv({ SIMULATOR_STRICT: '0' })).to.deep.equal({ strict: false });
      expect(() => configFromEnv({ SIMULATOR_STRICT: 'yes' })).to.throw(/SIMULATOR_STRICT must be 1 or 0/);
      expect(() => configFromEnv({ SIMULATOR_LATENCY_MS: '-3' })).to.throw(/SIMULATOR_LATENCY_MS must be an integer >= 0/);
      expect(() => configFromEnv({ SIMULATOR_RATE_LIMIT: '0' })).to.throw(/SIMULATOR_RATE_LIMIT must be an integer >= 1/);
      expect(() => configFromEnv({ SIMULATOR_RATE_LIMIT: '1e3' })).to.throw(/SIMULATOR_RATE_LIMIT/);
    });
  });

  it('keeps a default-mode checkout creatable after strict mode is switched off', async () => {
    await control(sim, 'POST', '/config', { strict: true });
    const c = await createCheckout(sim, { requestId: 'toggle' });
    await control(sim, 'POST', '/config', { strict: false });
    expect((await api(sim, 'POST', '/checkout/qr', { body: checkoutBody({ requestId: 'toggle' }) })).json.result.id).to.equal(c.id);
  });
});
