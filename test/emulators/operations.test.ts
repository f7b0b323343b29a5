import { expect } from 'chai';
import { Timestamp } from 'firebase-admin/firestore';
import {
  adminDb,
  checkoutDoc,
  closeSessions,
  eventsOf,
  orderId,
  postWebhook,
  rejectsWith,
  session,
  sim,
  SIMULATOR_URL,
  watchUntil,
  type Session,
} from './harness';
import { testTimeout } from '../support/wait';

async function stats(): Promise<{ cancels: number; refunds: number }> {
  return (await fetch(`${SIMULATOR_URL}/_sim/stats`)).json() as Promise<{ cancels: number; refunds: number }>;
}

async function create(who: Session, amount = '100.00', currency = 'AED', extra: Record<string, unknown> = {}) {
  const created = await who.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('OPS'), amount, currency, ...extra });
  const gatewayId = (await checkoutDoc(created.checkoutId))?.gateway.id as string;
  return { checkoutId: created.checkoutId, gatewayId };
}

async function paid(who: Session, amount = '100.00', currency = 'AED') {
  const made = await create(who, amount, currency);
  const done = watchUntil(who.db, made.checkoutId, (d) => d.status === 'PAID');
  await sim.move(made.gatewayId, 'pay');
  await done;
  return made;
}

/** Makes a checkout due for reconciliation (its next check an hour ago), as if untouched for an hour. */
async function backdate(checkoutId: string, fields: Record<string, Timestamp> = {}) {
  const hourAgo = Timestamp.fromMillis(Date.now() - 3_600_000);
  await adminDb.doc(`checkouts/${checkoutId}`).update({ updatedAt: hourAgo, nextCheckAt: hourAgo, ...fields });
}

