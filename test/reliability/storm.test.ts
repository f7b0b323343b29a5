/**
 * Webhook storm: checkouts driven at the simulator through random legal paths, every webhook delivered 1–3
 * times, shuffled, 16 at a time, while the simulator fails about 10% of Get Checkout calls (500s and
 * timeouts). After redelivering what got 503 and one reconciliation pass, every document must equal the
 * gateway and every history must be clean.
 */
import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { exponentOf, formatMinor, type Currency } from '../../functions/src/domain/money';
import { adminDb, closeSessions, orderId, session, sim, WEBHOOK_HMAC_KEY, WEBHOOK_TOKEN, WEBHOOK_URL, type Session } from '../emulators/harness';
import { record } from './report';
import { SEED, sizes } from './scale';
import { clean, gatewayCheckout, historyOf, pick, pool, rng, setSimulatorWebhook, simStats, sumProblems } from './support';
import { testTimeout } from '../support/wait';

type Step = 'pay' | 'fail' | 'cancel' | 'authorize' | 'expire' | 'refund-part' | 'refund-rest' | 'refund-all';

/** Every legal path the simulator allows from PENDING (the empty one leaves the checkout open). */
const PATHS: Step[][] = [
  [],
  ['pay'],
  ['fail'],
  ['cancel'],
  ['expire'],
  ['authorize'],
  ['authorize', 'pay'],
  ['authorize', 'fail'],
  ['authorize', 'cancel'],
  ['authorize', 'expire'],
  ['pay', 'refund-part'],
  ['pay', 'refund-part', 'refund-rest'],
  ['pay', 'refund-all'],
  ['authorize', 'pay', 'refund-part', 'refund-part'],
];
const CURRENCIES: Currency[] = ['AED', 'USD', 'KWD', 'BHD'];

interface Stormed {
  checkoutId: string;
  gatewayId: string;
  currency: Currency;
  amountMinor: number;
  refundedMinor: number;
  path: Step[];
}

