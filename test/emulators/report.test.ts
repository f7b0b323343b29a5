/**
 * The manager's end of day: `dailyReport` from the aggregates kept on every transition, its reconciliation line
 * against PointCheckout's own search, and the CSV export (`exportCheckouts`) of the same day, which must say
 * what the gateway says.
 */
import { expect } from 'chai';
import { getAuth } from 'firebase/auth';
import { adminAuth, checkoutDoc, clearOfMidnight, closeSessions, FUNCTIONS_URL, orderId, rejectsWith, REPORT_ZONE, session, sim, watchUntil, type Session } from './harness';
import { testTimeout } from '../support/wait';

const ZONE = REPORT_ZONE;
// The stack's default account is PointCheckout's test environment: these checkouts are test money.

function todayAndHour(): { date: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date());
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}

async function csv(who: Session, query: Record<string, string>): Promise<{ status: number; rows: Record<string, string>[]; text: string }> {
  const token = await getAuth(who.app).currentUser?.getIdToken();
  const res = await fetch(`${FUNCTIONS_URL}/exportCheckouts?${new URLSearchParams(query).toString()}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  if (res.status !== 200) return { status: res.status, rows: [], text };
  const [header, ...lines] = text.trim().split('\r\n');
  const names = (header ?? '').split(',');
  return { status: 200, text, rows: lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i] ?? '', v]))) };
}

describe('end of day: dailyReport and exportCheckouts', function () {
  this.timeout(testTimeout(240_000));
  const BRANCH = `report-${process.pid}`;
  const OTHER = `report-other-${process.pid}`;
  let owner: Session;
  let cashier1: Session;
  let cashier2: Session;
  let manager: Session;
  let otherManager: Session;
  const made: { checkoutId: string; gatewayId: string }[] = [];

  async function sale(who: Session, amount: string, then?: 'pay' | 'fail' | 'expire') {
    const { checkoutId } = await who.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('EOD'), amount, currency: 'AED' });
    const gatewayId = (await checkoutDoc(checkoutId))?.gateway.id as string;
    made.push({ checkoutId, gatewayId });
    if (then) {
      const target = { pay: 'PAID', fail: 'FAILED', expire: 'EXPIRED' }[then];
      const done = watchUntil(owner.db, checkoutId, (d) => d.status === target);
      await sim.move(gatewayId, then);
      await done;
    }
    return { checkoutId, gatewayId };
  }

  before(async () => {
    await clearOfMidnight();
    owner = await session('owner');
    await owner.call('upsertBranch', { branchId: BRANCH, name: 'Report branch' });
    await owner.call('upsertBranch', { branchId: OTHER, name: 'Other branch' });
    cashier1 = await session('staff', { branches: [BRANCH] });
    cashier2 = await session('staff', { branches: [BRANCH] });
    await adminAuth.updateUser(cashier1.uid ?? '', { displayName: 'Sara (till 1)' });
    manager = await session('manager', { branches: [BRANCH] });
    otherManager = await session('manager', { branches: [OTHER] });
    const paidA = await sale(cashier1, '100.00', 'pay');
    await sale(cashier1, '50.00', 'pay');
    const paidC = await sale(cashier2, '20.00', 'pay');
    await sale(cashier2, '7.50', 'fail');
    await sale(cashier2, '3.00', 'expire');
    await sale(cashier1, '12.00');
    await manager.call('refundCheckout', { checkoutId: paidA.checkoutId, amount: '30.00', note: 'part' });
    await manager.call('refundCheckout', { checkoutId: paidC.checkoutId, note: 'all' });
  });
  after(closeSessions);

  it('totals by status, currency, cashier and hour, with refunds, open and expired counts', async () => {
    const { date, hour } = todayAndHour();
    const report = await manager.call<any>('dailyReport', { date, mode: 'test', branchId: BRANCH });
    expect(report).to.include({ date, timeZone: ZONE, checkouts: 6, open: 1, expired: 1 });
    expect(report.byStatus.PAID).to.deep.equal({ AED: { count: 1, amount: '50.00' } });
    expect(report.byStatus.PARTIALLY_REFUNDED).to.deep.equal({ AED: { count: 1, amount: '100.00' } });
    expect(report.byStatus.REFUNDED).to.deep.equal({ AED: { count: 1, amount: '20.00' } });
    expect(report.byStatus.FAILED).to.deep.equal({ AED: { count: 1, amount: '7.50' } });
    expect(report.byStatus.PENDING).to.deep.equal({ AED: { count: 1, amount: '12.00' } });
    expect(report.byCurrency.AED).to.deep.equal({ checkouts: 6, created: '192.50', paid: '170.00', refunded: '50.00', chargebacks: '0.00', net: '120.00' });
    expect(report.refunds).to.deep.equal({ AED: { count: 2, amount: '50.00' } });
    // Names come from Firebase Auth at report time: the display name, else the email.
    expect(report.byCashier[cashier1.uid ?? '']).to.deep.equal({ checkouts: 3, paid: { AED: { count: 2, amount: '150.00' } }, name: 'Sara (till 1)' });
    const cashier2Email = (await adminAuth.getUser(cashier2.uid ?? '')).email;
    expect(cashier2Email).to.match(/@test\.example\.com$/);
    expect(report.byCashier[cashier2.uid ?? '']).to.deep.equal({ checkouts: 3, paid: { AED: { count: 1, amount: '20.00' } }, name: cashier2Email });
    expect(report.paidByHour[hour].paid.AED.count).to.be.at.least(3);
  });

  it('the reconciliation line matches the gateway, then names the checkout that differs', async () => {
    const { date } = todayAndHour();
    const clean = await manager.call<any>('dailyReport', { date, mode: 'test', branchId: BRANCH, compareWithGateway: true });
    expect(clean.reconciliation).to.include({ compared: 6, matching: 6 });
    expect(clean.reconciliation.differences).to.deep.equal([]);
    // Paid at the gateway, the webhook lost: the report's line says which checkout and how.
    const pending = made[made.length - 1] as { checkoutId: string; gatewayId: string };
    await sim.move(pending.gatewayId, 'pay', { webhook: false });
    const drift = await manager.call<any>('dailyReport', { date, mode: 'test', branchId: BRANCH, compareWithGateway: true });
    expect(drift.reconciliation.differences).to.deep.equal([
      { checkoutId: pending.checkoutId, gatewayId: pending.gatewayId, field: 'status', ours: 'PENDING', gateway: 'PAID' },
    ]);
    await manager.call('getCheckout', { checkoutId: pending.checkoutId });
    const again = await manager.call<any>('dailyReport', { date, mode: 'test', branchId: BRANCH, compareWithGateway: true });
    expect(again.reconciliation.differences).to.deep.equal([]);
    expect(again).to.include({ open: 0 });
  });

  it('the CSV of the day equals the gateway’s search for the same checkouts; refunds too', async () => {
    const { date } = todayAndHour();
    const { status, rows } = await csv(manager, { from: date, branchId: BRANCH, mode: 'test' });
    expect(status).to.equal(200);
    expect(rows).to.have.length(6);
    const atGateway = await sim.api('GET', `/checkout?afterTimestamp=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString().slice(0, 19).replace('T', ' '))}&size=500`);
    const gateway = new Map((atGateway.body.result.content as { id: string; status: string; amount: number; totalRefunded?: number }[]).map((c) => [c.id, c]));
    for (const row of rows) {
      const theirs = gateway.get(row.gatewayId ?? '');
      expect(theirs, `gateway has ${row.gatewayId}`).to.not.equal(undefined);
      expect(row.status).to.equal(theirs?.status);
      expect(Number(row.amount)).to.equal(Number(theirs?.amount));
      expect(Number(row.totalRefunded)).to.equal(Number(theirs?.totalRefunded ?? 0));
      expect(row.branchId).to.equal(BRANCH);
    }
    const refunds = await csv(manager, { from: date, branchId: BRANCH, kind: 'refunds', mode: 'test' });
    expect(refunds.rows.map((r) => r.amount).sort()).to.deep.equal(['20.00', '30.00']);
  });

  it('keeps each manager to their branches, and refuses staff and bad input', async () => {
    const { date } = todayAndHour();
    await rejectsWith(otherManager.call('dailyReport', { date, mode: 'test', branchId: BRANCH }), 'permission-denied', /branch/);
    const theirs = await otherManager.call<any>('dailyReport', { date, mode: 'test' });
    expect(theirs.checkouts).to.equal(0);
    await rejectsWith(cashier1.call('dailyReport', { date }), 'permission-denied');
    await rejectsWith(manager.call('dailyReport', { date: '2026-02-30' }), 'invalid-argument', /date/);
    expect((await csv(cashier1, { from: date })).status).to.equal(403);
    expect((await csv(otherManager, { from: date, branchId: BRANCH })).status).to.equal(403);
    expect((await csv(manager, { from: 'yesterday' })).status).to.equal(400);
    const anonymous = await fetch(`${FUNCTIONS_URL}/exportCheckouts?from=${date}`);
    expect(anonymous.status).to.equal(401);
    const owners = await owner.call<any>('dailyReport', { date, mode: 'test', branchId: BRANCH });
    expect(owners.checkouts).to.equal(6);
  });
});
