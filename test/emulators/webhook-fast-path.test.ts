/**
 * The webhook's fast path (#19): a transition decided on the checkout as read beside Get Checkout is written in
 * ONE batch guarded by that read's update time; when someone else moved the checkout meanwhile, the batch is
 * refused whole and the transaction decides again. Proven here: the batch's writes, the refused batch resolved by
 * the transaction (no half write, exact report increments), and webhooks racing refreshes on one checkout.
 */
import { expect } from 'chai';
import { applyObservation } from '../../functions/src/transition/apply';
import { countedOf, shardRef } from '../../functions/src/transition/aggregates';
import { reportTimeZone } from '../../functions/src/shared/timeZone';
import { getCheckout, type StoredCheckout } from '../../functions/src/store/repository';
import { adminDb, checkoutDoc, closeSessions, eventsOf, orderId, postWebhook, session, sim, type Session } from './harness';
import { countRoundTrips } from '../support/roundTrips';

type Cells = Record<string, { AED?: { count: number; amountMinor: number } }>;

async function shardOf(checkout: StoredCheckout): Promise<Cells> {
  const snap = await shardRef(checkout.id, countedOf(checkout.data), reportTimeZone()).get();
  return (snap.get('byStatus') ?? {}) as Cells;
}

function countOf(cells: Cells, status: string): number {
  return cells[status]?.AED?.count ?? 0;
}