describe('merchant operations', () => {
  let staff: Session;
  let otherStaff: Session;
  let manager: Session;

  before(async () => {
    [staff, otherStaff, manager] = await Promise.all([session('staff'), session('staff'), session('manager')]);
  });
  after(closeSessions);

  describe('cancelCheckout', () => {
    it('lets the creator cancel a PENDING checkout (source cancel)', async () => {
      const { checkoutId } = await create(staff);
      const view = await staff.call<{ status: string }>('cancelCheckout', { checkoutId });
      expect(view.status).to.equal('CANCELLED');
      const events = await eventsOf(checkoutId);
      expect(events.map((e) => e.to)).to.deep.equal(['PENDING', 'CANCELLED']);
      // The simulator's webhook for the cancel races our own write; whichever lands first records it, once.
      expect(events[1]?.source).to.be.oneOf(['cancel', 'webhook']);
    });

    it('refuses another staff member, and staff on an AUTHORIZED checkout; a manager may', async () => {
      const { checkoutId, gatewayId } = await create(staff);
      await rejectsWith(otherStaff.call('cancelCheckout', { checkoutId }), 'permission-denied');
      const authorized = watchUntil(staff.db, checkoutId, (d) => d.status === 'AUTHORIZED');
      await sim.move(gatewayId, 'authorize');
      await authorized;
      await rejectsWith(staff.call('cancelCheckout', { checkoutId }), 'permission-denied', /manager/);
      const view = await manager.call<{ status: string }>('cancelCheckout', { checkoutId });
      expect(view.status).to.equal('CANCELLED');
    });

    it('refuses final and paid checkouts with failed-precondition, sending nothing to the gateway', async () => {
      const failed = await create(staff);
      const done = watchUntil(staff.db, failed.checkoutId, (d) => d.status === 'FAILED');
      await sim.move(failed.gatewayId, 'fail');
      await done;
      const paidOne = await paid(staff);
      const before = (await stats()).cancels;
      await rejectsWith(manager.call('cancelCheckout', { checkoutId: failed.checkoutId }), 'failed-precondition', /already FAILED/);
      await rejectsWith(manager.call('cancelCheckout', { checkoutId: paidOne.checkoutId }), 'failed-precondition', /refund/);
      expect((await stats()).cancels).to.equal(before);
      await rejectsWith(manager.call('cancelCheckout', { checkoutId: 'nope' }), 'not-found');
    });

    it('when the customer paid a moment before, reports it instead of cancelling', async () => {
      const { checkoutId, gatewayId } = await create(staff);
      await sim.move(gatewayId, 'pay', { webhook: false });
      await rejectsWith(staff.call('cancelCheckout', { checkoutId }), 'failed-precondition', /now PAID/);
      expect((await checkoutDoc(checkoutId))?.status).to.equal('PAID');
    });
  });

  describe('refundCheckout', () => {
    it('is for managers only, and only for PAID or PARTIALLY_REFUNDED checkouts', async () => {
      const pending = await create(staff);
      await rejectsWith(staff.call('refundCheckout', { checkoutId: pending.checkoutId, note: 'x' }), 'permission-denied');
      const before = (await stats()).refunds;
      await rejectsWith(manager.call('refundCheckout', { checkoutId: pending.checkoutId, note: 'x' }), 'failed-precondition', /PENDING/);
      await rejectsWith(manager.call('refundCheckout', { checkoutId: pending.checkoutId }), 'invalid-argument', /note/);
      await rejectsWith(manager.call('refundCheckout', { checkoutId: 'nope', note: 'x' }), 'not-found');
      expect((await stats()).refunds).to.equal(before);
    });

    it('refunds part, then the rest; records each refund', async () => {
      const { checkoutId } = await paid(staff, '100.00');
      const before = (await stats()).refunds;
      await rejectsWith(manager.call('refundCheckout', { checkoutId, amount: '100.01', note: 'too much' }), 'invalid-argument', /exceeds what remains/);
      await rejectsWith(manager.call('refundCheckout', { checkoutId, amount: '1.001', note: 'decimals' }), 'invalid-argument', /decimals/);
      expect((await stats()).refunds).to.equal(before);
      const first = await manager.call<{ status: string; totalRefunded: string }>('refundCheckout', { checkoutId, amount: '30.50', note: 'one item' });
      expect(first).to.include({ status: 'PARTIALLY_REFUNDED', totalRefunded: '30.50' });
      const rest = await manager.call<{ status: string; totalRefunded: string; refund: { amount: string } }>('refundCheckout', { checkoutId, note: 'the rest' });
      expect(rest).to.include({ status: 'REFUNDED', totalRefunded: '100.00' });
      expect(rest.refund.amount).to.equal('69.50');
      const refunds = await adminDb.collection(`checkouts/${checkoutId}/refunds`).orderBy('at').get();
      expect(refunds.docs.map((d) => [d.get('amount'), d.get('note'), d.get('gatewayStatus')])).to.deep.equal([
        ['30.50', 'one item', 'PARTIALLY_REFUNDED'],
        ['69.50', 'the rest', 'REFUNDED'],
      ]);
      expect(refunds.docs.every((d) => d.get('by') === manager.uid)).to.equal(true);
      expect((await eventsOf(checkoutId)).map((e) => e.to)).to.deep.equal(['PENDING', 'PAID', 'PARTIALLY_REFUNDED', 'REFUNDED']);
      await rejectsWith(manager.call('refundCheckout', { checkoutId, note: 'again' }), 'failed-precondition');
    });

    it('caps concurrent refunds at the paid amount', async function () {
      this.timeout(testTimeout(120_000)); // ten refunds of one checkout queue on its document
      const { checkoutId } = await paid(staff, '10.00', 'USD');
      const attempts = await Promise.allSettled(
        Array.from({ length: 10 }, () => manager.call('refundCheckout', { checkoutId, amount: '2.50', note: 'race' })),
      );
      expect(attempts.filter((a) => a.status === 'fulfilled')).to.have.length(4);
      const doc = await checkoutDoc(checkoutId);
      expect(doc).to.include({ status: 'REFUNDED', totalRefunded: '10.00' });
      const atGateway = await sim.api('GET', `/checkout/${doc?.gateway.id}`);
      expect(atGateway.body.result.totalRefunded).to.equal(10);
    });
  });

  describe('reconciliation', () => {
    it('repairs a lost webhook (delivery disabled at the simulator) with reconcileNow', async () => {
      const hooks = await sim.api('GET', '/webhooks');
      const hookId = hooks.body.result[0].id as string;
      const { checkoutId, gatewayId } = await create(staff);
      await sim.api('POST', `/webhooks/${hookId}/disable`);
      try {
        await sim.move(gatewayId, 'pay');
      } finally {
        await sim.api('POST', `/webhooks/${hookId}/enable`);
      }
      expect((await checkoutDoc(checkoutId))?.status).to.equal('PENDING');
      await backdate(checkoutId);
      await rejectsWith(staff.call('reconcileNow', {}), 'permission-denied');
      const summary = await manager.call<{ scanned: number; changed: number; failed: number }>('reconcileNow', {});
      expect(summary.changed).to.be.at.least(1);
      expect((await checkoutDoc(checkoutId))?.status).to.equal('PAID');
      expect((await eventsOf(checkoutId)).map((e) => e.source)).to.deep.equal(['create', 'reconcile']);
    });

    it('expires a PENDING checkout past its expiry: cancelled at the gateway, EXPIRED here', async () => {
      const { checkoutId, gatewayId } = await create(staff, '5.00', 'AED', { expiresInMinutes: 5 });
      await backdate(checkoutId, { expiresAt: Timestamp.fromMillis(Date.now() - 60_000) });
      const summary = await manager.call<{ expired: number }>('reconcileNow', {});
      expect(summary.expired).to.be.at.least(1);
      expect((await checkoutDoc(checkoutId))?.status).to.equal('EXPIRED');
      const atGateway = await sim.api('GET', `/checkout/${gatewayId}`);
      expect(atGateway.body.result.status).to.equal('CANCELLED');
    });
  });

  describe('signed webhooks', () => {
    it('applies a good signature; refuses missing, wrong, tampered and wrong-key ones with 401', async () => {
      const { checkoutId, gatewayId } = await create(staff);
      await sim.move(gatewayId, 'pay', { webhook: false });
      const body = { id: gatewayId };
      expect((await postWebhook(body, { signature: null })).status).to.equal(401);
      expect((await postWebhook(body, { signature: 'ab'.repeat(32) })).status).to.equal(401);
      expect((await postWebhook(body, { signature: 'not-hex' })).status).to.equal(401);
      expect((await postWebhook(body, { hmacKey: 'another-key' })).status).to.equal(401);
      const raw = JSON.stringify(body);
      const signedForOther = (await import('node:crypto')).createHmac('sha256', process.env.POINTCHECKOUT_WEBHOOK_HMAC_KEY ?? '').update(raw).digest('hex');
      expect((await postWebhook(JSON.stringify({ id: gatewayId, extra: 1 }), { signature: signedForOther })).status).to.equal(401);
      expect((await checkoutDoc(checkoutId))?.status).to.equal('PENDING');
      const good = await postWebhook(body);
      expect(good.status).to.equal(200);
      expect((await checkoutDoc(checkoutId))?.status).to.equal('PAID');
    });
  });
});
