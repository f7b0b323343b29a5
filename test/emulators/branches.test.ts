/**
 * Branches, tills and drivers: a checkout records its branch and device; staff and managers with a `branches`
 * claim see and act on their branches only; an owner on all. Callables and the security rules both enforce it.
 */
import { expect } from 'chai';
import { collection, doc, getDoc, getDocs, query, where } from 'firebase/firestore';
import { adminDb, checkoutDoc, closeSessions, orderId, rejectsWith, session, SIMULATOR_URL, sim, watchUntil, type Session } from './harness';

const A = `branch-a-${process.pid}`;
const B = `branch-b-${process.pid}`;
const PC_BRANCH_A = '1601731695315563241';

/** The create request our gateway client sent for this requestId (the simulator records every exchange). */
async function sentCreate(requestId: string): Promise<Record<string, unknown> | undefined> {
  const res = await fetch(`${SIMULATOR_URL}/_sim/exchanges`);
  const { exchanges } = (await res.json()) as { exchanges: { method: string; path: string; requestBody: unknown }[] };
  return exchanges
    .filter((e) => e.method === 'POST' && e.path.endsWith('/checkout/qr'))
    .map((e) => (typeof e.requestBody === 'string' ? JSON.parse(e.requestBody) : e.requestBody) as Record<string, unknown>)
    .find((body) => body?.requestId === requestId);
}

describe('branches, tills and drivers', () => {
  let owner: Session;
  let staffA: Session;
  let staffB: Session;
  let managerA: Session;
  let roaming: Session;

  before(async () => {
    owner = await session('owner');
    staffA = await session('staff', { branches: [A] });
    staffB = await session('staff', { branches: [B] });
    managerA = await session('manager', { branches: [A] });
    roaming = await session('staff', { branches: [A, B] });
    await owner.call('upsertBranch', { branchId: A, name: 'Marina Mall', pointcheckoutBranchId: PC_BRANCH_A });
    await owner.call('upsertBranch', { branchId: B, name: 'Airport' });
  });
  after(closeSessions);

  it('only an owner keeps branches', async () => {
    await rejectsWith(managerA.call('upsertBranch', { branchId: A, name: 'Mine now' }), 'permission-denied', /owner/);
    await rejectsWith(owner.call('upsertBranch', { branchId: '__x__', name: 'Bad' }), 'invalid-argument', /branchId/);
    expect((await adminDb.doc(`branches/${A}`).get()).get('name')).to.equal('Marina Mall');
  });

  it('stores the branch and the device, and sends PointCheckout its branch id and our device reference, never the uid', async () => {
    const made = await staffA.call<{ checkoutId: string }>('createQrCheckout', {
      orderId: orderId('BR'), amount: '10.00', currency: 'AED', deviceReference: 'till-3',
    });
    expect(await checkoutDoc(made.checkoutId)).to.include({ branchId: A, deviceReference: 'till-3' });
    const sent = await sentCreate(made.checkoutId);
    expect(sent).to.include({ branchId: PC_BRANCH_A, deviceReference: 'till-3' });
    const plain = await staffB.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('BR'), amount: '10.00', currency: 'AED' });
    const sentPlain = await sentCreate(plain.checkoutId);
    expect(sentPlain).to.not.have.property('deviceReference');
    expect(sentPlain).to.not.have.property('branchId'); // branch B has no PointCheckout branch id
    expect(await checkoutDoc(plain.checkoutId)).to.include({ branchId: B, deviceReference: null });
  });

  it('refuses another branch, an unknown branch, and a missing branch for someone in several', async () => {
    await rejectsWith(staffA.call('createQrCheckout', { orderId: orderId('BR'), amount: '1.00', currency: 'AED', branchId: B }), 'permission-denied', /branch/);
    await rejectsWith(owner.call('createQrCheckout', { orderId: orderId('BR'), amount: '1.00', currency: 'AED', branchId: 'nowhere' }), 'invalid-argument', /unknown branch/);
    await rejectsWith(roaming.call('createQrCheckout', { orderId: orderId('BR'), amount: '1.00', currency: 'AED' }), 'invalid-argument', /branchId: is required/);
    const inB = await roaming.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('BR'), amount: '1.00', currency: 'AED', branchId: B });
    expect(await checkoutDoc(inB.checkoutId)).to.include({ branchId: B });
  });

  it('a staff member or manager of branch A cannot see or act on branch B; an owner can', async () => {
    const { checkoutId } = await staffB.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('BR'), amount: '20.00', currency: 'AED' });
    const gatewayId = (await checkoutDoc(checkoutId))?.gateway.id as string;
    await rejectsWith(staffA.call('getCheckout', { checkoutId }), 'permission-denied', /another branch/);
    await rejectsWith(managerA.call('getCheckout', { checkoutId }), 'permission-denied', /another branch/);
    await rejectsWith(managerA.call('cancelCheckout', { checkoutId }), 'permission-denied', /another branch/);
    await rejectsWith(managerA.call('reconcileNow', {}), 'permission-denied', /every branch/);
    // Rules: the same wall for direct reads and listeners.
    await getDoc(doc(staffA.db, 'checkouts', checkoutId)).then(
      () => expect.fail('staff of A read a checkout of B'),
      (error: { code?: string }) => expect(error.code).to.equal('permission-denied'),
    );
    await getDoc(doc(managerA.db, 'checkouts', checkoutId)).then(
      () => expect.fail('manager of A read a checkout of B'),
      (error: { code?: string }) => expect(error.code).to.equal('permission-denied'),
    );
    await getDoc(doc(managerA.db, `checkouts/${checkoutId}/events/00000001`)).then(
      () => expect.fail('manager of A read an event of B'),
      (error: { code?: string }) => expect(error.code).to.equal('permission-denied'),
    );
    await getDoc(doc(staffA.db, 'branches', B)).then(
      () => expect.fail('staff of A read branch B'),
      (error: { code?: string }) => expect(error.code).to.equal('permission-denied'),
    );
    expect((await getDoc(doc(staffA.db, 'branches', A))).get('name')).to.equal('Marina Mall');
    // A manager of A lists A's checkouts with the branch filter; without it the query is refused.
    const listed = await getDocs(query(collection(managerA.db, 'checkouts'), where('branchId', 'in', [A])));
    expect(listed.docs.every((d) => d.get('branchId') === A)).to.equal(true);
    await getDocs(collection(managerA.db, 'checkouts')).then(
      () => expect.fail('an unfiltered list by a scoped manager was allowed'),
      (error: { code?: string }) => expect(error.code).to.equal('permission-denied'),
    );
    // The owner sees and acts on every branch; staff of B read their own checkout's history.
    expect((await getDoc(doc(owner.db, 'checkouts', checkoutId))).get('branchId')).to.equal(B);
    expect((await getDoc(doc(owner.db, `checkouts/${checkoutId}/events/00000001`))).get('to')).to.equal('PENDING');
    expect((await getDoc(doc(staffB.db, `checkouts/${checkoutId}/events/00000001`))).get('to')).to.equal('PENDING');
    const paid = watchUntil(owner.db, checkoutId, (d) => d.status === 'PAID');
    await sim.move(gatewayId, 'pay');
    await paid;
    await rejectsWith(managerA.call('refundCheckout', { checkoutId, note: 'not mine' }), 'permission-denied', /another branch/);
    const refunded = await owner.call<{ status: string }>('refundCheckout', { checkoutId, note: 'owner refund' });
    expect(refunded.status).to.equal('REFUNDED');
  });
});
