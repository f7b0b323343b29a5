import { expect } from 'chai';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Simulator } from '../src/server';
import { api, call, checkoutBody, createCheckout, KEY, SECRET, simAction, start } from './helpers';

function decodeQr(base64: string): { width: number; height: number; text: string | undefined } {
  const png = PNG.sync.read(Buffer.from(base64, 'base64'));
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  return { width: png.width, height: png.height, text: code?.data };
}

describe('merchant API: checkouts', () => {
  let sim: Simulator;
  before(async () => {
    sim = await start();
  });
  after(() => sim.close());
  beforeEach(() => call(sim, 'POST', '/_sim/reset', { auth: false }));

  describe('POST /checkout/qr', () => {
    it('creates a PENDING checkout with every spec field', async () => {
      const reply = await api(sim, 'POST', '/checkout/qr', {
        body: checkoutBody({
          requestId: 'r-1',
          description: 'two coffees',
          customer: { firstName: 'John', lastName: 'Smith', email: 'john@example.com', reference: 'cus-1' },
        }),
      });
      expect(reply.status).to.equal(200);
      expect(reply.json.success).to.equal(true);
      expect(reply.json.elapsed).to.be.a('number');
      const c = reply.json.result;
      expect(c.id).to.match(/^[1-9]\d{18}$/);
      expect(c.displayId).to.match(/^[A-Z0-9]{6}$/);
      expect(c.checkoutKey).to.match(/^[0-9a-f]{48}$/);
      expect(c).to.include({
        requestId: 'r-1',
        orderId: 'ORD-1001',
        currency: 'AED',
        amount: 100,
        cashAmount: 0,
        status: 'PENDING',
        totalRefunded: 0,
        firebaseDatabase: 'pc-sim',
        firebaseCollection: 'checkouts',
        firebaseDocument: c.id,
      });
      expect(c.redirectUrl).to.equal(`${sim.url}/checkout/${c.checkoutKey}`);
      expect(c.timestamp).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
      expect(c.customer).to.include({ firstName: 'John', email: 'john@example.com', reference: 'cus-1' });
      expect(c.branchId).to.be.a('string');
      expect(c.branchName).to.be.a('string');
      expect(c).not.to.have.property('expiresAt');
      // Every field the spec lists is present, null when it has no value (the vendor's PHP SDK reads them all).
      expect(c).to.include({ usedPaymentMethod: null, deliveryAddress: null, billingAddress: null });
      expect(c.customer).to.include({ phone: null });
      expect(c.customer.id, "PointCheckout's own customer id").to.match(/^\d{19}$/);
    });

    it('returns a real PNG of qrSize px whose QR text is exactly redirectUrl', async () => {
      const c = await createCheckout(sim, { qrSize: 400 });
      expect(c.base64QR).to.match(/^iVBORw0KGgo/); // raw base64 PNG, no data: prefix
      const qr = decodeQr(c.base64QR);
      expect(qr.width).to.equal(400);
      expect(qr.height).to.equal(400);
      expect(qr.text).to.equal(c.redirectUrl);
    });

    it('defaults qrSize to 300 and still decodes at the 64 px minimum', async () => {
      expect(decodeQr((await createCheckout(sim)).base64QR).width).to.equal(300);
      const small = await createCheckout(sim, { qrSize: 64 });
      expect(decodeQr(small.base64QR).width).to.equal(64);
    });

    it('accepts numbers sent as strings, like the vendor PHP SDK', async () => {
      const c = await createCheckout(sim, {
        amount: '100.50',
        qrSize: '128',
        expiresIn: '1440',
        items: [{ name: 'ITEM 1', unitprice: '100', quantity: '2', linetotal: '200' }],
        totals: { subtotal: '90.00', tax: '5', shipping: '5', handling: '0', discount: '0' },
      });
      expect(c.amount).to.equal(100.5);
      expect(decodeQr(c.base64QR).width).to.equal(128);
    });

    it('keeps 3-decimal amounts exact', async () => {
      const c = await createCheckout(sim, { amount: '12.345', currency: 'kwd' });
      expect(c.amount).to.equal(12.345);
      expect(c.currency).to.equal('KWD');
    });

    const invalid: [string, Record<string, unknown>, RegExp][] = [
      ['missing requestId', { requestId: undefined }, /requestId is required/],
      ['missing orderId', { orderId: '' }, /orderId is required/],
      ['missing currency', { currency: undefined }, /currency is required/],
      ['bad currency', { currency: 'DIRHAM' }, /currency must be a 3-letter/],
      ['missing amount', { amount: undefined }, /amount is required/],
      ['zero amount', { amount: 0 }, /amount must be greater than 0/],
      ['negative amount', { amount: '-5' }, /amount must be greater than 0/],
      ['4 decimals', { amount: 1.2345 }, /amount must be a number with at most 3 decimals/],
      ['text amount', { amount: 'ten' }, /amount must be a number/],
      ['qrSize too small', { qrSize: 63 }, /qrSize must be an integer between 64 and 1024/],
      ['qrSize too big', { qrSize: 1025 }, /qrSize/],
      ['qrSize fraction', { qrSize: 100.5 }, /qrSize/],
      ['expiresIn too short', { expiresIn: 4 }, /expiresIn must be an integer between 5 and 10080/],
      ['expiresIn too long', { expiresIn: 10081 }, /expiresIn/],
      ['item without name', { items: [{ quantity: 1, linetotal: 1 }] }, /items\[0\]\.name is required/],
      ['item with zero quantity', { items: [{ name: 'x', quantity: 0, linetotal: 1 }] }, /items\[0\]\.quantity must be greater than 0/],
      ['item without linetotal', { items: [{ name: 'x', quantity: 1 }] }, /items\[0\]\.linetotal is required/],
      ['customer without email', { customer: { firstName: 'a', lastName: 'b' } }, /customer\.email is required/],
      ['customer without lastName', { customer: { firstName: 'a', email: 'a@b.c' } }, /customer\.lastName is required/],
      ['bad email', { customer: { firstName: 'a', lastName: 'b', email: 'nope' } }, /customer\.email must be a valid/],
      ['totals not adding up', { totals: { subtotal: 90, tax: 5, skipTotalsValidation: false } }, /totals do not add up/],
      ['bad payment method', { allowedPaymentMethods: ['BITCOIN'] }, /allowedPaymentMethods\[0\]/],
      ['bad language', { language: 'english' }, /language/],
    ];
    for (const [name, overrides, message] of invalid) {
      it(`rejects ${name} with 400 naming the field`, async () => {
        const reply = await api(sim, 'POST', '/checkout/qr', { body: checkoutBody(overrides) });
        expect(reply.status).to.equal(400);
        expect(reply.json.success).to.equal(false);
        expect(reply.json.elapsed).to.be.a('number');
        expect(reply.json.error).to.match(message);
        expect(reply.json).not.to.have.property('result');
      });
    }

    it('rejects a body that is not a JSON object', async () => {
      const reply = await api(sim, 'POST', '/checkout/qr', { rawBody: '{nope' });
      expect(reply.status).to.equal(400);
      expect(reply.json.error).to.match(/JSON/);
    });

    it('refuses a body over 1 MB with 413', async () => {
      const reply = await api(sim, 'POST', '/checkout/qr', { body: checkoutBody({ description: 'x'.repeat(1024 * 1024) }) });
      expect(reply.status).to.equal(413);
      expect(reply.json.success).to.equal(false);
    });
  });

  describe('duplicate requestId', () => {
    it('returns the same checkout again for the same payload', async () => {
      const body = checkoutBody({ requestId: 'dup-1', amount: '25.00' });
      const first = await api(sim, 'POST', '/checkout/qr', { body });
      const second = await api(sim, 'POST', '/checkout/qr', { body: { ...body, amount: 25 } });
      expect(second.status).to.equal(200);
      expect(second.json.result.id).to.equal(first.json.result.id);
      expect(second.json.result.base64QR).to.equal(first.json.result.base64QR);
      expect((await call(sim, 'GET', '/_sim/checkouts', { auth: false })).json.checkouts).to.have.length(1);
    });

    it('refuses the same requestId with another payload', async () => {
      await createCheckout(sim, { requestId: 'dup-2' });
      for (const change of [{ amount: 101 }, { orderId: 'OTHER' }, { currency: 'USD' }]) {
        const reply = await api(sim, 'POST', '/checkout/qr', { body: checkoutBody({ requestId: 'dup-2', ...change }) });
        expect(reply.status).to.equal(400);
        expect(reply.json.error).to.equal("A checkout already exists for this merchant with request id 'dup-2'");
      }
    });
  });

  describe('GET /checkout/{id}', () => {
    it('returns the checkout without base64QR', async () => {
      const created = await createCheckout(sim);
      const reply = await api(sim, 'GET', `/checkout/${created.id}`);
      expect(reply.status).to.equal(200);
      const { base64QR: _qr, ...withoutQr } = created;
      expect(reply.json.result).to.deep.equal(withoutQr);
    });

    it('answers 400 for an unknown checkout', async () => {
      const reply = await api(sim, 'GET', '/checkout/1234567890123456789');
      expect(reply.status).to.equal(400);
      expect(reply.json).to.include({ success: false, error: 'Checkout not found for API merchant' });
    });

    it('answers 404 in the envelope for an unknown path', async () => {
      const reply = await api(sim, 'GET', '/nothing/here');
      expect(reply.status).to.equal(404);
      expect(reply.json).to.include({ success: false, error: 'Not found' });
    });
  });

  describe('GET /checkout (search)', () => {
    it('filters by requestId, orderId, status and type, newest first, paged', async () => {
      const a = await createCheckout(sim, { orderId: 'O-A' });
      const b = await createCheckout(sim, { orderId: 'O-B' });
      const c = await createCheckout(sim, { orderId: 'O-A' });
      await simAction(sim, c.id, 'pay');

      const all = (await api(sim, 'GET', '/checkout')).json.result;
      expect(all).to.include({ page: 0, size: 20, totalPages: 1, totalElements: 3 });
      expect(all.content.map((x: any) => x.id)).to.deep.equal([c.id, b.id, a.id]);
      expect(all.content[0]).not.to.have.property('base64QR');

      const byOrder = (await api(sim, 'GET', '/checkout?orderId=O-A')).json.result;
      expect(byOrder.content.map((x: any) => x.id)).to.deep.equal([c.id, a.id]);
      const byRequest = (await api(sim, 'GET', `/checkout?requestId=${encodeURIComponent(b.requestId)}`)).json.result;
      expect(byRequest.content.map((x: any) => x.id)).to.deep.equal([b.id]);
      const paid = (await api(sim, 'GET', '/checkout?status=PAID,FAILED&type=QR')).json.result;
      expect(paid.content.map((x: any) => x.id)).to.deep.equal([c.id]);
      expect((await api(sim, 'GET', '/checkout?type=WEB')).json.result.totalElements).to.equal(0);

      const page1 = (await api(sim, 'GET', '/checkout?page=1&size=2')).json.result;
      expect(page1).to.include({ page: 1, size: 2, totalPages: 2, totalElements: 3 });
      expect(page1.content.map((x: any) => x.id)).to.deep.equal([a.id]);
    });

    for (const query of ['page=-1', 'size=0', 'size=abc', 'page=1.5']) {
      it(`refuses ${query}`, async () => {
        const reply = await api(sim, 'GET', `/checkout?${query}`);
        expect(reply.status).to.equal(400);
        expect(reply.json.error).to.equal('page size parameter must be a positive integer');
      });
    }
  });

  describe('authentication', () => {
    it('accepts each header family, case-insensitively', async () => {
      const families: Record<string, string>[] = [
        { 'X-PointCheckout-Api-Key': KEY, 'X-PointCheckout-Api-Secret': SECRET },
        { 'X-Paymennt-Api-Key': KEY, 'X-Paymennt-Api-Secret': SECRET },
        { 'X-POINTCHECKOUT-KEY': KEY, 'X-POINTCHECKOUT-SECRET': SECRET },
        { 'x-pointcheckout-api-key': KEY, 'x-pointcheckout-api-secret': SECRET },
      ];
      for (const headers of families) {
        const reply = await api(sim, 'GET', '/checkout', { auth: false, headers });
        expect(reply.status, JSON.stringify(headers)).to.equal(200);
      }
    });

    const bad: [string, Record<string, string>][] = [
      ['no headers', {}],
      ['a wrong secret', { 'X-PointCheckout-Api-Key': KEY, 'X-PointCheckout-Api-Secret': 'wrong' }],
      ['a wrong key', { 'X-Paymennt-Api-Key': 'wrong', 'X-Paymennt-Api-Secret': SECRET }],
      ['only a key', { 'X-PointCheckout-Api-Key': KEY }],
      ['key and secret from different families', { 'X-PointCheckout-Api-Key': KEY, 'X-Paymennt-Api-Secret': SECRET }],
    ];
    for (const [name, headers] of bad) {
      it(`answers 401 for ${name}`, async () => {
        const reply = await api(sim, 'POST', '/checkout/qr', { auth: false, headers, body: checkoutBody() });
        expect(reply.status).to.equal(401);
        expect(reply.json).to.include({ success: false, error: 'Invalid API key or secret' });
        expect(reply.json.elapsed).to.be.a('number');
      });
    }

    it('protects every API path, unknown ones included', async () => {
      expect((await api(sim, 'GET', '/webhooks', { auth: false })).status).to.equal(401);
      expect((await api(sim, 'GET', '/nothing', { auth: false })).status).to.equal(401);
    });
  });

  describe('POST /checkout/{id}/cancel', () => {
    it('cancels PENDING and AUTHORIZED checkouts', async () => {
      const pending = await createCheckout(sim);
      const reply = await api(sim, 'POST', `/checkout/${pending.id}/cancel`);
      expect(reply.status).to.equal(200);
      expect(reply.json.result).to.include({ id: pending.id, status: 'CANCELLED' });

      const authorized = await createCheckout(sim);
      await simAction(sim, authorized.id, 'authorize');
      expect((await api(sim, 'POST', `/checkout/${authorized.id}/cancel`)).json.result.status).to.equal('CANCELLED');
    });

    it('refuses other statuses and unknown checkouts', async () => {
      const paid = await createCheckout(sim);
      await simAction(sim, paid.id, 'pay');
      const reply = await api(sim, 'POST', `/checkout/${paid.id}/cancel`);
      expect(reply.status).to.equal(400);
      expect(reply.json.error).to.equal('Checkout cannot be cancelled in status PAID');
      expect((await api(sim, 'POST', '/checkout/1/cancel')).json.error).to.equal('Checkout not found for API merchant');
    });
  });

  describe('POST /checkout/{id}/refund', () => {
    async function paidCheckout(amount: number | string = '100.00') {
      const c = await createCheckout(sim, { amount });
      await simAction(sim, c.id, 'pay');
      return c;
    }

    it('refunds partially, then fully (query string parameters)', async () => {
      const c = await paidCheckout();
      const first = await api(sim, 'POST', `/checkout/${c.id}/refund?amount=30.10&currency=AED&note=Out%20of%20stock`);
      expect(first.status).to.equal(200);
      expect(first.json.result).to.include({ status: 'PARTIALLY_REFUNDED', totalRefunded: 30.1 });
      const second = await api(sim, 'POST', `/checkout/${c.id}/refund?amount=69.90&currency=AED&note=rest`);
      expect(second.json.result).to.include({ status: 'REFUNDED', totalRefunded: 100 });
    });

    it('accepts a JSON body, with the query string winning', async () => {
      const c = await paidCheckout();
      const reply = await api(sim, 'POST', `/checkout/${c.id}/refund?note=from-query&amount=10`, {
        body: { amount: '99', currency: 'AED' },
      });
      expect(reply.status).to.equal(200);
      expect(reply.json.result.totalRefunded).to.equal(10);
    });

    it('refuses more than the refundable amount', async () => {
      const c = await paidCheckout();
      await api(sim, 'POST', `/checkout/${c.id}/refund?amount=60&currency=AED&note=a`);
      const reply = await api(sim, 'POST', `/checkout/${c.id}/refund?amount=40.01&currency=AED&note=b`);
      expect(reply.status).to.equal(400);
      expect(reply.json.error).to.equal('Refund amount exceeds the refundable amount');
      expect((await api(sim, 'GET', `/checkout/${c.id}`)).json.result.totalRefunded).to.equal(60);
    });

    it('validates the parameters, the currency and the status', async () => {
      const c = await paidCheckout();
      const refund = (q: string) => api(sim, 'POST', `/checkout/${c.id}/refund?${q}`);
      expect((await refund('currency=AED&note=x')).json.error).to.equal('amount is required');
      expect((await refund('amount=0&currency=AED&note=x')).json.error).to.equal('amount must be greater than 0');
      expect((await refund('amount=1&note=x')).json.error).to.equal('currency is required');
      expect((await refund('amount=1&currency=AED')).json.error).to.equal('note is required');
      expect((await refund('amount=1&currency=USD&note=x')).json.error).to.match(/currency 'USD' does not match/);

      const pending = await createCheckout(sim);
      const reply = await api(sim, 'POST', `/checkout/${pending.id}/refund?amount=1&currency=AED&note=x`);
      expect(reply.status).to.equal(400);
      expect(reply.json.error).to.equal('Checkout cannot be refunded in status PENDING');
    });

    it('treats a repeated referenceId with the same amount as a retry', async () => {
      const c = await paidCheckout();
      const q = `/checkout/${c.id}/refund?amount=10&currency=AED&note=x&referenceId=rf-1`;
      await api(sim, 'POST', q);
      const again = await api(sim, 'POST', q);
      expect(again.status).to.equal(200);
      expect(again.json.result.totalRefunded).to.equal(10);
      const other = await api(sim, 'POST', `/checkout/${c.id}/refund?amount=11&currency=AED&note=x&referenceId=rf-1`);
      expect(other.status).to.equal(400);
    });
  });
});
