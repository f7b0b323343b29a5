import { expect } from 'chai';
import type { RecordedExchange, Simulator } from '../src/server';
import { api, call, createCheckout, KEY, registerWebhook, SECRET, start, waitFor } from './helpers';

const exchanges = async (sim: Simulator) =>
  (await call<{ recording: boolean; exchanges: RecordedExchange[] }>(sim, 'GET', '/_sim/exchanges', { auth: false })).json;

describe('exchange recording', () => {
  describe('with recordExchanges', () => {
    let sim: Simulator;
    before(async () => {
      sim = await start({ recordExchanges: true });
    });
    after(() => sim.close());
    beforeEach(() => call(sim, 'POST', '/_sim/reset', { auth: false }));

    it('records each API exchange: method, path, query, header names, bodies, status', async () => {
      const c = await createCheckout(sim, { requestId: 'rec-1' });
      await api(sim, 'GET', '/checkout?requestId=rec-1&status=PENDING&status=PAID');
      await api(sim, 'GET', '/nope');
      const { recording, exchanges: list } = await exchanges(sim);
      expect(recording).to.equal(true);
      expect(list.map((e) => `${e.method} ${e.path} ${e.status}`)).to.deep.equal([
        'POST /mer/v2.0/checkout/qr 200',
        'GET /mer/v2.0/checkout 200',
        'GET /mer/v2.0/nope 404',
      ]);
      const [create, search] = list;
      expect(create!.seq).to.equal(1);
      expect(create!.contentType).to.equal('application/json');
      expect(create!.authPresent).to.equal(true);
      expect(create!.headers).to.include.members(['x-pointcheckout-api-key', 'x-pointcheckout-api-secret', 'content-type']);
      expect(create!.requestBody).to.include({ requestId: 'rec-1', amount: 100 });
      expect((create!.responseBody as any).result).to.include({ id: c.id, status: 'PENDING' });
      expect(search!.query).to.deep.equal({ requestId: 'rec-1', status: ['PENDING', 'PAID'] });
      expect(search!.requestBody).to.equal(null);
      expect(create!.fault).to.equal(null);
    });

    it('never stores secrets: no credential values, webhook hmacKey redacted', async () => {
      const hook = await registerWebhook(sim, 'http://127.0.0.1:9/hook');
      await api(sim, 'GET', `/webhooks/${hook.id}`);
      await api(sim, 'GET', '/checkout', { auth: false, headers: { 'X-Paymennt-Api-Key': KEY } });
      const list = (await exchanges(sim)).exchanges;
      const text = JSON.stringify(list);
      for (const secret of [KEY, SECRET, hook.hmacKey as string]) expect(text).not.to.include(secret);
      expect((list[0]!.responseBody as any).result.hmacKey).to.equal('[redacted]');
      expect(list[2]).to.include({ status: 401, authPresent: false });
    });

    it('records only /mer/v2.0 traffic, not /_sim or the payment page', async () => {
      const c = await createCheckout(sim);
      await call(sim, 'GET', `/checkout/${c.checkoutKey}`, { auth: false });
      await call(sim, 'GET', '/_sim/stats', { auth: false });
      await call(sim, 'GET', '/', { auth: false });
      expect((await exchanges(sim)).exchanges.map((e) => e.path)).to.deep.equal(['/mer/v2.0/checkout/qr']);
    });

    it('records injected faults as such (withheld answer: status null)', async () => {
      await call(sim, 'POST', '/_sim/faults', { auth: false, body: { match: '^GET /checkout$', mode: 'malformed', count: 1 } });
      await call(sim, 'POST', '/_sim/faults', { auth: false, body: { match: '^GET /webhooks$', mode: 'timeout', count: 1 } });
      await api(sim, 'GET', '/checkout');
      const hung = fetch(`${sim.url}/mer/v2.0/webhooks`, { headers: { 'X-PointCheckout-Api-Key': KEY, 'X-PointCheckout-Api-Secret': SECRET } }).catch(() => undefined);
      const list = await waitFor(async () => ((await exchanges(sim)).exchanges.length === 2 ? (await exchanges(sim)).exchanges : undefined));
      expect(list[0]).to.include({ status: 200, fault: 'malformed', responseBody: '{"success": tru' });
      expect(list[1]).to.include({ status: null, fault: 'timeout', responseBody: null });
      await call(sim, 'DELETE', '/_sim/faults', { auth: false });
      void hung;
    });

    it('is cleared by POST /_sim/reset and DELETE /_sim/exchanges', async () => {
      await createCheckout(sim);
      expect((await exchanges(sim)).exchanges).to.have.length(1);
      expect((await call(sim, 'DELETE', '/_sim/exchanges', { auth: false })).status).to.equal(200);
      expect((await exchanges(sim)).exchanges).to.deep.equal([]);
      await createCheckout(sim);
      await call(sim, 'POST', '/_sim/reset', { auth: false });
      expect((await exchanges(sim)).exchanges).to.deep.equal([]);
      await createCheckout(sim);
      expect((await exchanges(sim)).exchanges[0]!.seq).to.equal(1);
    });
  });

  it('is off by default', async () => {
    const sim = await start();
    try {
      await createCheckout(sim);
      expect(await exchanges(sim)).to.deep.include({ recording: false, exchanges: [] });
    } finally {
      await sim.close();
    }
  });
});
