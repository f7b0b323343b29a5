/**
 * Runs inside the scratch project of scripts/kit-test.mjs (the packed kit installed as its own codebase): the
 * core flow an app relies on, through the client SDK, against the kit's functions.
 */
import { expect } from 'chai';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { adminDb, checkoutDoc, closeSessions, eventually, orderId, PROJECT_ID, session, sim, watchUntil } from '../emulators/harness';

describe('the packed function kit in a merchant project', () => {
  after(closeSessions);

  it('is the installed tarball, not this repository', () => {
    expect(PROJECT_ID).to.equal('demo-merchant-shop');
    const codebase = process.env.KIT_CODEBASE_DIR ?? '';
    const installed = realpathSync(join(codebase, 'node_modules', '@pointcheckout-firebase', 'functions'));
    expect(installed.startsWith(codebase)).to.equal(true);
  });

  it('creates a checkout, is paid, hears the webhook, and mirrors the order', async () => {
    const staff = await session('staff');
    const order = orderId('KIT');
    const created = await staff.call<{ checkoutId: string; status: string; qrImage: string }>('createQrCheckout', {
      orderId: order, amount: '42.50', currency: 'AED',
    });
    expect(created.status).to.equal('PENDING');
    expect(created.qrImage).to.match(/^iVBORw0KGgo/);
    const gatewayId = (await checkoutDoc(created.checkoutId))?.gateway.id as string;
    const paid = watchUntil(staff.db, created.checkoutId, (d) => d.status === 'PAID');
    await sim.move(gatewayId, 'pay');
    expect((await paid).seen).to.deep.equal(['PENDING', 'PAID']);
    const mirrored = await eventually(async () => {
      const data = (await adminDb.collection('orders').doc(order).get()).data();
      return data?.paymentStatus === 'PAID' && data;
    }, 'the order mirror to say PAID');
    expect(mirrored.paymentStatusSource.version).to.equal(2);
  });
});
