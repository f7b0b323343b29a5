/**
 * Races: 20 concurrent creates with one key, 10 concurrent refunds, and a webhook, getCheckout,
 * cancelCheckout and a reconciliation all racing on the same checkouts. Every time: one consistent history.
 */
import { expect } from 'chai';
import { adminDb, checkoutDoc, closeSessions, eventually, orderId, postWebhook, session, sim, type Session } from '../emulators/harness';
import { record } from './report';
import { SEED, sizes } from './scale';
import { clean, gatewayCheckout, historyOf, pick, pool, rng } from './support';
import { testTimeout } from '../support/wait';

type Outcome = string;

async function settle(promise: Promise<unknown>): Promise<Outcome> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return String((error as { code?: string }).code ?? (error as Error).message).replace('functions/', '');
  }
}

function tally(outcomes: Outcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts.entries()].map(([k, v]) => `${k} ${v}`).join(', ');
}

describe('reliability: races', function () {
  this.timeout(testTimeout(300_000));
  let staff: Session;
  let manager: Session;
  const random = rng(SEED + 1);

  before(async () => {
    staff = await session('staff');
    manager = await session('manager');
  });
  after(closeSessions);

  async function paidCheckout(amount: string): Promise<{ checkoutId: string; gatewayId: string }> {
    const { checkoutId } = await staff.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('RACE'), amount, currency: 'AED', qrSize: 64 });
    const gatewayId = (await checkoutDoc(checkoutId))?.gateway.id as string;
    await sim.move(gatewayId, 'pay', { webhook: false });
    await manager.call('getCheckout', { checkoutId });
    return { checkoutId, gatewayId };
  }

  it(`${sizes.concurrentCreates} concurrent createQrCheckout with one key: one checkout, one document, one event`, async () => {
    const input = { orderId: orderId('RACE-CREATE'), amount: '12.34', currency: 'SAR', idempotencyKey: `race-${orderId()}`, qrSize: 64 };
    const results = await Promise.all(Array.from({ length: sizes.concurrentCreates }, () => staff.call<{ checkoutId: string }>('createQrCheckout', input)));
    const ids = new Set(results.map((r) => r.checkoutId));
    const atGateway = await sim.search({ orderId: input.orderId });
    const docs = await adminDb.collection('checkouts').where('orderId', '==', input.orderId).get();
    const history = await historyOf([...ids][0] as string);
    const ok = ids.size === 1 && atGateway.length === 1 && docs.size === 1 && clean(history.problems) && history.path.length === 1;
    record({
      scenario: 'race: concurrent creates, one key',
      tried: `${sizes.concurrentCreates} concurrent createQrCheckout with one idempotency key`,
      held: `${ids.size} checkout id, ${atGateway.length} gateway checkout, ${docs.size} document, ${history.path.length} event`,
      ok,
    });
    expect(ok).to.equal(true);
  });

  it(`${sizes.concurrentRefunds} concurrent refunds never add up to more than was paid`, async () => {
    const rows: string[] = [];
    let ok = true;
    // Round 1: explicit amounts whose sum exceeds the payment; round 2: every call asks for all that remains.
    for (const round of ['amounts', 'all-remaining'] as const) {
      const { checkoutId, gatewayId } = await paidCheckout('100.00');
      const asked = Array.from({ length: sizes.concurrentRefunds }, () => (5 + Math.floor(random() * 2000) / 100).toFixed(2));
      const outcomes = await Promise.all(
        asked.map(async (amount) => {
          const input = round === 'amounts' ? { checkoutId, amount, note: 'race' } : { checkoutId, note: 'race' };
          try {
            const res = await manager.call<{ refund: { amount: string } }>('refundCheckout', input);
            return { ok: true, amount: Math.round(Number(res.refund.amount) * 100), code: 'ok' };
          } catch (error) {
            const code = String((error as { code?: string }).code).replace('functions/', '');
            return { ok: false, amount: 0, code };
          }
        }),
      );
      const refundedMinor = outcomes.reduce((sum, o) => sum + o.amount, 0);
      const gateway = await gatewayCheckout(gatewayId);
      // Settled records and the document follow at once; the webhooks of the refunds may still be landing.
      await eventually(async () => (await checkoutDoc(checkoutId))?.totalRefundedMinor === Math.round(Number(gateway.totalRefunded) * 100), 'the document to reach the gateway total').catch(() => undefined);
      const refunds = await adminDb.collection(`checkouts/${checkoutId}/refunds`).get();
      const settled = refunds.docs.filter((d) => d.get('gatewayStatus') !== 'FAILED').reduce((sum, d) => sum + (d.get('amountMinor') as number), 0);
      const history = await historyOf(checkoutId);
      const doc = await checkoutDoc(checkoutId);
      const expectedStatus = refundedMinor === 10_000 ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
      const roundOk =
        refundedMinor <= 10_000 &&
        Math.round(Number(gateway.totalRefunded) * 100) === refundedMinor &&
        doc?.totalRefundedMinor === refundedMinor &&
        settled === refundedMinor &&
        doc?.refundReservedMinor === refundedMinor &&
        history.status === expectedStatus &&
        gateway.status === expectedStatus &&
        clean(history.problems) &&
        outcomes.every((o) => ['ok', 'invalid-argument', 'failed-precondition'].includes(o.code));
      ok &&= roundOk;
      rows.push(`${round}: ${tally(outcomes.map((o) => o.code))}; refunded ${(refundedMinor / 100).toFixed(2)} of 100.00, gateway ${gateway.totalRefunded}, ${history.path.join('→')}`);
      expect(roundOk, `${rows[rows.length - 1]}; doc ${doc?.totalRefundedMinor}/${doc?.refundReservedMinor} ${doc?.status}, records ${settled} (${tally(refunds.docs.map((d) => String(d.get('gatewayStatus'))))}), gateway ${gateway.status}, ${JSON.stringify(history.problems)}`).to.equal(true);
    }
    record({
      scenario: 'race: concurrent refunds',
      tried: `2 rounds × ${sizes.concurrentRefunds} concurrent refundCheckout of one 100.00 AED payment (random amounts; then "all that remains")`,
      held: rows.join('; '),
      ok,
    });
  });

  it(`webhook + getCheckout + cancelCheckout + reconcileNow racing on ${sizes.racedCheckouts} checkouts`, async () => {
    // What happened at the gateway before the race (webhook lost), and whether our copy is past its expiry.
    const setups = ['none', 'pay', 'authorize', 'cancel', 'fail', 'expired', 'authorize-expired'] as const;
    const raced = await pool(Array.from({ length: sizes.racedCheckouts }, (_, i) => i), 4, async (i) => {
      const setup = i < setups.length ? setups[i] : pick(random, setups);
      const { checkoutId } = await staff.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('RACE-ALL'), amount: '30.00', currency: 'USD', qrSize: 64 });
      const gatewayId = (await checkoutDoc(checkoutId))?.gateway.id as string;
      if (setup === 'pay' || setup === 'authorize' || setup === 'cancel' || setup === 'fail') {
        await sim.move(gatewayId, setup, { webhook: false });
      }
      if (setup === 'authorize-expired') await sim.move(gatewayId, 'authorize', { webhook: false });
      // Idle long enough for reconciliation to take it; for the expired ones, past their expiry on our side too.
      const past = new Date(Date.now() - 3_600_000);
      await adminDb.doc(`checkouts/${checkoutId}`).update(setup.includes('expired') ? { updatedAt: past, nextCheckAt: past, expiresAt: past } : { updatedAt: past, nextCheckAt: past });
      return { checkoutId, gatewayId, setup };
    });

    const calls: Promise<Outcome>[] = [settle(manager.call('reconcileNow', {}))];
    for (const { checkoutId, gatewayId } of raced) {
      calls.push(
        settle(postWebhook({ id: gatewayId }).then((r) => { if (r.status !== 200 && r.status !== 503) throw new Error(`webhook ${r.status}`); })),
        settle(manager.call('getCheckout', { checkoutId })),
        settle(manager.call('cancelCheckout', { checkoutId })),
      );
    }
    const outcomes = await Promise.all(calls);

    const checked = await pool(raced, 8, async (c) => {
      const [ours, theirs] = await Promise.all([historyOf(c.checkoutId), gatewayCheckout(c.gatewayId)]);
      // Reconciliation marks an expired checkout EXPIRED while the gateway records its cancel as CANCELLED.
      const equal = ours.status === theirs.status || (ours.status === 'EXPIRED' && theirs.status === 'CANCELLED');
      return { c, ours, theirs, equal };
    });
    const bad = checked.filter((r) => !r.equal || !clean(r.ours.problems));
    const allowed = outcomes.every((o) => ['ok', 'failed-precondition', 'unavailable'].includes(o));
    record({
      scenario: 'race: webhook/get/cancel/reconcile',
      tried: `${raced.length} checkouts (${[...new Set(raced.map((r) => r.setup))].join(', ')}), each hit at once by a webhook, getCheckout and cancelCheckout, with one reconcileNow over all`,
      held: `${raced.length - bad.length}/${raced.length} one clean history equal to the gateway; calls: ${tally(outcomes)}; end states: ${tally(checked.map((r) => `${r.c.setup}→${r.ours.status}`))}`,
      ok: bad.length === 0 && allowed,
    });
    expect(bad.map((r) => `${r.c.setup}: ours ${r.ours.path.join('→')} gateway ${r.theirs.status} ${JSON.stringify(r.ours.problems)}`)).to.deep.equal([]);
    expect(outcomes.filter((o) => !['ok', 'failed-precondition', 'unavailable'].includes(o))).to.deep.equal([]);
  });
});
