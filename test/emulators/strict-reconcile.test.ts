/**
 * Reconciliation and the edges of the API against the strict simulator: statuses PointCheckout added that we do
 * not model, checkouts it does not know, rate limiting, reserved ids, the 50-character limit, and the webhook
 * token in a header.
 */
import { expect } from 'chai';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, checkoutDoc, closeSessions, orderId, postWebhook, rejectsWith, session, sim, WEBHOOK_TOKEN, type Session } from './harness';
import { useStrictGateway } from './strictGateway';

async function created(who: Session, extra: Record<string, unknown> = {}) {
  const { checkoutId } = await who.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('STRICT-RC'), amount: '11.00', currency: 'AED', ...extra });
  return { checkoutId, gatewayId: (await checkoutDoc(checkoutId))?.gateway.id as string };
}

/** Due for reconciliation now; with `expired`, also past its expiry on our side. */
async function makeDue(checkoutId: string, fields: Record<string, unknown> = {}) {
  const past = Timestamp.fromMillis(Date.now() - 3_600_000);
  await adminDb.doc(`checkouts/${checkoutId}`).update({ nextCheckAt: past, ...fields });
  return past;
}

describe('strict gateway: reconciliation and edges (defects 2, 8, 9, 11, 12, 13)', () => {
  let staff: Session;
  let manager: Session;

  useStrictGateway();
  before(async () => {
    staff = await session('staff');
    manager = await session('manager');
  });
  after(closeSessions);

  it('never cancels a checkout the gateway calls PENDING_CONFIRMATION, even past its expiry', async () => {
    const { checkoutId, gatewayId } = await created(staff);
    await sim.move(gatewayId, 'pending-confirmation', { webhook: false });
    const past = await makeDue(checkoutId);
    await adminDb.doc(`checkouts/${checkoutId}`).update({ expiresAt: past });
    const before = await sim.stats();
    await manager.call('reconcileNow', {});
    expect((await sim.stats()).cancels - before.cancels, 'no cancel sent').to.equal(0);
    expect((await sim.checkout(gatewayId)).body.result.status).to.equal('PENDING_CONFIRMATION');
    const doc = await checkoutDoc(checkoutId);
    expect(doc).to.include({ status: 'PENDING', gatewayStatus: 'PENDING_CONFIRMATION' });
    expect(doc?.nextCheckAt, 'still asked about').to.not.equal(undefined);
    // When the gateway settles it, the known status replaces the note.
    await sim.move(gatewayId, 'pay', { webhook: false });
    const view = await staff.call<{ status: string; gatewayStatus?: string }>('getCheckout', { checkoutId });
    expect(view.status).to.equal('PAID');
    expect(view.gatewayStatus).to.equal(undefined);
  });

  it('notes a CHARGEBACK beside a PAID checkout without touching its status', async () => {
    const { checkoutId, gatewayId } = await created(manager);
    await sim.move(gatewayId, 'pay', { webhook: false });
    await manager.call('getCheckout', { checkoutId });
    await sim.move(gatewayId, 'chargeback', { webhook: false });
    const view = await manager.call<{ status: string; gatewayStatus?: string }>('getCheckout', { checkoutId });
    expect(view).to.include({ status: 'PAID', gatewayStatus: 'CHARGEBACK' });
  });

  it('still expires what the gateway itself calls PENDING', async () => {
    const { checkoutId, gatewayId } = await created(staff);
    const past = await makeDue(checkoutId);
    await adminDb.doc(`checkouts/${checkoutId}`).update({ expiresAt: past });
    const summary = await manager.call<{ expired: number }>('reconcileNow', {});
    expect(summary.expired).to.be.at.least(1);
    expect(await checkoutDoc(checkoutId)).to.include({ status: 'EXPIRED' });
    expect((await sim.checkout(gatewayId)).body.result.status).to.equal('CANCELLED');
  });

  it('stops asking about a checkout the gateway keeps saying it does not know', async () => {
    const { checkoutId, gatewayId } = await created(staff);
    await sim.move(gatewayId, 'forget');
    await makeDue(checkoutId);
    await manager.call('reconcileNow', {});
    let doc = await checkoutDoc(checkoutId);
    expect(doc?.gatewayLookup?.failures).to.equal(1);
    expect(doc?.gatewayUnknown).to.equal(undefined);
    expect((doc?.nextCheckAt as Timestamp).toMillis(), 'asked again later, not every run').to.be.greaterThan(Date.now());
    // Four earlier "not found" answers over two hours: the fifth marks it unknown.
    await makeDue(checkoutId, { gatewayLookup: { failures: 4, firstFailedAt: Timestamp.fromMillis(Date.now() - 7_200_000) } });
    const summary = await manager.call<{ unknown: number }>('reconcileNow', {});
    expect(summary.unknown).to.be.at.least(1);
    doc = await checkoutDoc(checkoutId);
    expect(doc).to.include({ gatewayUnknown: true, status: 'PENDING' });
    expect(doc?.nextCheckAt).to.equal(undefined);
    const view = await staff.call<{ gatewayUnknown?: boolean }>('getCheckout', { checkoutId }).catch((e: Error) => e);
    expect(String((view as { code?: string }).code ?? '')).to.equal('functions/failed-precondition');
  });

  it('honours 429 Retry-After: a short wait is retried once, a long one is not retried at all', async () => {
    const { checkoutId, gatewayId } = await created(staff);
    let before = await sim.stats();
    await sim.fault(`^GET /checkout/${gatewayId}$`, 'http429', 1, undefined, 1);
    expect((await staff.call<{ status: string }>('getCheckout', { checkoutId })).status).to.equal('PENDING');
    expect((await sim.stats()).gets - before.gets).to.equal(2);
    before = await sim.stats();
    await sim.fault(`^GET /checkout/${gatewayId}$`, 'http429', 5, undefined, 30);
    await rejectsWith(staff.call('getCheckout', { checkoutId }), 'unavailable', /try again in 30 s/);
    expect((await sim.stats()).gets - before.gets, 'no blind retries').to.equal(1);
    await sim.clearFaults();
  });

  it('reconciliation under a gateway rate limit pauses instead of multiplying traffic', async () => {
    const made = await Promise.all(Array.from({ length: 12 }, () => created(manager)));
    for (const { checkoutId } of made) await makeDue(checkoutId);
    await sim.config({ rateLimitPerSecond: 4 });
    try {
      const before = await sim.stats();
      const summary = await manager.call<{ scanned: number; rateLimited: number; failed: number }>('reconcileNow', {});
      const limited = (await sim.stats()).rateLimited - (before.rateLimited ?? 0);
      expect(summary.rateLimited).to.equal(limited);
      // Without the pause every one of the 32 workers would retry each 429 twice; with it, each is hit at most once.
      expect(limited).to.be.at.most(summary.scanned);
    } finally {
      await sim.config({ rateLimitPerSecond: null });
    }
    // What was rate limited stays due and is taken by the next run.
    const next = await manager.call<{ failed: number }>('reconcileNow', {});
    expect(next.failed).to.equal(0);
  });

  it('refuses Firestore-reserved ids (__x__) as invalid-argument, and 400 at the webhook', async () => {
    await rejectsWith(staff.call('getCheckout', { checkoutId: '__x__' }), 'invalid-argument', /checkoutId/);
    await rejectsWith(manager.call('cancelCheckout', { checkoutId: '__name__' }), 'invalid-argument', /checkoutId/);
    await rejectsWith(manager.call('refundCheckout', { checkoutId: '__x__', note: 'n' }), 'invalid-argument', /checkoutId/);
    expect((await postWebhook({ requestId: '__x__' })).status).to.equal(400);
    // A reserved-looking orderId is fine: order locks are keyed by a hash.
    const { checkoutId } = await created(staff, { orderId: `__${orderId('o')}__` });
    expect(await checkoutDoc(checkoutId)).to.include({ status: 'PENDING' });
  });

  it('limits orderId to PointCheckout’s 50 characters', async () => {
    const fifty = `O${'x'.repeat(49)}`;
    expect((await created(staff, { orderId: fifty })).checkoutId).to.be.a('string');
    await rejectsWith(created(staff, { orderId: `${fifty}x` }), 'invalid-argument', /orderId: must be 1–50 characters/);
  });

  it('accepts the webhook token in a header (X-Webhook-Token or Authorization: Bearer), not only the query', async () => {
    const { gatewayId } = await created(staff);
    expect((await postWebhook({ id: gatewayId }, { token: null, headers: { 'X-Webhook-Token': WEBHOOK_TOKEN } })).status).to.equal(200);
    expect((await postWebhook({ id: gatewayId }, { token: null, headers: { Authorization: `Bearer ${WEBHOOK_TOKEN}` } })).status).to.equal(200);
    expect((await postWebhook({ id: gatewayId }, { token: null, headers: { 'X-Webhook-Token': 'wrong' } })).status).to.equal(401);
    expect((await postWebhook({ id: gatewayId }, { token: null })).status).to.equal(401);
  });
});
