/**
 * Money paths against the strict simulator (only what PointCheckout documents: no refund de-duplication, a
 * repeated requestId refused) with every kind of lost or refused answer injected at random:
 * - refunds: applied then 502, applied then timed out, applied then unreadable, refused with 502 or 429, or clean;
 *   between them, at random, a refund made in the dashboard (outside this system; ours settled first, see below),
 *   and a chargeback after them;
 *   after settling, every checkout's refunded total equals the gateway's, its refund records (ours and outside
 *   ones) add up to it one for one, nothing is refunded twice, nothing stays reserved or pending;
 * - creates: the same faults on POST /checkout/qr; a retry with the same key always ends in one gateway
 *   checkout and one document that says what the gateway says, with a QR that opens its payment page; or, at
 *   random, the create is abandoned, the order moves on to a second checkout that is paid (and the lost one is
 *   sometimes paid too), and reconciliation adopts it: each document says what its gateway checkout says, the
 *   adopted one is cancelled there when it was open, and a second payment is flagged `duplicatePayment`.
 */
import { expect } from 'chai';
import { Timestamp } from 'firebase-admin/firestore';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { adminDb, checkoutDoc, closeSessions, eventually, orderId, session, sim, type SimFaultMode, type Session } from '../emulators/harness';
import { record } from './report';
import { SEED, sizes } from './scale';
import { gatewayCheckout, pick, pool, rng, setSimulatorWebhook } from './support';
import { useStrictGateway } from '../emulators/strictGateway';
import { testTimeout } from '../support/wait';

const REFUND_FAULTS: (SimFaultMode | 'none')[] = ['none', 'applied502', 'timeout', 'malformed', 'http502', 'http429'];
const CREATE_FAULTS: SimFaultMode[] = ['applied502', 'timeout', 'malformed', 'http502', 'http429'];