describe('webhook fast path: one guarded batch, the transaction when the checkout moved', () => {
  let staff: Session;
  let manager: Session;

  before(async () => {
    staff = await session('staff');
    manager = await session('manager');
  });
  after(closeSessions);

  async function created(): Promise<{ checkoutId: string; gatewayId: string; held: StoredCheckout }> {
    const { checkoutId } = await staff.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('FAST'), amount: '30.00', currency: 'AED', qrSize: 64 });
    const held = await getCheckout(checkoutId);
    if (!held?.updateTime) throw new Error('a stored checkout read back without its update time');
    return { checkoutId, gatewayId: held.data.gateway.id, held };
  }

  it('writes the status, the event and the report shard in one batch on the snapshot as read', async () => {
    const { checkoutId, held } = await created();
    const before = await shardOf(held);
    const result = await applyObservation(checkoutId, { status: 'PAID', totalRefundedMinor: 0 }, 'webhook', held);
    expect(result.outcome).to.equal('applied');
    const doc = await checkoutDoc(checkoutId);
    expect([doc?.status, doc?.version]).to.deep.equal(['PAID', 2]);
    expect((await eventsOf(checkoutId)).map((e) => `${e.from}>${e.to}:${e.source}`)).to.deep.equal(['null>PENDING:create', 'PENDING>PAID:webhook']);
    const after = await shardOf(held);
    expect([countOf(after, 'PENDING') - countOf(before, 'PENDING'), countOf(after, 'PAID') - countOf(before, 'PAID')]).to.deep.equal([-1, 1]);
    // The answer carries the new update time: a follow-up on it is guarded again, not blind.
    if (result.outcome !== 'applied') return;
    expect(result.checkout.updateTime?.toMillis()).to.equal((await getCheckout(checkoutId))?.updateTime?.toMillis());
  });

  it('a batch on a stale snapshot is refused whole; the transaction applies what is left, once', async () => {
    const { checkoutId, held } = await created();
    const before = await shardOf(held);
    // Someone else (a refresh) moves the checkout after the webhook read it.
    const other = await applyObservation(checkoutId, { status: 'AUTHORIZED', totalRefundedMinor: 0 }, 'refresh');
    expect(other.outcome).to.equal('applied');
    const result = await applyObservation(checkoutId, { status: 'PAID', totalRefundedMinor: 0 }, 'webhook', held);
    expect(result.outcome).to.equal('applied');
    if (result.outcome === 'applied') expect(result.hops.map((h) => `${h.from}>${h.to}`)).to.deep.equal(['AUTHORIZED>PAID']);
    const events = await eventsOf(checkoutId);
    expect(events.map((e) => `${e.from}>${e.to}:${e.source}`)).to.deep.equal(['null>PENDING:create', 'PENDING>AUTHORIZED:refresh', 'AUTHORIZED>PAID:webhook']);
    expect((await checkoutDoc(checkoutId))?.version).to.equal(3);
    // Had the refused batch written anything, PENDING would have left the shard twice.
    const after = await shardOf(held);
    const delta = (s: string) => countOf(after, s) - countOf(before, s);
    expect({ PENDING: delta('PENDING'), AUTHORIZED: delta('AUTHORIZED'), PAID: delta('PAID') }).to.deep.equal({ PENDING: -1, AUTHORIZED: 0, PAID: 1 });
  });

  it('a stale snapshot whose transition already happened changes nothing (the transaction sees it done)', async () => {
    const { checkoutId, held } = await created();
    const first = await applyObservation(checkoutId, { status: 'PAID', totalRefundedMinor: 0 }, 'webhook', held);
    expect(first.outcome).to.equal('applied');
    // A second delivery that read the checkout before the first landed: same version, same event id.
    const second = await applyObservation(checkoutId, { status: 'PAID', totalRefundedMinor: 0 }, 'webhook', held);
    expect(second.outcome).to.equal('unchanged');
    expect((await eventsOf(checkoutId)).map((e) => e.to)).to.deep.equal(['PENDING', 'PAID']);
    expect((await checkoutDoc(checkoutId))?.version).to.equal(2);
  });

  it('webhooks and refreshes racing on one checkout: one PAID event, version 2', async () => {
    const { checkoutId, gatewayId } = await created();
    await sim.move(gatewayId, 'pay', { webhook: false });
    const racing = await Promise.all([
      ...Array.from({ length: 4 }, () => postWebhook({ id: gatewayId, requestId: checkoutId, status: 'PAID' })),
      ...Array.from({ length: 3 }, () => manager.call<{ status: string }>('getCheckout', { checkoutId })),
    ]);
    const webhooks = racing.slice(0, 4) as Awaited<ReturnType<typeof postWebhook>>[];
    expect(webhooks.map((r) => r.status)).to.deep.equal([200, 200, 200, 200]);
    const refreshes = racing.slice(4) as { status: string }[];
    // A refresh that ran before the payment landed may still answer PENDING; none may answer anything else.
    expect(refreshes.every((r) => r.status === 'PAID' || r.status === 'PENDING')).to.equal(true);
    expect((await eventsOf(checkoutId)).map((e) => e.to)).to.deep.equal(['PENDING', 'PAID']);
    expect((await checkoutDoc(checkoutId))?.version).to.equal(2);
  });

  it('the webhook takes the fast path end to end: an applied delivery leaves exactly its writes', async () => {
    const { checkoutId, gatewayId } = await created();
    await sim.move(gatewayId, 'pay', { webhook: false });
    const res = await postWebhook({ id: gatewayId, requestId: checkoutId, status: 'PAID' });
    expect([res.status, res.body.outcome]).to.deep.equal([200, 'applied']);
    const again = await postWebhook({ id: gatewayId, requestId: checkoutId, status: 'PAID' });
    expect([again.status, again.body.outcome]).to.deep.equal([200, 'unchanged']);
    const events = await adminDb.collection(`checkouts/${checkoutId}/events`).get();
    expect(events.size).to.equal(2);
  });
});

describe('webhook fast path: its Firestore round trips, counted', () => {
  let staff: Session;

  before(async () => {
    staff = await session('staff');
  });
  after(closeSessions);

  it('an applied transition on a fresh snapshot is one commit; on a stale one, the refused commit then the transaction', async () => {
    const make = async () => {
      const { checkoutId } = await staff.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('FAST-RT'), amount: '5.00', currency: 'AED', qrSize: 64 });
      return (await getCheckout(checkoutId)) as StoredCheckout;
    };
    const fresh = await make();
    const fast = await countRoundTrips(() => applyObservation(fresh.id, { status: 'PAID', totalRefundedMinor: 0 }, 'webhook', fresh));
    expect(fast.value.outcome).to.equal('applied');
    expect(fast.waves).to.deep.equal([['commit']]);

    const stale = await make();
    await applyObservation(stale.id, { status: 'AUTHORIZED', totalRefundedMinor: 0 }, 'refresh');
    const slow = await countRoundTrips(() => applyObservation(stale.id, { status: 'PAID', totalRefundedMinor: 0 }, 'webhook', stale));
    expect(slow.value.outcome).to.equal('applied');
    // The refused batch, then the transaction's read and commit: the slow path only where the document moved.
    expect(slow.waves[0]).to.deep.equal(['commit']);
    expect(slow.sequential).to.be.at.least(3);
  });
});
