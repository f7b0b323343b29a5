import assert from 'node:assert/strict';
import { expect } from 'chai';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import {
  adminDb,
  checkoutDoc,
  closeSessions,
  eventsOf,
  orderId,
  session,
  sim,
  watchUntil,
  type Session,
} from './harness';

interface Created {
  checkoutId: string;
  status: string;
  qrImage: string;
  checkoutUrl: string;
  amount: string;
  currency: string;
  expiresAt: string;
}

function decodeQr(base64Png: string): string | undefined {
  const png = PNG.sync.read(Buffer.from(base64Png, 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe('createQrCheckout → pay → webhook → onSnapshot', () => {
  let staff: Session;

  before(async () => {
    staff = await session('staff');
  });
  after(closeSessions);

  it('creates a checkout whose QR opens the payment page, then shows PAID live', async () => {
    const started = Date.now();
    const created = await staff.call<Created>('createQrCheckout', { orderId: orderId(), amount: '100', currency: 'AED', qrSize: 300 });
    expect(created.status).to.equal('PENDING');
    expect(created.amount).to.equal('100.00');
    expect(created.currency).to.equal('AED');
    expect(created.qrImage).to.match(/^iVBORw0KGgo/); // raw base64 PNG, no data: prefix
    expect(decodeQr(created.qrImage)).to.equal(created.checkoutUrl);
    const expiresIn = Date.parse(created.expiresAt) - started;
    expect(expiresIn).to.be.within(29 * 60_000, 31 * 60_000);

    const stored = await checkoutDoc(created.checkoutId);
    assert.ok(stored);
    expect(stored.createdBy).to.equal(staff.uid);
    expect(stored.amountMinor).to.equal(10000);
    expect(stored.gateway.requestId).to.equal(created.checkoutId);
    expect(stored.gateway.id).to.match(/^\d{19}$/);
    expect(stored.gateway.checkoutKey).to.match(/^[0-9a-f]{48}$/);

    const pending = await watchUntil(staff.db, created.checkoutId, (d) => d.status === 'PENDING');
    expect(pending.seen).to.deep.equal(['PENDING']);
    const paid = watchUntil(staff.db, created.checkoutId, (d) => d.status === 'PAID');
    await sim.move(stored.gateway.id, 'pay');
    const { seen, data } = await paid;
    expect(seen[seen.length - 1]).to.equal('PAID');
    expect(data.version).to.equal(2);

    const events = await eventsOf(created.checkoutId);
    expect(events.map((e) => [e.from, e.to, e.source])).to.deep.equal([
      [null, 'PENDING', 'create'],
      ['PENDING', 'PAID', 'webhook'],
    ]);
    // Events and the order mirror are off in this stack (the default): no outbox marker, and nothing written
    // where the events trigger listens, so no function runs per transition.
    expect(events.every((e) => e.outbox === undefined), 'no outbox marker').to.equal(true);
    const kicks = await adminDb.collection('checkoutOutbox').where('checkoutId', '==', created.checkoutId).get();
    expect(kicks.size, 'nothing for the events trigger').to.equal(0);
  });

  it('stores three-decimal currencies exactly', async () => {
    const created = await staff.call<Created>('createQrCheckout', { orderId: orderId(), amount: 1.234, currency: 'KWD' });
    expect(created.amount).to.equal('1.234');
    const stored = await checkoutDoc(created.checkoutId);
    expect(stored?.amountMinor).to.equal(1234);
    expect(stored?.totalRefunded).to.equal('0.000');
  });

  for (const [name, steps, final, path] of [
    ['AUTHORIZED → PAID', ['authorize', 'pay'], 'PAID', ['PENDING', 'AUTHORIZED', 'PAID']],
    ['FAILED', ['fail'], 'FAILED', ['PENDING', 'FAILED']],
    ['CANCELLED', ['cancel'], 'CANCELLED', ['PENDING', 'CANCELLED']],
    ['EXPIRED', ['expire'], 'EXPIRED', ['PENDING', 'EXPIRED']],
    ['AUTHORIZED → CANCELLED', ['authorize', 'cancel'], 'CANCELLED', ['PENDING', 'AUTHORIZED', 'CANCELLED']],
  ] as const) {
    it(`follows the path to ${name}`, async () => {
      const created = await staff.call<Created>('createQrCheckout', { orderId: orderId(), amount: '5.50', currency: 'SAR' });
      const gatewayId = (await checkoutDoc(created.checkoutId))?.gateway.id as string;
      for (const step of steps) {
        const target = { authorize: 'AUTHORIZED', pay: 'PAID', fail: 'FAILED', cancel: 'CANCELLED', expire: 'EXPIRED' }[step];
        const reached = watchUntil(staff.db, created.checkoutId, (d) => d.status === target);
        await sim.move(gatewayId, step);
        await reached;
      }
      const events = await eventsOf(created.checkoutId);
      expect(events.map((e) => e.to)).to.deep.equal(path);
      expect(events.every((e, i) => e.version === i + 1)).to.equal(true);
      expect((await checkoutDoc(created.checkoutId))?.status).to.equal(final);
    });
  }
});
