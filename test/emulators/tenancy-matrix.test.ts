/**
 * Issue #16: branch × account × mode are real boundaries. Three branches: T1 and T2 on the `default` account (mode
 * test), L1 on the `live` account (mode live, its own simulator). For every ordered pair, a user of one cannot
 * create for, be handed, read, list, cancel or refund the other's checkout, and an order id of one is a separate
 * order in the other (a test payment never settles or blocks a live order). Money operations re-check the sign-in
 * (revoked, disabled), and claims of the wrong shape are refused. The mirror and events half runs in the events
 * stack (test/events/tenancy-events.test.ts).
 */
import { expect } from 'chai';
import { getAuth } from 'firebase/auth';
import { collection, doc, getDoc, getDocs, query, where } from 'firebase/firestore';
import {
  adminAuth, checkoutDoc, closeSessions, eventually, FUNCTIONS_URL, LIVE_SIMULATOR_URL, orderId, rejectsWith, session, sim, watchUntil, type Session,
} from './harness';
import { testTimeout } from '../support/wait';

const T1 = `mx-t1-${process.pid}`;
const T2 = `mx-t2-${process.pid}`;
const L1 = `mx-l1-${process.pid}`;
const BRANCHES = [T1, T2, L1];
const MODE: Record<string, 'test' | 'live'> = { [T1]: 'test', [T2]: 'test', [L1]: 'live' };

async function pay(branch: string, gatewayId: string): Promise<void> {
  if (MODE[branch] === 'test') {
    await sim.move(gatewayId, 'pay');
    return;
  }
  const res = await fetch(`${LIVE_SIMULATOR_URL}/_sim/checkouts/${gatewayId}/pay`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
  });
  expect(res.status).to.equal(200);
}

async function denied(read: Promise<unknown>, what: string): Promise<void> {
  await read.then(
    () => expect.fail(`${what} was allowed`),
    (error: { code?: string }) => expect(error.code, what).to.equal('permission-denied'),
  );
}

async function exportAs(user: Session, from: string) {
  const token = await getAuth(user.app).currentUser?.getIdToken();
  return fetch(`${FUNCTIONS_URL}/exportCheckouts?from=${from}`, { headers: { Authorization: `Bearer ${token}` } });
}

