/**
 * Create under gateway faults: PointCheckout answering create with a 500, timing out after it has made the
 * checkout, or sending malformed JSON. The caller gets `unavailable` and nothing is stored; a retry with the
 * same idempotency key yields exactly one gateway checkout and one document; nothing is left PENDING
 * without a gateway id.
 */
import { expect } from 'chai';
import { adminDb, closeSessions, orderId, rejectsWith, session, sim, type Session } from '../emulators/harness';
import { record } from './report';
import { sizes } from './scale';
import { testTimeout } from '../support/wait';

const MODES = ['http500', 'timeout', 'malformed'] as const;

describe('reliability: createQrCheckout under gateway faults', function () {
  this.timeout(testTimeout(300_000));
  let staff: Session;
  const outcomes: string[] = [];
  let tried = 0;
  let held = 0;

  before(async () => {
    staff = await session('staff');
  });
  after(async () => {
    await sim.clearFaults();
    await closeSessions();
  });

  async function documentsOf(order: string) {
    return (await adminDb.collection('checkouts').where('orderId', '==', order).get()).docs;
  }

  for (const mode of MODES) {
    // 3 = the first attempt and both of the client's retries fail; 1 = the client's own retry recovers.
    for (const count of [3, 1]) {
      it(`${mode} × ${count}: unavailable or recovered, then one gateway checkout and one document per key`, async () => {
        for (let round = 0; round < sizes.createFaultRounds; round += 1) {
          tried += 1;
          const input = { orderId: orderId(`FAULT-${mode}`), amount: '19.99', currency: 'AED', idempotencyKey: `fault-${orderId()}` };
          await sim.fault('^POST /checkout/qr$', mode, count);
          if (count === 3) {
            await rejectsWith(staff.call('createQrCheckout', input), 'unavailable');
            // A failed create leaves no document; the gateway may already hold the checkout (timeout, malformed).
            expect(await documentsOf(input.orderId)).to.have.length(0);
            expect((await sim.search({ orderId: input.orderId })).length).to.equal(mode === 'http500' ? 0 : 1);
          }
          await sim.clearFaults();
          const [first, second] = await Promise.all([
            staff.call<{ checkoutId: string; status: string }>('createQrCheckout', input),
            staff.call<{ checkoutId: string; status: string }>('createQrCheckout', input),
          ]);
          expect(second.checkoutId).to.equal(first.checkoutId);
          const atGateway = await sim.search({ orderId: input.orderId });
          const docs = await documentsOf(input.orderId);
          expect(atGateway, 'gateway checkouts').to.have.length(1);
          expect(docs, 'documents').to.have.length(1);
          expect(docs[0]?.get('gateway.id')).to.equal(atGateway[0]?.id);
          expect(docs[0]?.get('status')).to.equal('PENDING');
          held += 1;
        }
        outcomes.push(`${mode}×${count}`);
      });
    }
  }

  it('leaves no document PENDING without a gateway id', async () => {
    const pending = await adminDb.collection('checkouts').where('status', '==', 'PENDING').get();
    const orphans = pending.docs.filter((d) => {
      const id: unknown = d.get('gateway.id');
      return typeof id !== 'string' || !/^\d+$/.test(id);
    });
    record({
      scenario: 'create under faults',
      tried: `${tried} creates with the gateway failing (${outcomes.join(', ')}; ×3 = every attempt fails, ×1 = the client's retry recovers), each retried twice concurrently with its key`,
      held: `${held}/${tried}: unavailable with nothing stored, then 1 gateway checkout + 1 document; ${orphans.length} of ${pending.size} PENDING documents without a gateway id`,
      ok: held === tried && tried === MODES.length * 2 * sizes.createFaultRounds && orphans.length === 0,
    });
    expect(orphans.map((d) => d.id)).to.deep.equal([]);
    expect(held).to.equal(tried);
  });
});
