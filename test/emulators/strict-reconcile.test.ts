/**
 * Reconciliation and the edges of the API against the strict simulator: statuses PointCheckout added that we do
 * not model, checkouts it does not know, rate limiting, reserved ids, the 50-character limit, and the webhook
 * token in a header.
 */
import { expect } from 'chai';
import { Timestamp } from 'firebase-admin/firestore';
import { pacedUntil, reconcileCheckoutIds } from '../../functions/src/reconciliation/reconcile';
import { PointCheckoutClient } from '../../functions/src/pointcheckout/client';
import { Pacer } from '../../functions/src/util/pacer';
import { adminDb, API_HEADERS, checkoutDoc, closeSessions, orderId, postWebhook, rejectsWith, session, sim, SIMULATOR_URL, WEBHOOK_TOKEN, type Session } from './harness';
import { useStrictGateway } from './strictGateway';
import { WAIT_MS } from '../support/wait';

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

  it('asks slowly about a checkout the gateway keeps saying it does not know, until a day past its expiry', async () => {
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
    const slow = (doc?.nextCheckAt as Timestamp).toMillis() - Date.now();
    expect(slow, 'still asked, slowly (2 hours)').to.be.within(100 * 60_000, 121 * 60_000);
    const view = await staff.call<{ gatewayUnknown?: boolean }>('getCheckout', { checkoutId }).catch((e: Error) => e);
    expect(String((view as { code?: string }).code ?? '')).to.equal('functions/failed-precondition');
    // A day past its expiry, a last "not found" ends the asking.
    await makeDue(checkoutId, { expiresAt: Timestamp.fromMillis(Date.now() - 25 * 3_600_000) });
    await manager.call('reconcileNow', {});
    expect((await checkoutDoc(checkoutId))?.nextCheckAt, 'nothing left to learn').to.equal(undefined);
  });

  it('a payment made after a gateway incident, its webhook lost, is found: gatewayUnknown clears (issue 17, item 3)', async () => {
    const { checkoutId, gatewayId } = await created(staff);
    // The incident: every lookup answers "not found" (as for an id the gateway has never seen).
    await adminDb.doc(`checkouts/${checkoutId}`).update({ 'gateway.id': `9${gatewayId}` });
    await makeDue(checkoutId, { gatewayLookup: { failures: 4, firstFailedAt: Timestamp.fromMillis(Date.now() - 7_200_000) } });
    await manager.call('reconcileNow', {});
    expect(await checkoutDoc(checkoutId)).to.include({ gatewayUnknown: true, status: 'PENDING' });
    expect((await checkoutDoc(checkoutId))?.nextCheckAt, 'still on the slow schedule').to.not.equal(undefined);
    // The incident ends; the customer pays and the webhook is lost.
    await adminDb.doc(`checkouts/${checkoutId}`).update({ 'gateway.id': gatewayId });
    await sim.move(gatewayId, 'pay', { webhook: false });
    // The slow check comes round.
    await makeDue(checkoutId);
    await manager.call('reconcileNow', {});
    const doc = await checkoutDoc(checkoutId);
    expect(doc).to.include({ status: 'PAID' });
    expect(doc?.gatewayUnknown, 'cleared by the successful lookup').to.equal(undefined);
    expect(doc?.gatewayLookup).to.equal(undefined);
    // A refresh clears it too.
    await adminDb.doc(`checkouts/${checkoutId}`).update({ gatewayUnknown: true });
    const view = await staff.call<{ gatewayUnknown?: boolean; status: string }>('getCheckout', { checkoutId });
    expect(view).to.include({ status: 'PAID' });
    expect(view.gatewayUnknown).to.equal(undefined);
  });

  it('a Retry-After longer than the shard has left holds it only until its budget ends (issue 17, item 6)', async () => {
    const made = await Promise.all(Array.from({ length: 4 }, () => created(manager)));
    for (const { checkoutId } of made) await makeDue(checkoutId);
    const pattern = `^GET /checkout/(${made.map((m) => m.gatewayId).join('|')})$`;
    await sim.fault(pattern, 'http429', 4, undefined, 600);
    const pacer = Pacer.perSecond(5);
    const deadlineMs = Date.now() + 3_000;
    const client = new PointCheckoutClient({
      baseUrl: `${SIMULATOR_URL}/mer/v2.0/`,
      apiKey: API_HEADERS['X-PointCheckout-Api-Key'],
      apiSecret: API_HEADERS['X-PointCheckout-Api-Secret'],
      timeoutMs: 10_000,
      headerFamily: 'pointcheckout',
      beforeRequest: pacedUntil(pacer, deadlineMs),
    });
    const started = Date.now();
    try {
      const run = reconcileCheckoutIds(made.map((m) => m.checkoutId), () => client, { concurrency: 2, deadlineMs, pacerFor: () => pacer });
      // Before: the shard waited the whole 600 s (past its budget and its function's timeout). Give it a minute.
      const summary = await Promise.race([run, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the shard waited out the Retry-After')), WAIT_MS))]);
      expect(Date.now() - started, 'back within its budget (plus one request)').to.be.below(15_000);
      expect(summary.rateLimited).to.be.at.least(1);
      expect(summary.complete, 'what it did not check is left for the next run').to.equal(false);
      const due = await Promise.all(made.map(async (m) => ((await checkoutDoc(m.checkoutId))?.nextCheckAt as Timestamp).toMillis() <= Date.now()));
      expect(due.filter(Boolean).length, 'the unchecked stay due').to.be.at.least(1);
    } finally {
      await sim.clearFaults();
    }
  });

  it('abandoned creates it can never resolve do not stop the sweep, and are closed with a reason (item 6)', async () => {
    const tag = `unres-${process.pid}-${Date.now().toString(36)}`;
    const at = (msAgo: number) => Timestamp.fromMillis(Date.now() - msAgo);
    const claim = (msAgo: number, request?: Record<string, unknown>) => ({
      createdBy: staff.uid, payloadHash: 'h', state: 'retryable', holder: 'gone', leaseExpiresAt: at(msAgo), createdAt: at(msAgo), updatedAt: at(msAgo),
      ...(request ? { request } : {}),
    });
    const request = (order: string, amountMinor: number, account?: string) => ({
      orderId: order, amountMinor, currency: 'AED', description: null, expiresInMinutes: 30, qrSize: null, ...(account ? { account } : {}),
    });
    // 100 claims written before claims kept their request, abandoned 30 minutes ago: older than the real one below.
    const junk = Array.from({ length: 100 }, (_, i) => `${tag}-norq-${String(i).padStart(3, '0')}`);
    const batch = adminDb.batch();
    for (const id of junk) batch.set(adminDb.doc(`checkoutClaims/${id}`), claim(30 * 60_000));
    // One whose account was removed from the configuration, and one whose gateway checkout is not what was asked.
    batch.set(adminDb.doc(`checkoutClaims/${tag}-acct`), claim(30 * 60_000, request(orderId('UNRES'), 500, 'removed-account')));
    const mismatchId = `${tag}-mism`;
    const mismatchOrder = orderId('UNRES-M');
    expect((await sim.api('POST', '/checkout/qr', { requestId: mismatchId, orderId: mismatchOrder, currency: 'AED', amount: 5 })).status).to.equal(200);
    batch.set(adminDb.doc(`checkoutClaims/${mismatchId}`), claim(30 * 60_000, request(mismatchOrder, 700)));
    await batch.commit();
    // A real create, abandoned 11 minutes ago: newer than all of them.
    const real = { orderId: orderId('UNRES-REAL'), amount: '3.00', currency: 'AED', idempotencyKey: `k-${orderId()}` };
    await sim.fault('^POST /checkout/qr$', 'applied502', 3);
    await rejectsWith(staff.call('createQrCheckout', real), 'unavailable');
    await sim.clearFaults();
    const realId = ((await sim.search({ orderId: real.orderId }))[0] as unknown as { requestId: string }).requestId;
    await adminDb.doc(`checkoutClaims/${realId}`).update({ updatedAt: at(11 * 60_000), leaseExpiresAt: at(11 * 60_000) });

    const first = await manager.call<{ adopted: number; closed: number }>('reconcileNow', {});
    expect(await checkoutDoc(realId), 'the newer abandoned create is reached').to.include({ orderId: real.orderId });
    expect(first.adopted).to.be.at.least(1);
    expect((await adminDb.doc(`checkoutClaims/${junk[0]}`).get()).get('state'), 'not closed before an hour').to.equal('retryable');

    // Abandoned for two hours now: closed, with the reason, and counted in the run document.
    const later = adminDb.batch();
    for (const id of [...junk, `${tag}-acct`, mismatchId]) later.update(adminDb.doc(`checkoutClaims/${id}`), { updatedAt: at(2 * 3_600_000) });
    await later.commit();
    const second = await manager.call<{ closed: number; runId?: string }>('reconcileNow', {});
    expect(second.closed).to.be.at.least(102);
    const reasons = async (id: string) => (await adminDb.doc(`checkoutClaims/${id}`).get()).data();
    expect(await reasons(junk[99] as string)).to.include({ state: 'closed', closedReason: 'no-request' });
    expect(await reasons(`${tag}-acct`)).to.include({ state: 'closed', closedReason: 'unknown-account' });
    expect(await reasons(mismatchId)).to.include({ state: 'closed', closedReason: 'mismatch' });
    expect((await adminDb.doc(`reconcileRuns/${second.runId as string}`).get()).get('closed'), 'counted in the run document').to.be.at.least(102);
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
    // Unique to the run, so the suite can run again against the same stack (an order id is claimed once).
    const fifty = orderId('O').padEnd(50, 'x');
    expect(fifty).to.have.length(50);
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
