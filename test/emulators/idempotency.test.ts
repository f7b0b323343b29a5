import { expect } from 'chai';
import { adminDb, closeSessions, orderId, rejectsWith, session, sim, type Session } from './harness';

describe('createQrCheckout idempotency', () => {
  let staff: Session;

  before(async () => {
    staff = await session('staff');
  });
  after(closeSessions);

  it('10 concurrent calls with one key make one checkout at the gateway and one document', async () => {
    const input = { orderId: orderId('IDEM'), amount: '42.00', currency: 'GBP', idempotencyKey: `key-${orderId()}` };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => staff.call<{ checkoutId: string; qrImage: string }>('createQrCheckout', input)),
    );
    const ids = new Set(results.map((r) => r.checkoutId));
    expect(ids.size).to.equal(1);
    expect(new Set(results.map((r) => r.qrImage)).size).to.equal(1);
    const atGateway = await sim.search({ orderId: input.orderId });
    expect(atGateway).to.have.length(1);
    expect((await adminDb.collection('checkouts').where('orderId', '==', input.orderId).get()).size).to.equal(1);
  });

  it('the same key with another payload is already-exists; another caller’s same key is independent', async () => {
    const key = `key-${orderId()}`;
    const order = orderId('IDEM');
    const first = await staff.call<{ checkoutId: string }>('createQrCheckout', { orderId: order, amount: '1.00', currency: 'EUR', idempotencyKey: key });
    await rejectsWith(
      staff.call('createQrCheckout', { orderId: order, amount: '2.00', currency: 'EUR', idempotencyKey: key }),
      'already-exists',
      /idempotencyKey/,
    );
    const again = await staff.call<{ checkoutId: string }>('createQrCheckout', { orderId: order, amount: '1.00', currency: 'EUR', idempotencyKey: key });
    expect(again.checkoutId).to.equal(first.checkoutId);
    const other = await session('staff');
    const theirs = await other.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('IDEM'), amount: '1.00', currency: 'EUR', idempotencyKey: key });
    expect(theirs.checkoutId).to.not.equal(first.checkoutId);
  });

  it('a retry after a timeout (gateway made the checkout, answer lost) resumes the same gateway checkout', async () => {
    const input = { orderId: orderId('LOST'), amount: '7.25', currency: 'USD', idempotencyKey: `key-${orderId()}` };
    await sim.fault('^POST /checkout/qr$', 'timeout', 3);
    await rejectsWith(staff.call('createQrCheckout', input), 'unavailable');
    await sim.clearFaults();
    const retried = await staff.call<{ checkoutId: string; status: string }>('createQrCheckout', input);
    expect(retried.status).to.equal('PENDING');
    expect(await sim.search({ orderId: input.orderId })).to.have.length(1);
    expect((await adminDb.collection('checkouts').where('orderId', '==', input.orderId).get()).size).to.equal(1);
  });
});
