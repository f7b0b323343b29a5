/**
 * Contract tests: drive every QR-flow operation (and its error cases) through our gateway client against the
 * simulator with recording on, then validate every recorded exchange against the vendor's OpenAPI specs.
 * Run: npx mocha --import=tsx test/contract/contract.test.ts
 */
import { expect } from 'chai';
import { GatewayAuthError, GatewayRejectedError } from '../../functions/src/pointcheckout/errors';
import { PointCheckoutClient } from '../../functions/src/pointcheckout/client';
import type { CreateQrCheckoutRequest } from '../../functions/src/pointcheckout/wire';
import { startSimulator, type RecordedExchange, type Simulator } from '../../simulator/src/server';
import { validateExchange, validateExchanges } from './exchanges';
import { OpenApiSpec, PAYMENNT_2026 } from './openapi';

const KEY = 'contract_key';
const SECRET = 'contract_secret';
const QR_FLOW_OPERATIONS = ['create-qr-checkout', 'create-link-checkout', 'get-checkout', 'search-checkouts', 'cancel-checkout', 'refund-checkout'].concat(
  ['list-webhooks', 'create-webhook', 'get-webhook-by-id', 'test-webhook', 'enable-webhook', 'disable-webhook', 'delete-webhook'],
);

let sim: Simulator;
let seq = 0;
const newRequest = (overrides: Partial<CreateQrCheckoutRequest> = {}): CreateQrCheckoutRequest => ({
  requestId: `ct-${process.pid}-${++seq}`,
  orderId: `ORD-${seq}`,
  currency: 'AED',
  amount: 100,
  ...overrides,
});
const client = (headerFamily: 'pointcheckout' | 'paymennt', secret = SECRET) =>
  new PointCheckoutClient({ baseUrl: `${sim.url}/mer/v2.0/`, apiKey: KEY, apiSecret: secret, timeoutMs: 5000, headerFamily, retryDelaysMs: [] });

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to be refused');
}