describe('reliability: money against the strict gateway', function () {
  this.timeout(testTimeout(600_000));
  let manager: Session;
  const random = rng(SEED + 17);

  useStrictGateway();
  before(async () => {
    manager = await session('manager');
    // Earlier suites answer some deliveries 503 on purpose; enabling the webhook clears a `failed` mark.
    await setSimulatorWebhook(true);
  });
  after(closeSessions);

  it(`refunds with lost and refused answers on ${sizes.strictRefundCheckouts} checkouts: the gateway total equals ours, nothing twice`, async () => {
    const before = await sim.stats();
    const faultsUsed = new Map<string, number>();
    let outside = 0;
    let chargebacks = 0;
    let settledFirst = 0;
    const made = await pool(Array.from({ length: sizes.strictRefundCheckouts }), 4, async () => {
      const { checkoutId } = await manager.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('SM-RF'), amount: '100.00', currency: 'AED' });
      const gatewayId = (await checkoutDoc(checkoutId))?.gateway.id as string;
      await sim.move(gatewayId, 'pay');
      // The webhook usually lands first; a refresh makes sure, whatever earlier suites did to deliveries. (This
      // scenario is about money, not listeners: it asks the server rather than wait on a snapshot listener.)
      await eventually(
        async () => (await manager.call<{ status: string }>('getCheckout', { checkoutId })).status === 'PAID',
        `checkout ${checkoutId} PAID`,
      );
      // Three refund attempts of 10.00–40.00, each under a random fault aimed at this checkout only; before one of
      // them, sometimes, a dashboard refund (odd fils, never the amount of one of ours).
      const outsideAt = random() < 0.35 ? Math.floor(random() * 3) : -1;
      for (let attempt = 0; attempt < 3; attempt += 1) {
        if (attempt === outsideAt) {
          outside += 1;
          // A dashboard refund while a refund of ours is still unsettled is the ambiguity PointCheckout's API leaves
          // (only a total): taking ours for part of it is the documented choice, pinned in strict-refunds.test.ts,
          // and it would make one gateway refund two records here. So ours is settled first (out of flight).
          const refunds = (await adminDb.collection(`checkouts/${checkoutId}/refunds`).get()).docs;
          if (refunds.some((r) => ['PENDING', 'UNKNOWN'].includes(String(r.get('gatewayStatus'))))) {
            settledFirst += 1;
            for (const r of refunds) await r.ref.update({ at: Timestamp.fromMillis(Date.now() - 120_000) });
            await manager.call('getCheckout', { checkoutId });
          }
          const res = await sim.api('POST', `/checkout/${gatewayId}/refund?amount=${5 + Math.floor(random() * 10)}.25&currency=AED&note=dashboard&referenceId=dash-${orderId()}`);
          expect(res.status, 'the dashboard refund').to.equal(200);
        }
        const fault = pick(random, REFUND_FAULTS);
        faultsUsed.set(fault, (faultsUsed.get(fault) ?? 0) + 1);
        if (fault !== 'none') await sim.fault(`^POST /checkout/${gatewayId}/refund$`, fault, 1);
        const amount = `${10 + Math.floor(random() * 31)}.00`;
        await manager.call('refundCheckout', { checkoutId, amount, note: `attempt ${attempt}` }).catch(() => undefined);
      }
      if (random() < 0.25) {
        chargebacks += 1;
        await sim.move(gatewayId, 'chargeback');
      }
      return { checkoutId, gatewayId };
    });
    await sim.clearFaults();
    // Everything out of flight for two minutes: one refresh each settles what is still unknown.
    await pool(made, 8, async ({ checkoutId }) => {
      const refunds = await adminDb.collection(`checkouts/${checkoutId}/refunds`).get();
      for (const r of refunds.docs) await r.ref.update({ at: Timestamp.fromMillis(Date.now() - 120_000) });
      await manager.call('getCheckout', { checkoutId });
    });

    let equal = 0;
    let applied = 0;
    const problems: string[] = [];
    for (const { checkoutId, gatewayId } of made) {
      const doc = await checkoutDoc(checkoutId);
      const gateway = await gatewayCheckout(gatewayId);
      const gatewayMinor = Math.round(Number(gateway.totalRefunded ?? 0) * 100);
      const records = (await adminDb.collection(`checkouts/${checkoutId}/refunds`).get()).docs.map((d) => d.data());
      const taken = records.filter((r) => ['REFUNDED', 'PARTIALLY_REFUNDED', 'APPLIED'].includes(String(r.gatewayStatus)));
      const takenMinor = taken.reduce((sum, r) => sum + Math.round(Number(r.amountMinor)), 0);
      applied += taken.length;
      const unsettled = records.filter((r) => ['PENDING', 'UNKNOWN'].includes(String(r.gatewayStatus))).length;
      const ok =
        doc?.totalRefundedMinor === gatewayMinor &&
        takenMinor === gatewayMinor &&
        unsettled === 0 &&
        doc?.refundsPending === 0 &&
        Math.max(Number(doc?.refundReservedMinor), gatewayMinor) === gatewayMinor;
      if (ok) equal += 1;
      else {
        const detail = records.map((r) => `${String(r.gatewayStatus)} ${Number(r.amountMinor)}${r.error ? ` (${String(r.error)})` : ''}`).join(', ');
        problems.push(`${checkoutId}: ours ${doc?.totalRefundedMinor}, records ${takenMinor}, gateway ${gatewayMinor}, unsettled ${unsettled}, reserved ${doc?.refundReservedMinor}; ${detail}`);
      }
    }
    const gatewayApplied = (await sim.stats()).refundsApplied - (before.refundsApplied ?? 0);
    record({
      scenario: 'strict: refunds, lost answers',
      tried: `${made.length * 3} refunds on ${made.length} checkouts, faults ${[...faultsUsed].map(([f, n]) => `${f}×${n}`).join(', ')}; ${outside} dashboard refunds (${settledFirst} after settling ours), ${chargebacks} chargebacks`,
      held: `${equal}/${made.length} equal to the gateway (total, records, nothing pending or reserved); gateway applied ${gatewayApplied} refunds, we hold ${applied}`,
      ok: equal === made.length && gatewayApplied === applied,
    });
    expect(problems).to.deep.equal([]);
    expect(gatewayApplied, 'every refund the gateway applied is exactly one record: ours or an outside one').to.equal(applied);
  });

  it(`creates with lost and refused answers, ${sizes.strictCreateRounds} rounds: one gateway checkout, one true document, a working QR`, async () => {
    const staff = await session('staff');
    let held = 0;
    const problems: string[] = [];
    const used: string[] = [];
    const movedOn: { orderId: string; lostPaid: boolean }[] = [];
    for (let round = 0; round < sizes.strictCreateRounds; round += 1) {
      const mode = pick(random, CREATE_FAULTS);
      const count = 1 + Math.floor(random() * 3);
      used.push(`${mode}×${count}`);
      const input = { orderId: orderId('SM-CR'), amount: '21.00', currency: 'AED', idempotencyKey: `sm-${orderId()}` };
      await sim.fault('^POST /checkout/qr$', mode, count);
      await staff.call('createQrCheckout', input).catch(() => undefined);
      await sim.clearFaults();
      const [lost] = (await sim.search({ orderId: input.orderId })) as unknown as { id: string; requestId: string }[];
      const claim = lost ? await adminDb.doc(`checkoutClaims/${lost.requestId}`).get() : undefined;
      // At least one round of each run takes this path, so the invariant always covers it.
      if (lost && claim?.get('state') === 'retryable' && (movedOn.length === 0 || random() < 0.5)) {
        // Nobody comes back for it: the order moves on to a second checkout, which is paid; the lost one maybe too.
        const lostPaid = movedOn.length === 0 ? true : random() < 0.5;
        used.push(lostPaid ? 'moved on, both paid' : 'moved on');
        if (lostPaid) await sim.move(lost.id, 'pay', { webhook: false });
        const old = Timestamp.fromMillis(Date.now() - 11 * 60_000);
        await claim.ref.update({ updatedAt: old, leaseExpiresAt: old });
        const second = await staff.call<{ checkoutId: string }>('createQrCheckout', { ...input, idempotencyKey: `sm-${orderId()}` });
        await sim.move((await checkoutDoc(second.checkoutId))?.gateway.id as string, 'pay');
        await staff.call('getCheckout', { checkoutId: second.checkoutId });
        movedOn.push({ orderId: input.orderId, lostPaid });
        continue;
      }
      const made = await staff.call<{ checkoutId: string; status: string; qrImage: string; checkoutUrl: string }>('createQrCheckout', input);
      const atGateway = await sim.search({ orderId: input.orderId });
      const png = PNG.sync.read(Buffer.from(made.qrImage, 'base64'));
      const text = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
      const docs = (await adminDb.collection('checkouts').where('orderId', '==', input.orderId).get()).docs;
      const ok =
        atGateway.length === 1 &&
        docs.length === 1 &&
        docs[0]?.get('gateway.id') === atGateway[0]?.id &&
        made.status === atGateway[0]?.status &&
        text === made.checkoutUrl;
      if (ok) held += 1;
      else problems.push(`${mode}×${count}: gateway ${atGateway.length}, documents ${docs.length}, status ${made.status}/${atGateway[0]?.status}, QR ${text === made.checkoutUrl}`);
    }
    // Reconciliation adopts every abandoned create whose order moved on.
    let adoptedOk = 0;
    if (movedOn.length > 0) await manager.call('reconcileNow', {});
    for (const { orderId: order, lostPaid } of movedOn) {
      const atGateway = await sim.search({ orderId: order });
      const docs = (await adminDb.collection('checkouts').where('orderId', '==', order).get()).docs;
      const same = docs.every((d) => atGateway.find((g) => g.id === d.get('gateway.id'))?.status === d.get('status'));
      const adopted = docs.find((d) => d.get('supersededBy') !== undefined);
      const ok =
        atGateway.length === 2 &&
        docs.length === 2 &&
        same &&
        adopted !== undefined &&
        adopted.get('status') === (lostPaid ? 'PAID' : 'CANCELLED') &&
        (adopted.get('duplicatePayment') === true) === lostPaid;
      if (ok) adoptedOk += 1;
      else problems.push(`moved on (${lostPaid ? 'both paid' : 'first open'}): gateway ${atGateway.map((g) => g.status).join('/')}, ours ${docs.map((d) => `${String(d.get('status'))}${d.get('duplicatePayment') ? ' duplicatePayment' : ''}${d.get('supersededBy') ? ' superseded' : ''}`).join('/')}`);
    }
    held += adoptedOk;
    record({
      scenario: 'strict: creates, lost answers',
      tried: `${sizes.strictCreateRounds} creates (${used.join(', ')}), each retried with its key`,
      held: `${held}/${sizes.strictCreateRounds}: one gateway checkout, one document with the gateway's status, a QR that opens its page`,
      ok: held === sizes.strictCreateRounds,
    });
    expect(problems).to.deep.equal([]);
  });
});
