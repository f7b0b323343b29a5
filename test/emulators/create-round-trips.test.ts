/**
 * createQrCheckout at its round-trip minimum (#19): the first create for a key and an order makes two sequential
 * Firestore round trips (the claim-and-order batch beside the order checks; the store batch), counted here by
 * wrapping the admin SDK in this process, so they cannot silently grow back. And the paths the batches hand over
 * to: a retry, a second key for an open order, two creates racing for one order.
 */
import { expect } from 'chai';
import { createQrCheckout, type CreateDeps } from '../../functions/src/creation/create';
import { PointCheckoutClient } from '../../functions/src/pointcheckout/client';
import { createQrCheckoutInputSchema } from '../../functions/src/domain/schemas';
import type { Caller } from '../../functions/src/access/caller';
import { adminDb, API_HEADERS, checkoutDoc, closeSessions, eventsOf, orderId, session, sim, SIMULATOR_URL } from './harness';
import { countRoundTrips } from '../support/roundTrips';

const deps: CreateDeps = {
  gatewayFor: () =>
    new PointCheckoutClient({
      baseUrl: `${SIMULATOR_URL}/mer/v2.0/`,
      apiKey: API_HEADERS['X-PointCheckout-Api-Key'],
      apiSecret: API_HEADERS['X-PointCheckout-Api-Secret'],
      timeoutMs: 10_000,
      headerFamily: 'pointcheckout',
    }),
  modeOf: () => 'test',
};
const cashier: Caller = { uid: 'round-trip-cashier', role: 'staff', branches: null };

function input(order: string, key = `rt-${orderId()}`) {
  return createQrCheckoutInputSchema.parse({ orderId: order, amount: '18.50', currency: 'AED', idempotencyKey: key, qrSize: 64 });
}

describe('createQrCheckout: sequential Firestore round trips, counted', () => {
  after(closeSessions);

  it('a first create makes 2: the claim and order batch beside the order checks, then the store batch', async () => {
    const counted = await countRoundTrips(() => createQrCheckout(cashier, input(orderId('RT')), deps));
    console.log(`      first create: ${counted.sequential} sequential round trips ${JSON.stringify(counted.waves)}, ${JSON.stringify(counted.waveMs)} ms`);
    expect(counted.waves).to.have.length(2);
    expect(counted.waves[0]).to.include('commit');
    expect(counted.waves[1]).to.deep.equal(['commit']);
    // The answer was built from what was written: it equals the stored document, with its first event.
    const doc = await checkoutDoc(counted.value.checkoutId);
    expect({ status: doc?.status, qrImage: doc?.qrImage, amount: doc?.amount, expiresAt: (doc?.expiresAt as { toDate(): Date }).toDate().toISOString() })
      .to.deep.equal({ status: counted.value.status, qrImage: counted.value.qrImage, amount: counted.value.amount, expiresAt: counted.value.expiresAt });
    expect((await eventsOf(counted.value.checkoutId)).map((e) => `${e.from}>${e.to}`)).to.deep.equal(['null>PENDING']);
    expect((await adminDb.doc(`checkoutClaims/${counted.value.checkoutId}`).get()).get('state')).to.equal('created');
  });

  it('a retry with the same key takes the transaction and answers the same checkout (no second gateway call)', async () => {
    const order = orderId('RT-RETRY');
    const first = await createQrCheckout(cashier, input(order, `rt-retry-${order}`), deps);
    const before = await sim.stats();
    const counted = await countRoundTrips(() => createQrCheckout(cashier, input(order, `rt-retry-${order}`), deps));
    console.log(`      retry: ${counted.sequential} sequential round trips ${JSON.stringify(counted.waves)}, ${JSON.stringify(counted.waveMs)} ms`);
    expect(counted.value.checkoutId).to.equal(first.checkoutId);
    expect((await sim.stats()).creates).to.equal(before.creates);
    expect(counted.sequential).to.be.greaterThan(2);
  });

  it('a second key for an open order: the batch is refused and the transaction answers with the open checkout', async () => {
    const order = orderId('RT-OPEN');
    const first = await createQrCheckout(cashier, input(order), deps);
    const second = await createQrCheckout(cashier, input(order), deps);
    expect(second.checkoutId).to.equal(first.checkoutId);
    const other: Caller = { uid: 'round-trip-other', role: 'staff', branches: null };
    // Another cashier's key for the same open order is refused (the service's CheckoutError; the callable maps it).
    const refused = await createQrCheckout(other, input(order), deps).then(() => null, (error: unknown) => error as { code?: string; message?: string });
    expect(refused?.code, refused?.message).to.equal('failed-precondition');
  });

  it('two creates racing for one order with different keys: one gateway checkout, one document', async () => {
    const staff = await session('staff');
    const order = orderId('RT-RACE');
    const before = await sim.stats();
    const settled = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => staff.call<{ checkoutId: string }>('createQrCheckout', { orderId: order, amount: '7.00', currency: 'AED', idempotencyKey: `race-${i}-${order}`, qrSize: 64 })),
    );
    const ids = new Set(settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.checkoutId] : [])));
    const refusals = settled.flatMap((s) => (s.status === 'rejected' ? [String((s.reason as { code?: string }).code)] : []));
    expect(ids.size, `answers ${JSON.stringify(settled.map((s) => s.status))}`).to.equal(1);
    expect(refusals.every((code) => code === 'functions/failed-precondition' || code === 'functions/already-exists'), refusals.join()).to.equal(true);
    expect((await sim.stats()).creates - before.creates).to.equal(1);
    const docs = await adminDb.collection('checkouts').where('orderId', '==', order).get();
    expect(docs.size).to.equal(1);
  });
});