async function api(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  const headers = options.headers ?? { 'X-PointCheckout-Api-Key': KEY, 'X-PointCheckout-Api-Secret': SECRET };
  const res = await fetch(`${sim.url}/mer/v2.0${path}`, {
    method,
    headers: options.body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

async function recorded(): Promise<RecordedExchange[]> {
  const res = await fetch(`${sim.url}/_sim/exchanges`);
  return ((await res.json()) as { exchanges: RecordedExchange[] }).exchanges;
}

describe('contract', function () {
  this.timeout(20_000);
  before(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, apiSecret: SECRET, recordExchanges: true });
  });
  after(() => sim.close());

  describe('our client and the simulator against the vendor OpenAPI specs', () => {
    const pc = () => client('pointcheckout');

    it('creates (with every optional field), gets, searches and cancels through the client', async () => {
      const request = newRequest({
        description: 'two coffees',
        qrSize: 256,
        expiresIn: 30,
        deviceReference: 'till-1',
        items: [{ name: 'Coffee', sku: 'C-1', unitprice: 50, quantity: 2, linetotal: 100 }],
        customer: { firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', phone: '971500000000' },
      });
      const created = await pc().createQrCheckout(request);
      expect(created.status).to.equal('PENDING');
      expect((await pc().createQrCheckout(request)).id).to.equal(created.id); // same requestId, same checkout
      expect((await pc().getCheckout(created.id)).requestId).to.equal(request.requestId);
      expect(await pc().searchCheckouts({ requestId: request.requestId })).to.have.length(1);
      expect(await pc().searchCheckouts({ orderId: request.orderId, status: 'PENDING,PAID' })).to.have.length(1);
      expect((await pc().cancelCheckout(created.id)).status).to.equal('CANCELLED');
      expect((await rejection(pc().cancelCheckout(created.id))).message).to.match(/cannot be cancelled/);
    });

    it('pays, then refunds partly and fully through the client (3-decimal currency too)', async () => {
      const created = await pc().createQrCheckout(newRequest({ currency: 'KWD', amount: 10.125 }));
      await fetch(`${sim.url}/_sim/checkouts/${created.id}/pay`, { method: 'POST' });
      const paid = await pc().getCheckout(created.id);
      expect(paid.status).to.equal('PAID');
      const partly = await pc().refundCheckout(created.id, { amount: 0.125, currency: 'KWD', note: 'one', referenceId: 'rf-1' });
      expect(partly.status).to.equal('PARTIALLY_REFUNDED');
      const refused = await rejection(pc().refundCheckout(created.id, { amount: 20, currency: 'KWD', note: 'too much', referenceId: 'rf-2' }));
      expect(refused).to.be.instanceOf(GatewayRejectedError);
      expect((await pc().refundCheckout(created.id, { amount: 10, currency: 'KWD', note: 'rest', referenceId: 'rf-3' })).status).to.equal('REFUNDED');
    });

    it('refuses what the spec forbids with 400 and the documented messages', async () => {
      const unknownId = '1000000000000000001';
      for (const call of [pc().getCheckout(unknownId), pc().cancelCheckout(unknownId)]) {
        const error = await rejection(call);
        expect(error).to.be.instanceOf(GatewayRejectedError);
        expect(error.message).to.equal('Checkout not found for API merchant');
      }
      const refund = await rejection(pc().refundCheckout(unknownId, { amount: 1, currency: 'AED', note: 'x', referenceId: 'r' }));
      expect(refund.message).to.equal('Checkout not found for API merchant');
      const invalid: [Partial<CreateQrCheckoutRequest> | Record<string, unknown>, RegExp][] = [
        [{ qrSize: 63 }, /qrSize must be an integer between 64 and 1024/],
        [{ qrSize: 1025 }, /qrSize must be an integer between 64 and 1024/],
        [{ expiresIn: 4 }, /expiresIn must be an integer between 5 and 10080/],
        [{ expiresIn: 10081 }, /expiresIn must be an integer between 5 and 10080/],
        [{ amount: 0 }, /amount must be greater than 0/],
        [{ amount: -5 }, /amount must be greater than 0/],
        [{ requestId: undefined }, /requestId is required/],
        [{ orderId: undefined }, /orderId is required/],
        [{ currency: undefined }, /currency is required/],
        [{ customer: { firstName: 'A', lastName: 'B' } }, /customer.email is required/],
        [{ items: [{ name: 'x', quantity: 0, linetotal: 1 }] }, /quantity must be greater than 0/],
      ];
      for (const [overrides, message] of invalid) {
        const error = await rejection(pc().createQrCheckout({ ...newRequest(), ...overrides } as CreateQrCheckoutRequest));
        expect(error, JSON.stringify(overrides)).to.be.instanceOf(GatewayRejectedError);
        expect(error.message).to.match(message);
      }
      const created = await pc().createQrCheckout(newRequest());
      const zero = await rejection(pc().refundCheckout(created.id, { amount: 0, currency: 'AED', note: 'x', referenceId: 'z' }));
      expect(zero.message).to.match(/amount must be greater than 0/);
      expect((await api('GET', '/checkout?size=0')).json.error).to.equal('page size parameter must be a positive integer');
      expect((await api('GET', '/checkout?afterTimestamp=yesterday')).status).to.equal(400);
    });

    it('searches with every filter of the spec', async () => {
      const first = await pc().createQrCheckout(newRequest({ customer: { firstName: 'A', lastName: 'B', email: 'find@example.com' } }));
      const query = new URLSearchParams({
        type: 'QR',
        'customer.email': 'find@example.com',
        afterTimestamp: '2000-01-01 00:00:00',
        status: 'PENDING',
        page: '0',
        size: '5',
      });
      const found = await api('GET', `/checkout?${query.toString()}`);
      expect(found.json.result.content.map((c: { id: string }) => c.id)).to.deep.equal([first.id]);
      const second = await pc().createQrCheckout(newRequest());
      const after = await api('GET', `/checkout?afterId=${first.id}`);
      expect(after.json.result.content.map((c: { id: string }) => c.id)).to.include(second.id).and.not.include(first.id);
      expect((await api('GET', '/checkout?status=CHARGEBACK')).json.result.content).to.deep.equal([]);
    });

    it('accepts numbers sent as strings, like the vendor PHP SDK', async () => {
      const body = { ...newRequest(), amount: '100.50', qrSize: '128', expiresIn: '1440', items: [{ name: 'I', quantity: '2', linetotal: '100.50' }] };
      const reply = await api('POST', '/checkout/qr', { body });
      expect(reply.status).to.equal(200);
      expect(reply.json.result.amount).to.equal(100.5);
    });

    it('manages webhooks (the client does not cover them) through every operation', async () => {
      const created = await api('POST', '/webhooks', { body: { address: 'http://127.0.0.1:9/hook' } });
      expect(created.status).to.equal(200);
      const id = created.json.result.id as string;
      expect((await api('GET', '/webhooks')).json.result.map((h: { id: string }) => h.id)).to.include(id);
      expect((await api('GET', '/webhooks?page=0&size=1')).json.result).to.have.length(1);
      expect((await api('GET', '/webhooks?page=5&size=1')).json.result).to.deep.equal([]);
      expect((await api('GET', `/webhooks/${id}`)).json.result.address).to.equal('http://127.0.0.1:9/hook');
      expect((await api('POST', `/webhooks/${id}/test`)).status).to.equal(200);
      expect((await api('POST', `/webhooks/${id}/disable`)).json.result.enabled).to.equal(false);
      expect((await api('POST', `/webhooks/${id}/enable`)).json.result.enabled).to.equal(true);
      expect((await api('POST', `/webhooks/${id}/delete`)).status).to.equal(200);
      for (const [method, path] of [['GET', `/webhooks/${id}`], ['POST', `/webhooks/${id}/test`], ['POST', `/webhooks/${id}/enable`]]) {
        expect((await api(method!, path!)).json.error).to.equal('Webhook not found for API merchant');
      }
      expect((await api('POST', '/webhooks', { body: {} })).json.error).to.equal('address is required');
      expect((await api('GET', '/webhooks?size=0')).json.error).to.equal('page size parameter must be a positive integer');
    });

    it('creates a link checkout (what the vendor PHP SDK creates) with every optional field; gets and searches it', async () => {
      const address = { name: 'Ann Lee', address1: '1 Palm St', address2: 'Flat 2', city: 'Dubai', state: 'DU', zip: '00000', country: 'AE' };
      const body = {
        ...newRequest(),
        description: 'Invoice 42',
        totals: { subtotal: 90, tax: 10, shipping: 0, handling: 0, discount: 0, skipTotalsValidation: false },
        items: [{ name: 'Lamp', sku: 'L-1', unitprice: 45, quantity: 2, linetotal: 90 }],
        sendSms: false,
        sendEmail: true,
        customer: { id: 'c-1', firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', phone: '971500000000' },
        billingAddress: address,
        deliveryAddress: address,
        branchId: 7,
        allowedPaymentMethods: ['CARD'],
        defaultPaymentMethod: 'CARD',
        expiresIn: 60,
        language: 'en',
      };
      const created = await api('POST', '/checkout/link', { body });
      expect(created.status).to.equal(200);
      expect(created.json.result).to.include({ subscriptionId: null, usedPaymentMethod: null });
      expect((await api('GET', `/checkout/${created.json.result.id}`)).json.result.deliveryAddress).to.deep.equal(address);
      const found = await api('GET', `/checkout?type=LINK&requestId=${body.requestId}`);
      expect(found.json.result.content.map((c: { id: string }) => c.id)).to.deep.equal([created.json.result.id]);
      expect((await api('POST', '/checkout/link', { body: { ...newRequest() } })).json.error).to.equal('description is required');
    });

    it('refuses a search key the spec does not declare instead of ignoring the filter', async () => {
      const reply = await api('GET', '/checkout?orderID=ORD-1');
      expect(reply.status).to.equal(400);
      expect(reply.json).to.include({ success: false });
    });

    it('sends X-Paymennt-Api-* with headerFamily paymennt and X-PointCheckout-Api-* by default', async () => {
      const before = (await recorded()).length;
      const created = await client('paymennt').createQrCheckout(newRequest());
      await client('paymennt').getCheckout(created.id);
      await pc().getCheckout(created.id);
      const [viaPaymennt, getPaymennt, viaPointCheckout] = (await recorded()).slice(before);
      for (const exchange of [viaPaymennt!, getPaymennt!]) {
        expect(exchange.headers).to.include.members(['x-paymennt-api-key', 'x-paymennt-api-secret']);
        expect(exchange.headers).not.to.include('x-pointcheckout-api-key');
      }
      expect(viaPointCheckout!.headers).to.include.members(['x-pointcheckout-api-key', 'x-pointcheckout-api-secret']);
      expect(viaPointCheckout!.headers).not.to.include('x-paymennt-api-key');
    });

    it('accepts both header families case-insensitively and refuses a wrong or missing key', async () => {
      const upper = { 'X-PAYMENNT-API-KEY': KEY, 'x-paymennt-api-secret': SECRET };
      expect((await api('GET', '/checkout', { headers: upper })).status).to.equal(200);
      expect((await api('GET', '/checkout', { headers: { 'x-pointcheckout-api-key': KEY, 'X-POINTCHECKOUT-API-SECRET': SECRET } })).status).to.equal(200);
      for (const family of ['pointcheckout', 'paymennt'] as const) {
        expect(await rejection(client(family, 'wrong').getCheckout('1'))).to.be.instanceOf(GatewayAuthError);
      }
      const missing = await api('GET', '/checkout', { headers: {} });
      expect(missing.status).to.equal(401);
      expect(missing.json).to.include({ success: false });
      const keyOnly = await api('GET', '/checkout', { headers: { 'X-PointCheckout-Api-Key': KEY } });
      expect(keyOnly.status).to.equal(401);
    });

    it('answers 404 inside the envelope for paths outside the spec (and for unimplemented ones)', async () => {
      for (const [method, path] of [['GET', '/nope'], ['DELETE', '/checkout/1'], ['GET', '/checkout/1/refund'], ['POST', '/checkout/web']]) {
        const reply = await api(method!, path!, method === 'POST' ? { body: {} } : {});
        expect(reply.status, `${method} ${path}`).to.equal(404);
        expect(reply.json).to.include({ success: false, error: 'Not found' });
        expect(reply.json.elapsed).to.be.a('number');
      }
    });

    it('reports the 2026 statuses PENDING_CONFIRMATION and CHARGEBACK on get and search', async () => {
      const sim_ = (path: string) => fetch(`${sim.url}/_sim${path}`, { method: 'POST' });
      const waiting = await pc().createQrCheckout(newRequest());
      await sim_(`/checkouts/${waiting.id}/pending-confirmation`);
      expect((await pc().getCheckout(waiting.id)).status).to.equal('PENDING_CONFIRMATION');
      const charged = await pc().createQrCheckout(newRequest());
      await sim_(`/checkouts/${charged.id}/pay`);
      await sim_(`/checkouts/${charged.id}/chargeback`);
      expect((await pc().getCheckout(charged.id)).status).to.equal('CHARGEBACK');
      const found = await api('GET', '/checkout?status=PENDING_CONFIRMATION,CHARGEBACK');
      expect(found.json.result.content.map((c: { id: string }) => c.id)).to.include.members([waiting.id, charged.id]);
    });

    it('answers a rate-limited request 429 inside the error envelope', async () => {
      const config = (body: unknown) =>
        fetch(`${sim.url}/_sim/config`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      await config({ rateLimitPerSecond: 1 });
      try {
        const replies = await Promise.all([api('GET', '/checkout?size=1'), api('GET', '/checkout?size=1'), api('GET', '/checkout?size=1')]);
        const limited = replies.find((r) => r.status === 429);
        expect(limited?.json).to.include({ success: false, error: 'Too many requests' });
      } finally {
        await config({ rateLimitPerSecond: null });
      }
    });

    it('recorded every exchange, without secrets', async () => {
      const exchanges = await recorded();
      expect(exchanges.length).to.be.greaterThan(50);
      const text = JSON.stringify(exchanges);
      expect(text).not.to.include(SECRET);
      expect(text).not.to.include(KEY);
      expect(exchanges.every((e) => e.path.startsWith('/mer/v2.0'))).to.equal(true);
    });

    for (const [name, file] of [['pointcheckout 2022-02', undefined], ['paymennt 2026-03', PAYMENNT_2026]] as const) {
      it(`every recorded request and response conforms to the ${name} spec`, async () => {
        const spec = OpenApiSpec.load(file);
        const exchanges = await recorded();
        const violations = validateExchanges(exchanges, spec);
        expect(violations, `${violations.length} violations:\n${violations.join('\n')}`).to.deep.equal([]);
        // Every QR-flow operation was exercised, both answered and refused.
        for (const id of QR_FLOW_OPERATIONS) {
          const statuses = exchanges.filter((e) => spec.findOperation(e.method, e.path.slice('/mer/v2.0'.length))?.operation.id === id).map((e) => e.status);
          expect(statuses, id).to.include(200);
          if (id !== 'list-webhooks' && id !== 'disable-webhook' && id !== 'delete-webhook') expect(statuses, id).to.include(400);
        }
      });
    }
  });

  describe('the validator catches violations', () => {
    const MORE = {
      checkoutKey: 'k',
      redirectUrl: 'http://x/checkout/k',
      timestamp: '2022-02-22T10:00:00.000+0000',
      displayId: 'QS3IM5',
      cashAmount: 0,
      totalRefunded: 0,
      branchId: '1',
      branchName: 'Main',
      usedPaymentMethod: null,
      customer: null,
      billingAddress: null,
      deliveryAddress: null,
      firebaseDatabase: 'pc-sim',
      firebaseCollection: 'checkouts',
      firebaseDocument: '1653241101733169556',
    };
    const ok = (overrides: Partial<RecordedExchange>): RecordedExchange => ({
      seq: 1,
      at: new Date(0).toISOString(),
      method: 'GET',
      path: '/mer/v2.0/checkout/1653241101733169556',
      query: {},
      headers: ['x-pointcheckout-api-key', 'x-pointcheckout-api-secret'],
      contentType: null,
      authPresent: true,
      requestBody: null,
      status: 200,
      responseBody: {
        success: true,
        elapsed: 3,
        result: { id: '1653241101733169556', requestId: 'r-1', orderId: 'o-1', currency: 'AED', amount: 100, status: 'PENDING', ...MORE },
      },
      fault: null,
      ...overrides,
    });
    const result = (patch: Record<string, unknown>) => {
      const body = structuredClone(ok({}).responseBody) as { result: Record<string, unknown> };
      const merged = Object.entries({ ...body.result, ...patch }).filter(([, value]) => value !== undefined);
      return ok({ responseBody: { ...body, result: Object.fromEntries(merged) } });
    };

    it('passes a conforming exchange', () => {
      expect(validateExchange(ok({}))).to.deep.equal([]);
    });

    it('reports a missing required field, a wrong type, a display-label status, an extra field and a bad timestamp', () => {
      expect(validateExchange(result({ status: undefined }))).to.deep.equal(['GET /checkout/{checkoutId} response: result.status is required']);
      expect(validateExchange(result({ amount: '100.00' }))).to.deep.equal(['GET /checkout/{checkoutId} response: result.amount must be number']);
      expect(validateExchange(result({ status: 'Pending' }))[0]).to.match(/result.status must be one of PENDING, AUTHORIZED, PAID/);
      expect(validateExchange(result({ expiresAt: 'soon' }))).to.deep.equal(['GET /checkout/{checkoutId} response: result.expiresAt is not in the spec']);
      expect(validateExchange(result({ usedPaymentMethod: 7 }))[0]).to.match(/result.usedPaymentMethod must be string/);
      // Q16: every listed field is present (null when unknown), and only the optional ones may be null.
      expect(validateExchange(result({ usedPaymentMethod: undefined }))).to.deep.equal(['GET /checkout/{checkoutId} response: result.usedPaymentMethod is required']);
      expect(validateExchange(result({ customer: { firstName: 'A', lastName: 'B', email: 'a@b.c', phone: null, reference: null } }))).to.deep.equal([
        'GET /checkout/{checkoutId} response: result.customer.id is required',
      ]);
      expect(validateExchange(result({ checkoutKey: null }))[0]).to.match(/result.checkoutKey must be string/);
      expect(validateExchange(result({ timestamp: '22/02/2022' }))[0]).to.match(/result.timestamp must match format/);
      expect(validateExchange(ok({ responseBody: { result: {} } }))).to.include('GET /checkout/{checkoutId} response: success is required');
    });

    it('reports an invalid request the simulator accepted, but not one it refused', () => {
      const create = (status: number) =>
        ok({ method: 'POST', path: '/mer/v2.0/checkout/qr', contentType: 'application/json', requestBody: { requestId: 'r', orderId: 'o', currency: 'AED', amount: 1, qrSize: 2000 }, status, responseBody: { success: false, elapsed: 1, error: 'qrSize must be an integer between 64 and 1024' } });
      expect(validateExchange(create(200))).to.include('POST /checkout/qr request: body.qrSize must be <= 1024 (yet the simulator answered with 200)');
      expect(validateExchange(create(400))).to.deep.equal([]);
      expect(validateExchange(ok({ headers: [] }))[0]).to.match(/headers must include X-PointCheckout-Api-Key and X-PointCheckout-Api-Secret/);
      expect(validateExchange(ok({ query: { size: '2' } }))[0]).to.match(/query.size is not a parameter of this operation/);
    });

    it('reports an unknown path answered outside the envelope or without 404, and the spec-literal webhook list', () => {
      expect(validateExchange(ok({ path: '/mer/v2.0/nope', status: 200 }))[0]).to.match(/not an operation of the spec, expected 404/);
      expect(validateExchange(ok({ path: '/mer/v2.0/nope', status: 404, responseBody: { error: 'Not found' } }))).to.have.length(1);
      const list = ok({ path: '/mer/v2.0/webhooks', responseBody: [{ success: true, elapsed: 1, result: { id: '1' } }] });
      expect(validateExchange(list)).to.deep.equal(['GET /webhooks response: body must be object']);
    });

    it('catches a violation in a real recorded response once it is broken', async () => {
      const real = (await recorded()).find((e) => e.method === 'POST' && e.path === '/mer/v2.0/checkout/qr' && e.status === 200)!;
      expect(validateExchange(real)).to.deep.equal([]);
      const broken = structuredClone(real);
      delete (broken.responseBody as { result: Record<string, unknown> }).result.base64QR;
      (broken.responseBody as { result: Record<string, unknown> }).result.totalRefunded = '0';
      expect(validateExchange(broken)).to.deep.equal([
        'POST /checkout/qr response: result.base64QR is required',
        'POST /checkout/qr response: result.totalRefunded must be number',
      ]);
    });
  });
});