describe('tenancy matrix: branch × account × mode (issue #16)', function () {
  this.timeout(testTimeout(300_000));
  let owner: Session;
  const staff: Record<string, Session> = {};
  const manager: Record<string, Session> = {};

  before(async () => {
    owner = await session('owner');
    await owner.call('upsertBranch', { branchId: T1, name: 'Test one' });
    await owner.call('upsertBranch', { branchId: T2, name: 'Test two' });
    await owner.call('upsertBranch', { branchId: L1, name: 'Live one', account: 'live' });
    for (const b of BRANCHES) {
      staff[b] = await session('staff', { branches: [b] });
      manager[b] = await session('manager', { branches: [b] });
    }
  });
  after(closeSessions);

  for (const x of [T1, T2, L1]) {
    for (const y of [T1, T2, L1]) {
      if (x === y) continue;
      const label = `${x.split('-')[1]}→${y.split('-')[1]}`;
      it(`${label}: separate orders, and no create, hand-out, read, list, cancel or refund across`, async () => {
        const order = orderId('MX');
        const theirs = await staff[y]!.call<{ checkoutId: string; account: string; mode: string }>('createQrCheckout', { orderId: order, amount: '10.00', currency: 'AED' });
        expect(theirs).to.include({ mode: MODE[y] });
        // Create for the other branch: refused.
        await rejectsWith(staff[x]!.call('createQrCheckout', { orderId: orderId('MX'), amount: '1.00', currency: 'AED', branchId: y }), 'permission-denied');
        // The same order id, same amount, even by a manager: a separate order in x, never the other's checkout.
        const mine = await manager[x]!.call<{ checkoutId: string; mode: string }>('createQrCheckout', { orderId: order, amount: '10.00', currency: 'AED' });
        expect(mine.checkoutId).to.not.equal(theirs.checkoutId);
        expect(mine.mode).to.equal(MODE[x]);
        // Read, list, cancel, refund across: refused by the callables and the rules.
        await rejectsWith(manager[x]!.call('getCheckout', { checkoutId: theirs.checkoutId }), 'permission-denied');
        await denied(getDoc(doc(manager[x]!.db, 'checkouts', theirs.checkoutId)), 'reading the other branch');
        await denied(getDocs(query(collection(manager[x]!.db, 'checkouts'), where('branchId', 'in', [y]))), 'listing the other branch');
        await rejectsWith(manager[x]!.call('cancelCheckout', { checkoutId: theirs.checkoutId }), 'permission-denied');
        const gatewayId = (await checkoutDoc(theirs.checkoutId))?.gateway.id as string;
        const paid = watchUntil(owner.db, theirs.checkoutId, (d) => d.status === 'PAID');
        await pay(y, gatewayId);
        await paid;
        await rejectsWith(manager[x]!.call('refundCheckout', { checkoutId: theirs.checkoutId, note: 'not mine' }), 'permission-denied');
        // The other's payment settled nothing here: x's own checkout for the order is still open and cancellable.
        expect((await checkoutDoc(mine.checkoutId))?.status).to.equal('PENDING');
        const cancelled = await manager[x]!.call<{ status: string }>('cancelCheckout', { checkoutId: mine.checkoutId });
        expect(cancelled.status).to.equal('CANCELLED');
      });
    }
  }

  it('a test payment never blocks or settles a live order; "the same sale" is per account and mode', async () => {
    const order = orderId('INV');
    const test = await owner.call<{ checkoutId: string; mode: string; account: string }>('createQrCheckout', { orderId: order, amount: '50.00', currency: 'AED', branchId: T1 });
    expect(test).to.include({ mode: 'test', account: 'default' });
    await pay(T1, (await checkoutDoc(test.checkoutId))?.gateway.id as string);
    await eventually(async () => (await checkoutDoc(test.checkoutId))?.status === 'PAID', 'the test payment');
    // The live till takes the real payment for the same invoice: not "already paid", not the test QR.
    const real = await owner.call<{ checkoutId: string; mode: string; account: string; status: string }>('createQrCheckout', { orderId: order, amount: '50.00', currency: 'AED', branchId: L1 });
    expect(real).to.include({ mode: 'live', account: 'live', status: 'PENDING' });
    expect(real.checkoutId).to.not.equal(test.checkoutId);
    const view = await owner.call<{ mode: string; account: string }>('getCheckout', { checkoutId: real.checkoutId });
    expect(view).to.include({ mode: 'live', account: 'live' });
  });

  it('a caller is never told the id or status of a checkout it may not access', async () => {
    const order = orderId('PRIV');
    const held = await staff[T1]!.call<{ checkoutId: string }>('createQrCheckout', { orderId: order, amount: '7.00', currency: 'AED' });
    // Another cashier of the same branch, another amount: refused without the holder's id or status.
    const colleague = await session('staff', { branches: [T1] });
    await rejectsWith(colleague.call('createQrCheckout', { orderId: order, amount: '8.00', currency: 'AED' }), 'failed-precondition', /in use elsewhere/);
    await colleague.call('createQrCheckout', { orderId: order, amount: '8.00', currency: 'AED' }).catch((error: { message: string }) => {
      expect(error.message).to.not.include(held.checkoutId);
      expect(error.message).to.not.match(/PENDING/);
    });
    // Its manager may access it, so is told which checkout holds the order.
    await rejectsWith(manager[T1]!.call('createQrCheckout', { orderId: order, amount: '8.00', currency: 'AED' }), 'failed-precondition', new RegExp(held.checkoutId));
  });

  it('money operations refuse a revoked sign-in and a disabled account at once', async () => {
    const revoked = await session('manager', { branches: [T1] });
    const { checkoutId } = await revoked.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('REV'), amount: '3.00', currency: 'AED' });
    const authTime = Date.parse((await getAuth(revoked.app).currentUser!.getIdTokenResult()).authTime);
    // Revocation has second precision: revoke until it lands after the sign-in's second.
    await eventually(async () => {
      await adminAuth.revokeRefreshTokens(revoked.uid!);
      return Date.parse((await adminAuth.getUser(revoked.uid!)).tokensValidAfterTime ?? '') > authTime;
    }, 'the revocation to postdate the sign-in');
    await rejectsWith(revoked.call('cancelCheckout', { checkoutId }), 'unauthenticated', /revoked.*sign in again/);
    await rejectsWith(revoked.call('refundCheckout', { checkoutId, note: 'x' }), 'unauthenticated', /revoked/);
    expect((await checkoutDoc(checkoutId))?.status).to.equal('PENDING');

    const disabled = await session('owner');
    const other = await owner.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('DIS'), amount: '3.00', currency: 'AED', branchId: T2 });
    await adminAuth.updateUser(disabled.uid!, { disabled: true });
    await rejectsWith(disabled.call('cancelCheckout', { checkoutId: other.checkoutId }), 'unauthenticated', /disabled/);
    await rejectsWith(disabled.call('upsertBranch', { branchId: T2, name: 'Hijacked' }), 'unauthenticated', /disabled/);
    await rejectsWith(disabled.call('reconcileNow', {}), 'unauthenticated', /disabled/);
    const exported = await exportAs(disabled, new Date().toISOString().slice(0, 10));
    expect(exported.status).to.equal(401);
    expect(((await exported.json()) as { error: string }).error).to.match(/disabled/);
    expect((await checkoutDoc(other.checkoutId))?.status).to.equal('PENDING');
  });

  it('claims of the wrong shape are refused by the callables and the rules alike; `_` is never a branch', async () => {
    await rejectsWith(owner.call('upsertBranch', { branchId: '_', name: 'No branch' }), 'invalid-argument', /branchId/);
    const odd = await session('manager', { branches: [T1] });
    await adminAuth.setCustomUserClaims(odd.uid!, { role: 'manager', branches: { [T1]: true } });
    await getAuth(odd.app).currentUser!.getIdToken(true);
    const { checkoutId } = await staff[T1]!.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('MAP'), amount: '2.00', currency: 'AED' });
    await rejectsWith(odd.call('getCheckout', { checkoutId }), 'permission-denied', /no payments role/);
    await denied(getDoc(doc(odd.db, 'checkouts', checkoutId)), 'a map-shaped branches claim reading a checkout');
    await denied(getDoc(doc(odd.db, 'branches', T1)), 'a map-shaped branches claim reading its branch');
  });
});
