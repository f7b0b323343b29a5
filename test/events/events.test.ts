/**
 * Checkout events through the outbox, against the Eventarc emulator and the sample consumer
 * (test/events-consumer, loaded by firebase.test.json): one event per transition, with the documented data,
 * under a webhook storm and under publish faults; the order mirror; and reconciliation draining what failed.
 * Events and the mirror act on live checkouts only (EVENTS_INCLUDE_TEST_MODE off, as deployed), so these
 * checkouts are taken in a branch on the stack's `live` account; test/events/tenancy-events.test.ts proves that
 * test-mode checkouts stay out.
 */
import { expect } from 'chai';
import {
  adminDb,
  checkoutDoc,
  closeSessions,
  eventually,
  orderId,
  liveSim as sim,
  postWebhook as postAnyWebhook,
  session,
  type Session,
} from '../emulators/harness';
import { testTimeout, WAIT_MS } from '../support/wait';

/** Deliveries as the live account's PointCheckout sends them (its own address, token and HMAC key). */
const postWebhook = (body: Record<string, unknown>) => postAnyWebhook(body, { account: 'live' });
const LIVE_BRANCH = `evt-live-${process.pid}`;

async function forEachLimit<T>(items: T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** Triggers and consumers start cold, one worker per concurrent call, on two shared cores: be patient. */

const TYPED = new Set(['AUTHORIZED', 'PAID', 'FAILED', 'CANCELLED', 'EXPIRED', 'REFUNDED', 'PARTIALLY_REFUNDED']);

interface EventDoc { to: string; version: number; outbox?: string; outboxError?: string; outboxDone?: { published: string } }

async function eventDocs(checkoutId: string): Promise<EventDoc[]> {
  const snap = await adminDb.collection('checkouts').doc(checkoutId).collection('events').orderBy('version').get();
  return snap.docs.map((d) => d.data() as EventDoc);
}

/** Waits until every event of the checkout has left the outbox. */
async function settled(checkoutId: string, timeoutMs = WAIT_MS): Promise<EventDoc[]> {
  return eventually(async () => {
    const docs = await eventDocs(checkoutId);
    return docs.length > 0 && docs.every((d) => d.outbox === 'done') && docs;
  }, `the outbox of ${checkoutId} to be done`, timeoutMs);
}

async function deliveriesOf(checkoutId: string): Promise<Map<string, number>> {
  const snap = await adminDb.collection('eventDeliveries').where('data.checkoutId', '==', checkoutId).get();
  const counts = new Map<string, number>();
  for (const d of snap.docs) counts.set(d.get('id') as string, (counts.get(d.get('id') as string) ?? 0) + 1);
  return counts;
}

/** The ids the consumer must have applied: one per transition to a status that has an event type. */
function expectedIds(checkoutId: string, docs: EventDoc[]): string[] {
  return docs.filter((d) => TYPED.has(d.to)).map((d) => `${checkoutId}-${d.version}`).sort();
}

async function appliedIds(checkoutId: string): Promise<string[]> {
  const snap = await adminDb.collection('eventsApplied').where('data.checkoutId', '==', checkoutId).get();
  return snap.docs.map((d) => d.id).sort();
}

/** No event anywhere still in the outbox (so a fault switch is consumed only by what the test does next). */
async function outboxQuiet(): Promise<void> {
  await eventually(async () => (await adminDb.collectionGroup('events').where('outbox', 'in', ['pending', 'publishing']).limit(1).get()).empty,
    'the outbox to be empty');
}

async function setFaults(faults: { failPublishes?: number; failMarks?: number }): Promise<void> {
  await adminDb.doc('_emulatorOnly/eventFaults').set({ failPublishes: 0, failMarks: 0, ...faults });
}

describe('checkout events (Eventarc) and the order mirror', function () {
  this.timeout(testTimeout(240_000));
  let staff: Session;
  let manager: Session;

  before(async () => {
    const owner = await session('owner');
    await owner.call('upsertBranch', { branchId: LIVE_BRANCH, name: 'Live events', account: 'live' });
    [staff, manager] = await Promise.all([session('staff', { branches: [LIVE_BRANCH] }), session('manager')]);
  });
  after(async () => {
    await setFaults({});
    await closeSessions();
  });

  async function create(amount = '100.00', order = orderId('EVT')) {
    const created = await staff.call<{ checkoutId: string }>('createQrCheckout', { orderId: order, amount, currency: 'AED' });
    const gatewayId = (await checkoutDoc(created.checkoutId))?.gateway.id as string;
    return { checkoutId: created.checkoutId, gatewayId, orderId: order };
  }

  /** One after another: concurrent creates would each start a cold worker, which is not what is tested here. */
  async function createMany(count: number, amount: string) {
    const created = [];
    for (let i = 0; i < count; i += 1) created.push(await create(amount));
    return created;
  }

  async function reach(checkoutId: string, status: string) {
    await eventually(async () => (await checkoutDoc(checkoutId))?.status === status, `${checkoutId} to be ${status}`, WAIT_MS);
  }

  it('publishes paid, partially_refunded and refunded once each, with the documented data, and mirrors the order', async () => {
    const c = await create('100.00');
    await sim.move(c.gatewayId, 'pay');
    await reach(c.checkoutId, 'PAID');
    await manager.call('refundCheckout', { checkoutId: c.checkoutId, amount: '30.00', note: 'one item back' });
    await manager.call('refundCheckout', { checkoutId: c.checkoutId, note: 'the rest' });
    const docs = await settled(c.checkoutId);
    expect(docs.map((d) => d.to)).to.deep.equal(['PENDING', 'PAID', 'PARTIALLY_REFUNDED', 'REFUNDED']);
    expect(docs.map((d) => d.outboxDone?.published)).to.deep.equal(['none', 'sent', 'sent', 'sent']);
    // Each event was handed to the trigger through its own document, written in the transition's transaction.
    const kicks = await adminDb.collection('checkoutOutbox').where('checkoutId', '==', c.checkoutId).get();
    expect(kicks.docs.map((d) => d.id).sort()).to.deep.equal(
      (await adminDb.collection(`checkouts/${c.checkoutId}/events`).get()).docs.map((d) => `${c.checkoutId}__${d.id}`).sort(),
    );

    const ids = expectedIds(c.checkoutId, docs);
    await eventually(async () => (await appliedIds(c.checkoutId)).length === ids.length, 'three applied events', WAIT_MS);
    expect(await appliedIds(c.checkoutId)).to.deep.equal(ids);
    expect([...(await deliveriesOf(c.checkoutId)).values()]).to.deep.equal([1, 1, 1]);

    const refunded = (await adminDb.collection('eventsApplied').doc(`${c.checkoutId}-4`).get()).data();
    expect(refunded?.type).to.equal('com.pointcheckout.checkout.refunded');
    expect(refunded?.data).to.deep.equal({
      checkoutId: c.checkoutId, orderId: c.orderId, status: 'REFUNDED', amount: '100.00', currency: 'AED',
      totalRefunded: '100.00', branchId: LIVE_BRANCH, version: 4, account: 'live', mode: 'live',
    });
    const partial = (await adminDb.collection('eventsApplied').doc(`${c.checkoutId}-3`).get()).data();
    expect(partial?.data.totalRefunded).to.equal('30.00');

    const order = (await adminDb.collection('orders').doc(c.orderId).get()).data();
    expect(order?.paymentStatus).to.equal('REFUNDED');
    expect(order?.paymentStatusSource.version).to.equal(4);
    expect(order?.paymentStatusSource.checkoutId).to.equal(c.checkoutId);
    expect(order?.paymentStatusSource).to.include({ account: 'live', mode: 'live' });
  });

  it('publishes one event per transition under a webhook storm (every webhook 4 times at once)', async () => {
    const checkouts = await createMany(6, '12.50');
    const steps: Record<number, ('authorize' | 'pay' | 'fail' | 'cancel')[]> = {
      0: ['pay'], 1: ['authorize', 'pay'], 2: ['fail'], 3: ['cancel'], 4: ['authorize', 'cancel'], 5: ['pay'],
    };
    // Two checkouts at a time, each webhook delivered 4 times at once: 8 in flight (every concurrent call is a
    // worker process in the emulator, on two shared cores).
    await forEachLimit(checkouts, 2, async (c, i) => {
      for (const step of steps[i] ?? []) {
        await sim.move(c.gatewayId, step, { webhook: false });
        const answers = await Promise.all(Array.from({ length: 4 }, () => postWebhook({ id: c.gatewayId })));
        expect(answers.every((a) => a.status === 200 || a.status === 503)).to.equal(true);
        // A 503 (contention) is PointCheckout's cue to retry: one more delivery settles it.
        if (answers.some((a) => a.status === 503)) expect((await postWebhook({ id: c.gatewayId })).status).to.equal(200);
      }
    });
    for (const c of checkouts) {
      const docs = await settled(c.checkoutId);
      const ids = expectedIds(c.checkoutId, docs);
      expect(ids.length).to.be.greaterThan(0);
      await eventually(async () => (await appliedIds(c.checkoutId)).length === ids.length, `events of ${c.checkoutId}`, WAIT_MS);
      expect(await appliedIds(c.checkoutId)).to.deep.equal(ids);
      const deliveries = await deliveriesOf(c.checkoutId);
      expect([...deliveries.keys()].sort()).to.deep.equal(ids);
      expect([...deliveries.values()].every((n) => n === 1), 'each event published exactly once').to.equal(true);
    }
  });

  it('leaves failed publishes pending, and reconciliation publishes each exactly once', async () => {
    const checkouts = await createMany(3, '7.00');
    for (const c of checkouts) await settled(c.checkoutId);
    await outboxQuiet();
    await setFaults({ failPublishes: 3 });
    await Promise.all(checkouts.map((c) => sim.move(c.gatewayId, 'pay')));
    for (const c of checkouts) {
      await eventually(async () => {
        const paid = (await eventDocs(c.checkoutId))[1];
        return paid?.outbox === 'pending' && paid.outboxError === 'InjectedFault';
      }, `the failed publish of ${c.checkoutId} to be left pending`, WAIT_MS);
      expect((await deliveriesOf(c.checkoutId)).size).to.equal(0);
    }
    const summary = await manager.call<{ events: { due: number; delivered: number; failed: number } }>('reconcileNow', {});
    expect(summary.events.delivered).to.be.at.least(3);
    expect(summary.events.failed).to.equal(0);
    for (const c of checkouts) {
      const docs = await settled(c.checkoutId);
      await eventually(async () => (await deliveriesOf(c.checkoutId)).size === 1, `the republished event of ${c.checkoutId}`, WAIT_MS);
      expect(Object.fromEntries(await deliveriesOf(c.checkoutId))).to.deep.equal({ [`${c.checkoutId}-2`]: 1 });
      expect(await appliedIds(c.checkoutId)).to.deep.equal(expectedIds(c.checkoutId, docs));
    }
  });

  it('republishes the same id when the done marker is lost after a publish; the consumer applies it once', async () => {
    const c = await create('9.00');
    await settled(c.checkoutId);
    await outboxQuiet();
    await setFaults({ failMarks: 1 });
    await sim.move(c.gatewayId, 'pay');
    await eventually(async () => (await eventDocs(c.checkoutId))[1]?.outboxError === 'InjectedFault', 'the lost marker', WAIT_MS);
    await eventually(async () => (await deliveriesOf(c.checkoutId)).size === 1, 'the first publish', WAIT_MS);
    await manager.call('reconcileNow', {});
    await settled(c.checkoutId);
    await eventually(async () => (await deliveriesOf(c.checkoutId)).get(`${c.checkoutId}-2`) === 2, 'the republish', WAIT_MS);
    expect(await appliedIds(c.checkoutId)).to.deep.equal([`${c.checkoutId}-2`]);
  });

  it('mirrors the newer checkout of an order, whatever order the events arrive in', async () => {
    const order = orderId('MIR');
    const first = await create('5.00', order);
    await sim.move(first.gatewayId, 'cancel');
    await reach(first.checkoutId, 'CANCELLED');
    await settled(first.checkoutId);
    const second = await create('5.00', order);
    await sim.move(second.gatewayId, 'pay');
    await reach(second.checkoutId, 'PAID');
    await settled(second.checkoutId);
    const mirrored = (await adminDb.collection('orders').doc(order).get()).data();
    expect(mirrored?.paymentStatus).to.equal('PAID');
    expect(mirrored?.paymentStatusSource.checkoutId).to.equal(second.checkoutId);
    // The first checkout's CANCELLED event, delivered again late, must not move the order back.
    await adminDb.collection('checkouts').doc(first.checkoutId).collection('events').doc('00000002')
      .update({ outbox: 'pending', outboxDueAt: new Date(0) });
    await manager.call('reconcileNow', {});
    await settled(first.checkoutId);
    const after = (await adminDb.collection('orders').doc(order).get()).data();
    expect(after?.paymentStatus).to.equal('PAID');
  });

  it('a create adopted after its order was paid elsewhere never moves the mirror back; paid too, it publishes duplicate_payment', async () => {
    const order = orderId('ADOPT-MIR');
    await sim.fault('^POST /checkout/qr$', 'applied502', 3);
    await staff.call('createQrCheckout', { orderId: order, amount: '4.00', currency: 'AED', idempotencyKey: `k-${orderId()}` }).catch(() => undefined);
    await sim.clearFaults();
    const [lost] = (await sim.search({ orderId: order })) as unknown as { id: string; requestId: string }[];
    expect(lost, 'the gateway made the first checkout').to.not.equal(undefined);
    const lostId = (lost as { requestId: string }).requestId;
    await sim.move((lost as { id: string }).id, 'pay', { webhook: false }); // paid, and nobody heard
    const eleven = new Date(Date.now() - 11 * 60_000);
    await adminDb.doc(`checkoutClaims/${lostId}`).update({ updatedAt: eleven, leaseExpiresAt: eleven });
    const second = await create('4.00', order);
    await sim.move(second.gatewayId, 'pay');
    await reach(second.checkoutId, 'PAID');
    await settled(second.checkoutId);
    await manager.call('reconcileNow', {});
    await reach(lostId, 'PAID');
    await settled(lostId);
    const mirrored = (await adminDb.collection('orders').doc(order).get()).data();
    expect(mirrored?.paymentStatus).to.equal('PAID');
    expect(mirrored?.paymentStatusSource.checkoutId, 'the order still follows the checkout it moved on to').to.equal(second.checkoutId);
    const types = async () => (await adminDb.collection('eventDeliveries').where('data.checkoutId', '==', lostId).get()).docs.map((d) => d.get('type') as string);
    await eventually(async () => (await types()).length > 0, 'the duplicate payment event', WAIT_MS);
    expect(await types()).to.deep.equal(['com.pointcheckout.checkout.duplicate_payment']);
  });
});