describe(`reliability: webhook storm over ${sizes.stormCheckouts} checkouts`, function () {
  this.timeout(testTimeout(600_000));
  let staff: Session;
  let manager: Session;
  const random = rng(SEED);

  before(async () => {
    staff = await session('staff');
    manager = await session('manager');
    await setSimulatorWebhook(false);
  });
  after(async () => {
    await sim.clearFaults();
    await setSimulatorWebhook(true);
    await closeSessions();
  });

  async function step(c: Stormed, action: Step): Promise<unknown> {
    if (!action.startsWith('refund')) return sim.move(c.gatewayId, action as 'pay', { webhook: false });
    const remaining = c.amountMinor - c.refundedMinor;
    const minor = action === 'refund-part' ? Math.max(1, Math.floor(remaining / 3)) : remaining;
    const amount = formatMinor(minor, c.currency);
    const res = await sim.api('POST', `/checkout/${c.gatewayId}/refund?amount=${amount}&currency=${c.currency}&note=storm&referenceId=storm-${c.checkoutId}-${c.refundedMinor}`);
    expect(res.body.success, JSON.stringify(res.body)).to.equal(true);
    c.refundedMinor += minor;
    return res.body.result;
  }

  async function deliver(body: string): Promise<number> {
    const signature = createHmac('sha256', WEBHOOK_HMAC_KEY).update(body).digest('hex');
    const res = await fetch(`${WEBHOOK_URL}?token=${encodeURIComponent(WEBHOOK_TOKEN)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-PointCheckout-Signature': signature },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  }

  it('every document equals the gateway; version = events; no transition twice or backwards', async () => {
    const started = Date.now();
    const stormed = await pool(Array.from({ length: sizes.stormCheckouts }, (_, i) => i), 8, async (i) => {
      const currency = pick(random, CURRENCIES);
      const amountMinor = 1000 + Math.floor(random() * 99_000);
      const created = await staff.call<{ checkoutId: string }>('createQrCheckout', {
        orderId: orderId(`STORM${i}`),
        amount: formatMinor(amountMinor, currency),
        currency,
        qrSize: 64,
      });
      const gatewayId = (await adminDb.doc(`checkouts/${created.checkoutId}`).get()).get('gateway.id') as string;
      return { checkoutId: created.checkoutId, gatewayId, currency, amountMinor, refundedMinor: 0, path: pick(random, PATHS) } as Stormed;
    });

    // Producer: drives each checkout's path, queueing each step's webhook 1–3 times. Consumers: 16 workers
    // taking a random queued delivery (so duplicates and steps arrive shuffled), with ~10% of Get Checkout
    // calls failing (a fault is armed before about one delivery in ten, alternating 500s and timeouts).
    const before = await simStats();
    const queue: string[] = [];
    const statuses = new Map<number, number>();
    const got503: string[] = [];
    let produced = false;
    let deliveries = 0;
    let steps = 0;
    const faults = { http500: 0, timeout: 0 };
    const producer = (async () => {
      await pool(stormed, 8, async (c) => {
        for (const action of c.path) {
          const snapshot = JSON.stringify(await step(c, action));
          steps += 1;
          const copies = 1 + Math.floor(random() * 3);
          for (let k = 0; k < copies; k += 1) queue.push(snapshot);
        }
      });
      produced = true;
    })();
    const consumer = async () => {
      for (;;) {
        if (queue.length === 0) {
          if (produced) return;
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        const index = Math.floor(random() * queue.length);
        const body = queue.splice(index, 1)[0] as string;
        // Each failed Get costs one more (the client's retry), so keeping the failed ones at a tenth of
        // (deliveries + failed) keeps them near 10% of all Get calls. One arming in four is a burst of three,
        // enough to exhaust the client's retries now and then so that some deliveries get a 503.
        const failed = faults.http500 + faults.timeout;
        if (random() < 0.25 && failed < 0.1 * (deliveries + failed)) {
          const mode = failed % 2 === 0 ? 'http500' : 'timeout';
          const count = random() < 0.25 ? 3 : 1;
          faults[mode] += count;
          await sim.fault('^GET /checkout/\\d+$', mode, count);
        }
        deliveries += 1;
        const status = await deliver(body);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 503) got503.push(body);
      }
    };
    await Promise.all([producer, ...Array.from({ length: 16 }, consumer)]);
    await sim.clearFaults();
    const during = await simStats();

    // PointCheckout retries what got 503: redeliver until acknowledged (bounded).
    let redelivered = 0;
    let pending = got503.splice(0);
    for (let round = 0; round < 10 && pending.length > 0; round += 1) {
      const results = await pool(pending, 16, async (body) => ({ body, status: await deliver(body) }));
      redelivered += pending.length;
      pending = results.filter((r) => r.status !== 200).map((r) => r.body);
    }

    // One reconciliation pass. It only looks at checkouts that are due (nextCheckAt), so the storm's open
    // checkouts are made due (their next check moved back an hour) instead of waiting ten minutes.
    const open = await pool(stormed, 16, async (c) => {
      const ref = adminDb.doc(`checkouts/${c.checkoutId}`);
      const status = (await ref.get()).get('status') as string;
      if (status !== 'PENDING' && status !== 'AUTHORIZED') return false;
      const hourAgo = new Date(Date.now() - 3_600_000);
      await ref.update({ updatedAt: hourAgo, nextCheckAt: hourAgo });
      return true;
    });
    const reconcile = await manager.call<{ scanned: number; changed: number; failed: number }>('reconcileNow', {});

    const checked = await pool(stormed, 16, async (c) => {
      const [ours, theirs] = await Promise.all([historyOf(c.checkoutId), gatewayCheckout(c.gatewayId)]);
      const refunded = formatMinor(Math.round(Number(theirs.totalRefunded ?? 0) * 10 ** exponentOf(c.currency)), c.currency);
      return { c, ours, theirs, equal: ours.status === theirs.status && ours.totalRefunded === refunded };
    });
    const unequal = checked.filter((r) => !r.equal);
    const problems = sumProblems(checked.map((r) => r.ours.problems));
    const gets = during.gets - before.gets;
    const unexpected = [...statuses.entries()].filter(([s]) => s !== 200 && s !== 503).reduce((n, [, k]) => n + k, 0);
    const ok = unequal.length === 0 && pending.length === 0 && unexpected === 0 && checked.every((r) => clean(r.ours.problems));
    record({
      scenario: 'webhook storm',
      tried:
        `${stormed.length} checkouts, ${steps} gateway steps, ${deliveries} deliveries (1–3 per webhook, shuffled, 16 at a time); ` +
        `${faults.http500 + faults.timeout} Get faults (${faults.http500} × 500, ${faults.timeout} timeouts) of ${gets} Get calls ` +
        `(${((100 * (faults.http500 + faults.timeout)) / Math.max(1, gets)).toFixed(1)}%); ${redelivered} redelivered after 503; ` +
        `reconcile over ${open.filter(Boolean).length} open: ${JSON.stringify(reconcile)}; ${((Date.now() - started) / 1000).toFixed(0)} s`,
      held:
        `${checked.length - unequal.length}/${checked.length} status+refunded = gateway; answers ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `version≠events ${checked.filter((r) => r.ours.problems.versionMismatch).length}, duplicates ${problems.duplicates}, backwards ${problems.backwards}, broken ${problems.broken}`,
      ok,
    });
    expect(unexpected, `answers other than 200/503: ${JSON.stringify(Object.fromEntries(statuses))}`).to.equal(0);
    expect(pending, 'deliveries still refused after 10 redelivery rounds').to.have.length(0);
    expect(
      unequal.map((r) => `${r.c.checkoutId} [${r.c.path.join(',')}] ours ${r.ours.status}/${r.ours.totalRefunded} (${r.ours.path.join('→')}) gateway ${r.theirs.status}/${r.theirs.totalRefunded}`),
    ).to.deep.equal([]);
    expect(checked.filter((r) => !clean(r.ours.problems)).map((r) => `${r.c.checkoutId}: ${JSON.stringify(r.ours.problems)} ${r.ours.path.join('→')}`)).to.deep.equal([]);
    expect(faults.http500 + faults.timeout).to.be.greaterThan(0);
  });
});
