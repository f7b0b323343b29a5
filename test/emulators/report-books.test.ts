/**
 * The end of day's books (issues 16, 17, 21): a seeded day of sales, a chargeback, a refund made outside this
 * system, a partial refund made the next day, and a live sale beside the test ones. The report and the CSVs
 * must equal the hand-computed figures and PointCheckout's own search; live and test never add up; a negative
 * cell is reported with a warning, and `npm run report:rebuild` rebuilds a day from the checkouts.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { getAuth } from 'firebase/auth';
import { Timestamp } from 'firebase-admin/firestore';
import {
  adminAuth, adminDb, checkoutDoc, clearOfMidnight, closeSessions, eventually, FUNCTIONS_URL, LIVE_SIMULATOR_URL, orderId,
  REPORT_ZONE, session, sim, watchUntil, type Session,
} from './harness';
import { testTimeout } from '../support/wait';

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: REPORT_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));

/** Splits RFC 4180 text (quoted cells included) into rows keyed by the header. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') [cell, i] = [cell + '"', i + 1];
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') [row, cell] = [[...row, cell], ''];
    else if (ch === '\n') [rows[rows.length], row, cell] = [[...row, cell.replace(/\r$/, '')], [], ''];
    else cell += ch;
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries((header ?? []).map((name, i) => [name, r[i] ?? ''])));
}

async function csv(who: Session, query: Record<string, string>): Promise<Record<string, string>[]> {
  const token = await getAuth(who.app).currentUser?.getIdToken();
  const res = await fetch(`${FUNCTIONS_URL}/exportCheckouts?${new URLSearchParams(query).toString()}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status, await res.clone().text()).to.equal(200);
  return parseCsv(await res.text());
}

describe('end of day books: chargebacks, refunds on their own day, outside refunds, test apart from live', function () {
  this.timeout(testTimeout(300_000));
  const TEST_BRANCH = `books-${process.pid}`;
  const LIVE_BRANCH = `books-live-${process.pid}`;
  let owner: Session;
  let cashier: Session;
  let liveCashier: Session;
  let manager: Session;
  const today = () => dayOf(Date.now());
  const ids: Record<string, { checkoutId: string; gatewayId: string }> = {};

  async function sale(who: Session, amount: string) {
    const { checkoutId } = await who.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('BOOKS'), amount, currency: 'AED' });
    return { checkoutId, gatewayId: (await checkoutDoc(checkoutId))?.gateway.id as string };
  }
  async function paid(who: Session, amount: string) {
    const made = await sale(who, amount);
    const done = watchUntil(owner.db, made.checkoutId, (d) => d.status === 'PAID');
    await sim.move(made.gatewayId, 'pay');
    await done;
    return made;
  }
  const report = (input: Record<string, unknown>) => manager.call<any>('dailyReport', { date: today(), ...input });

  before(async () => {
    await clearOfMidnight(180_000);
    owner = await session('owner');
    await owner.call('upsertBranch', { branchId: TEST_BRANCH, name: 'Books test' });
    await owner.call('upsertBranch', { branchId: LIVE_BRANCH, name: 'Books live', account: 'live' });
    cashier = await session('staff', { branches: [TEST_BRANCH] });
    liveCashier = await session('staff', { branches: [LIVE_BRANCH] });
    await adminAuth.updateUser(cashier.uid ?? '', { displayName: 'Huda (till 2)' });
    manager = await session('manager', { branches: [TEST_BRANCH, LIVE_BRANCH] });
    ids.a = await paid(cashier, '100.00');
    ids.b = await paid(cashier, '50.00');
    ids.c = await paid(cashier, '20.00');
    // C is charged back: PointCheckout says CHARGEBACK; our status stays PAID, the chargeback is counted once.
    await sim.move(ids.c.gatewayId, 'chargeback');
    await eventually(async () => (await checkoutDoc(ids.c!.checkoutId))?.gatewayStatus === 'CHARGEBACK', 'the chargeback noted');
    await manager.call('getCheckout', { checkoutId: ids.c.checkoutId }); // observed again: not counted twice
    // B: 10.00 refunded in PointCheckout's dashboard (outside this system). The webhook's refresh records it itself,
    // once, as an applied refund with `source: "gateway"`, keyed by the gateway total it was seen at.
    const outside = await sim.api('POST', `/checkout/${ids.b.gatewayId}/refund?amount=10.00&currency=AED&note=dashboard`);
    expect(outside.status, JSON.stringify(outside.body)).to.equal(200);
    const recorded = await eventually(async () => {
      const snap = await adminDb.doc(`checkouts/${ids.b!.checkoutId}/refunds/gateway-1000`).get();
      return snap.exists ? snap.data() : undefined;
    }, 'the outside refund recorded');
    expect(recorded).to.include({ amount: '10.00', amountMinor: 1000, source: 'gateway', gatewayStatus: 'APPLIED', by: null, branchId: TEST_BRANCH, mode: 'test', account: 'default' });
    expect((await adminDb.collection(`checkouts/${ids.b.checkoutId}/refunds`).get()).size).to.equal(1);
    await eventually(async () => (await checkoutDoc(ids.b!.checkoutId))?.totalRefunded === '10.00', 'the outside refund observed');
    await manager.call('getCheckout', { checkoutId: ids.b.checkoutId }); // observed again: still one record
    expect((await adminDb.collection(`checkouts/${ids.b.checkoutId}/refunds`).get()).size).to.equal(1);
    // A: 30.00 refunded by the manager "tomorrow": the refund's own time is moved a day on.
    await manager.call('refundCheckout', { checkoutId: ids.a.checkoutId, amount: '30.00', note: 'next day' });
    const [record] = (await adminDb.collection(`checkouts/${ids.a.checkoutId}/refunds`).get()).docs;
    await record?.ref.update({ at: Timestamp.fromMillis(Date.now() + DAY_MS) });
    // A live sale in another branch, paid at the live gateway.
    const live = await sale(liveCashier, '45.00');
    ids.live = live;
    const done = watchUntil(owner.db, live.checkoutId, (d) => d.status === 'PAID');
    const res = await fetch(`${LIVE_SIMULATOR_URL}/_sim/checkouts/${live.gatewayId}/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).to.equal(200);
    await done;
  });
  after(closeSessions);

  it('counts the day as the books do: paid on the sale day, refunds on theirs, the chargeback deducted once', async () => {
    const day = await report({ branchId: TEST_BRANCH, mode: 'test' });
    expect(day).to.include({ mode: 'test', checkouts: 3, open: 0 });
    // 170.00 paid; 10.00 refunded today (outside); 20.00 charged back; A's 30.00 is tomorrow's.
    expect(day.byCurrency.AED).to.deep.equal({ checkouts: 3, created: '170.00', paid: '170.00', refunded: '10.00', chargebacks: '20.00', net: '140.00' });
    expect(day.refunds).to.deep.equal({ AED: { count: 1, amount: '10.00' } });
    expect(day.refundsBySource).to.deep.equal({ gateway: { AED: { count: 1, amount: '10.00' } } });
    expect(day.chargebacks).to.deep.equal({ AED: { count: 1, amount: '20.00' } });
    expect(await checkoutDoc(ids.c?.checkoutId ?? '')).to.include({ status: 'PAID', gatewayStatus: 'CHARGEBACK', chargebackMinor: 2000 });
    expect(day.warnings).to.deep.equal([]);
    const tomorrow = await manager.call<any>('dailyReport', { date: dayOf(Date.now() + DAY_MS), branchId: TEST_BRANCH, mode: 'test' });
    expect(tomorrow.byCurrency.AED).to.deep.equal({ checkouts: 0, created: '0.00', paid: '0.00', refunded: '30.00', chargebacks: '0.00', net: '-30.00' });
    expect(tomorrow.refundsBySource).to.deep.equal({ ours: { AED: { count: 1, amount: '30.00' } } });
  });

  it('shows live by default and test apart: neither adds into the other', async () => {
    const live = await report({});
    expect(live).to.include({ mode: 'live', checkouts: 1 });
    expect(live.byCurrency.AED).to.include({ paid: '45.00', net: '45.00' });
    const test = await report({ mode: 'test' });
    expect(test).to.include({ mode: 'test', checkouts: 3 });
    expect(test.byCurrency.AED.paid).to.equal('170.00');
  });

  it('the CSVs say the same as the report and as PointCheckout: chargeback, source, mode, names, local time', async () => {
    const rows = await csv(manager, { from: today(), branchId: TEST_BRANCH, mode: 'test' });
    expect(rows).to.have.length(3);
    const search = await sim.api('GET', `/checkout?afterTimestamp=${encodeURIComponent(new Date(Date.now() - DAY_MS).toISOString().slice(0, 19).replace('T', ' '))}&size=500`);
    const gateway = new Map((search.body.result.content as { id: string; status: string; totalRefunded?: number }[]).map((c) => [c.id, c]));
    for (const row of rows) {
      const theirs = gateway.get(row.gatewayId ?? '');
      expect(row.gatewayStatus || row.status, `${row.checkoutId} as the gateway says`).to.equal(theirs?.status);
      expect(Number(row.totalRefunded)).to.equal(Number(theirs?.totalRefunded ?? 0));
      expect(row).to.include({ mode: 'test', account: 'default', createdByName: 'Huda (till 2)', timeZone: REPORT_ZONE });
      expect(Date.parse(`${row.createdAtLocal?.replace(' ', 'T')}+04:00`)).to.equal(Math.floor(Date.parse(row.createdAt ?? '') / 1000) * 1000);
    }
    const c = rows.find((r) => r.checkoutId === ids.c?.checkoutId);
    expect(c).to.include({ status: 'PAID', gatewayStatus: 'CHARGEBACK', chargeback: '20.00' });
    const chargedBack = rows.reduce((sum, r) => sum + Number(r.chargeback || 0), 0);
    expect(chargedBack.toFixed(2)).to.equal('20.00');
    const refunds = await csv(manager, { from: today(), branchId: TEST_BRANCH, kind: 'refunds', mode: 'test' });
    expect(refunds.map((r) => [r.amount, r.source, r.applied, r.mode])).to.deep.equal([['10.00', 'gateway', 'true', 'test']]);
    const next = await csv(manager, { from: dayOf(Date.now() + DAY_MS), branchId: TEST_BRANCH, kind: 'refunds', mode: 'test' });
    expect(next.map((r) => [r.amount, r.source, r.orderId !== '', r.by === manager.uid])).to.deep.equal([['30.00', 'ours', true, true]]);
    expect(await csv(manager, { from: today(), branchId: TEST_BRANCH })).to.have.length(0); // live by default
    const live = await csv(manager, { from: today(), branchId: LIVE_BRANCH });
    expect(live.map((r) => [r.mode, r.account, r.amount])).to.deep.equal([['live', 'live', '45.00']]);
  });

  it('a negative cell is reported with a reason, not a failure; report:rebuild rebuilds the day from the checkouts', async () => {
    const date = '2020-02-02';
    await adminDb.doc(`dailyReports/${date}/shards/test.${TEST_BRANCH}.0`).set({
      day: date, branchId: TEST_BRANCH, mode: 'test', byStatus: { PAID: { AED: { count: -1, amountMinor: -2500 } } },
    });
    const odd = await manager.call<any>('dailyReport', { date, branchId: TEST_BRANCH, mode: 'test' });
    expect(odd.byStatus.PAID).to.deep.equal({ AED: { count: -1, amount: '-25.00' } });
    expect(odd.warnings.map((w: { cell: string }) => w.cell)).to.include('byStatus.PAID.AED');
    expect(odd.warnings[0].reason).to.match(/REPORT_TIME_ZONE|rebuild/);
    const env = { ...process.env, REPORT_TIME_ZONE: REPORT_ZONE };
    await promisify(execFile)('npm', ['run', '--silent', 'report:rebuild', '--', '--from', date], { env });
    const rebuilt = await manager.call<any>('dailyReport', { date, branchId: TEST_BRANCH, mode: 'test' });
    expect(rebuilt).to.include({ checkouts: 0 });
    expect(rebuilt.warnings).to.deep.equal([]);
    // Today rebuilt from its checkouts gives the same figures, the chargeback once.
    const before = await report({ branchId: TEST_BRANCH, mode: 'test' });
    await promisify(execFile)('npm', ['run', '--silent', 'report:rebuild', '--', '--from', today()], { env });
    const after = await report({ branchId: TEST_BRANCH, mode: 'test' });
    expect(after.byCurrency).to.deep.equal(before.byCurrency);
    expect(after.byStatus).to.deep.equal(before.byStatus);
  });
});
