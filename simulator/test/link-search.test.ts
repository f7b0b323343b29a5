import { expect } from 'chai';
import type { Simulator } from '../src/server';
import { api, call, checkoutBody, createCheckout, simAction, start } from './helpers';

/** Every field of the spec's CheckoutLinkResponse (both spec versions list the same ones). */
const LINK_FIELDS = [
  'id', 'displayId', 'checkoutKey', 'requestId', 'orderId', 'currency', 'amount', 'cashAmount', 'status', 'totalRefunded',
  'redirectUrl', 'usedPaymentMethod', 'customer', 'subscriptionId', 'billingAddress', 'deliveryAddress', 'firebaseCollection',
  'firebaseDatabase', 'firebaseDocument', 'timestamp', 'branchId', 'branchName',
];
const ADDRESS = { name: 'Ann Lee', address1: '1 Palm St', city: 'Dubai', country: 'AE' };

function linkBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return checkoutBody({ description: 'invoice 7', ...overrides });
}

describe('merchant API: link checkouts, every spec field, strict search keys', () => {
  let sim: Simulator;
  before(async () => {
    sim = await start();
  });
  after(() => sim.close());
  beforeEach(() => call(sim, 'POST', '/_sim/reset', { auth: false }));

  describe('POST /checkout/link', () => {
    it('creates a PENDING link checkout with exactly the fields of CheckoutLinkResponse, and no QR', async () => {
      const reply = await api(sim, 'POST', '/checkout/link', {
        body: linkBody({ requestId: 'l-1', sendSms: false, sendEmail: true, deliveryAddress: ADDRESS, customer: { firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com' } }),
      });
      expect(reply.status, reply.text).to.equal(200);
      const c = reply.json.result;
      expect(Object.keys(c).sort()).to.deep.equal([...LINK_FIELDS].sort());
      expect(c).to.include({ requestId: 'l-1', status: 'PENDING', usedPaymentMethod: null, subscriptionId: null, billingAddress: null });
      expect(c.deliveryAddress).to.deep.equal({ ...ADDRESS, address2: null, state: null, zip: null });
      expect(c.customer).to.deep.include({ reference: null, phone: null, email: 'ann@example.com' });
      expect(c.redirectUrl).to.equal(`${sim.url}/checkout/${c.checkoutKey}`);
      expect((await fetch(c.redirectUrl)).status, 'its payment page opens').to.equal(200);
    });

    it('is a checkout like any other: get, search by type, pay, refund', async () => {
      const link = (await api(sim, 'POST', '/checkout/link', { body: linkBody() })).json.result;
      const qr = await createCheckout(sim);
      const got = (await api(sim, 'GET', `/checkout/${link.id}`)).json.result;
      expect(got).to.include({ id: link.id, usedPaymentMethod: null, deliveryAddress: null });
      expect(got).not.to.have.property('subscriptionId');
      const byType = async (type: string) => ((await api(sim, 'GET', `/checkout?type=${type}`)).json.result.content as any[]).map((x) => x.id);
      expect(await byType('LINK')).to.deep.equal([link.id]);
      expect(await byType('QR')).to.deep.equal([qr.id]);
      await simAction(sim, link.id, 'pay');
      const refunded = await api(sim, 'POST', `/checkout/${link.id}/refund?amount=100&currency=AED&note=test`);
      expect(refunded.json.result).to.include({ status: 'REFUNDED', usedPaymentMethod: 'CARD' });
    });

    it('refuses what CheckoutPaymentLinkRequest forbids, naming the field', async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ description: undefined }, /description is required/],
        [{ expiresIn: 14 }, /expiresIn must be an integer between 15 and 10080/],
        [{ sendSms: 'yes' }, /sendSms must be a boolean/],
        [{ deliveryAddress: { name: 'x', address1: 'y', city: 'z' } }, /deliveryAddress\.country is required/],
        [{ amount: 0 }, /amount must be greater than 0/],
      ];
      for (const [overrides, message] of cases) {
        const reply = await api(sim, 'POST', '/checkout/link', { body: linkBody(overrides) });
        expect(reply.status, JSON.stringify(overrides)).to.equal(400);
        expect(reply.json).to.include({ success: false }).and.to.have.property('error').that.matches(message);
      }
      // The QR-only fields the vendor's PHP SDK also sends here are ignored, as the spec does not declare them.
      expect((await api(sim, 'POST', '/checkout/link', { body: linkBody({ qrSize: 5000, deviceReference: 'till-1' }) })).status).to.equal(200);
    });

    it('refuses a requestId already used by a QR checkout, even with the same order and amount', async () => {
      await createCheckout(sim, { requestId: 'same' });
      const reply = await api(sim, 'POST', '/checkout/link', { body: linkBody({ requestId: 'same' }) });
      expect(reply.status).to.equal(400);
      expect(reply.json.error).to.equal("A checkout already exists for this merchant with request id 'same'");
    });
  });

  describe('every field the spec lists, on create as on get', () => {
    it('sends usedPaymentMethod, customer, addresses and their inner fields as null when unknown', async () => {
      const created = await createCheckout(sim, { customer: { firstName: 'A', lastName: 'B', email: 'Same@Example.com', id: 'm-7' } });
      const again = await createCheckout(sim, { customer: { firstName: 'A', lastName: 'B', email: 'same@example.com' } });
      const bare = await createCheckout(sim);
      for (const c of [created, (await api(sim, 'GET', `/checkout/${created.id}`)).json.result]) {
        expect(c).to.include({ usedPaymentMethod: null, billingAddress: null, deliveryAddress: null });
        expect(c.customer).to.include({ reference: 'm-7', phone: null });
      }
      expect(created.customer.id, 'one PointCheckout id per customer email').to.equal(again.customer.id).and.match(/^\d{19}$/);
      expect(bare).to.include({ customer: null });
    });
  });

  describe('GET /checkout query keys', () => {
    it("reads the PHP SDK's '/orderId' as orderId with a warning header in the default mode, never unfiltered", async () => {
      const mine = await createCheckout(sim, { orderId: 'ORD-A' });
      await createCheckout(sim, { orderId: 'ORD-B' });
      const reply = await api(sim, 'GET', '/checkout?/orderId=ORD-A&size=5');
      expect(reply.status).to.equal(200);
      expect((reply.json.result.content as any[]).map((c) => c.id)).to.deep.equal([mine.id]);
      expect(reply.headers.get('x-simulator-warning')).to.include("'/orderId' as 'orderId'");
      const empty = await api(sim, 'GET', '/checkout?/');
      expect(empty.json.result.totalElements).to.equal(2);
      expect(empty.headers.get('x-simulator-warning')).to.include("empty query key '/'");
      expect((await api(sim, 'GET', '/checkout?orderId=ORD-A')).headers.get('x-simulator-warning')).to.equal(null);
    });

    it('answers an undeclared key 400 in both modes, and a malformed one 400 in strict mode', async () => {
      await createCheckout(sim);
      for (const strict of [false, true]) {
        await call(sim, 'POST', '/_sim/config', { auth: false, body: { strict } });
        const unknown = await api(sim, 'GET', '/checkout?orderid=ORD-1001');
        expect(unknown.status).to.equal(400);
        expect(unknown.json).to.include({ success: false });
        expect(unknown.json.error).to.match(/^Unknown query parameter 'orderid': the checkout search takes type, requestId, orderId/);
      }
      const malformed = await api(sim, 'GET', '/checkout?/orderId=ORD-1001');
      expect(malformed.status).to.equal(400);
      expect(malformed.json.error).to.match(/^Unknown query parameter '\/orderId' \(did you mean 'orderId'\?\)/);
      expect((await api(sim, 'GET', '/checkout?/')).status).to.equal(400);
      expect((await api(sim, 'GET', '/checkout?orderId=ORD-1001')).json.result.totalElements).to.equal(1);
    });
  });

  describe('webhook test and delete follow the spec, not the PHP SDK', () => {
    it('answer the WebhookResponse object (the SDK declares bool)', async () => {
      const hook = (await api(sim, 'POST', '/webhooks', { body: { address: 'http://127.0.0.1:9/hook' } })).json.result;
      for (const action of ['test', 'delete']) {
        const reply = await api(sim, 'POST', `/webhooks/${hook.id}/${action}`);
        expect(reply.json.result).to.include({ id: hook.id, address: 'http://127.0.0.1:9/hook' }).and.have.property('hmacKey');
      }
    });
  });
});
