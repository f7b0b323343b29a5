/**
 * The manager's end of day: the day's aggregates summed over their shards (a few reads, whatever the day's
 * volume), in the caller's branches. Optionally compared with PointCheckout's own search (compare.ts).
 */
import { getFirestore } from 'firebase-admin/firestore';
import { formatMinor, type Currency } from '../checkouts/money';
import { CHARGED_STATUSES, CHECKOUT_STATUSES, OPEN_STATUSES, type CheckoutStatus } from '../checkouts/status';
import { DAILY_REPORTS, NO_BRANCH, SHARD_COUNT, SHARDS } from './aggregates';

interface Cell {
  count: number;
  amountMinor: number;
}
type ByCurrency = Record<string, Cell>;
type ByStatus = Partial<Record<CheckoutStatus, ByCurrency>>;

export interface Totals {
  byStatus: ByStatus;
  byCashier: Record<string, ByStatus>;
  byHour: Record<string, ByStatus>;
  refunds: ByCurrency;
}

function addCell(target: ByCurrency, currency: string, cell: Partial<Cell>): void {
  const into = (target[currency] ??= { count: 0, amountMinor: 0 });
  into.count += cell.count ?? 0;
  into.amountMinor += cell.amountMinor ?? 0;
}

function addByStatus(target: ByStatus, source: unknown): void {
  for (const [status, currencies] of Object.entries((source ?? {}) as Record<string, Record<string, Partial<Cell>>>)) {
    const into = (target[status as CheckoutStatus] ??= {});
    for (const [currency, cell] of Object.entries(currencies)) addCell(into, currency, cell);
  }
}

/** Sums shard documents. Pure. */
export function sumShards(shards: Record<string, unknown>[]): Totals {
  const totals: Totals = { byStatus: {}, byCashier: {}, byHour: {}, refunds: {} };
  for (const shard of shards) {
    addByStatus(totals.byStatus, shard.byStatus);
    for (const [uid, byStatus] of Object.entries((shard.byCashier ?? {}) as Record<string, unknown>)) addByStatus((totals.byCashier[uid] ??= {}), byStatus);
    for (const [hour, byStatus] of Object.entries((shard.byHour ?? {}) as Record<string, unknown>)) addByStatus((totals.byHour[hour] ??= {}), byStatus);
    for (const [currency, cell] of Object.entries((shard.refunds ?? {}) as Record<string, Partial<Cell>>)) addCell(totals.refunds, currency, cell);
  }
  return totals;
}

export interface Money {
  count: number;
  amount: string;
}
type MoneyByCurrency = Record<string, Money>;

function money(cells: ByCurrency | undefined): MoneyByCurrency {
  const out: MoneyByCurrency = {};
  for (const [currency, cell] of Object.entries(cells ?? {})) {
    if (cell.count === 0 && cell.amountMinor === 0) continue;
    out[currency] = { count: cell.count, amount: formatMinor(cell.amountMinor, currency as Currency) };
  }
  return out;
}

function countOf(byStatus: ByStatus, statuses: readonly CheckoutStatus[]): number {
  return statuses.reduce((sum, s) => sum + Object.values(byStatus[s] ?? {}).reduce((n, c) => n + c.count, 0), 0);
}

function sumStatuses(byStatus: ByStatus, statuses: readonly CheckoutStatus[]): ByCurrency {
  const out: ByCurrency = {};
  for (const s of statuses) for (const [currency, cell] of Object.entries(byStatus[s] ?? {})) addCell(out, currency, cell);
  return out;
}

/** The report as the callable returns it. Pure. */
export function shapeReport(date: string, timeZone: string, branchIds: readonly string[] | null, totals: Totals) {
  const statuses = Object.fromEntries(CHECKOUT_STATUSES.map((s) => [s, money(totals.byStatus[s])]));
  const charged = sumStatuses(totals.byStatus, CHARGED_STATUSES.filter((s) => s !== 'AUTHORIZED'));
  const byCurrency: Record<string, { checkouts: number; created: string; paid: string; refunded: string; net: string }> = {};
  const all = sumStatuses(totals.byStatus, CHECKOUT_STATUSES);
  for (const [currency, cell] of Object.entries(all)) {
    const paidMinor = charged[currency]?.amountMinor ?? 0;
    const refundedMinor = totals.refunds[currency]?.amountMinor ?? 0;
    byCurrency[currency] = {
      checkouts: cell.count,
      created: formatMinor(cell.amountMinor, currency as Currency),
      paid: formatMinor(paidMinor, currency as Currency),
      refunded: formatMinor(refundedMinor, currency as Currency),
      net: formatMinor(paidMinor - refundedMinor, currency as Currency),
    };
  }
  const byCashier = Object.fromEntries(
    Object.entries(totals.byCashier).map(([uid, byStatus]) => [
      uid,
      { checkouts: countOf(byStatus, CHECKOUT_STATUSES), paid: money(sumStatuses(byStatus, ['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'])) },
    ]),
  );
  const paidByHour = Array.from({ length: 24 }, (_, hour) => {
    const key = String(hour).padStart(2, '0');
    const byStatus = totals.byHour[key] ?? {};
    return { hour, paid: money(sumStatuses(byStatus, ['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'])), checkouts: countOf(byStatus, CHECKOUT_STATUSES) };
  });
  return {
    date,
    timeZone,
    branches: branchIds,
    checkouts: countOf(totals.byStatus, CHECKOUT_STATUSES),
    open: countOf(totals.byStatus, OPEN_STATUSES),
    expired: countOf(totals.byStatus, ['EXPIRED']),
    byStatus: statuses,
    byCurrency,
    byCashier,
    refunds: money(totals.refunds),
    paidByHour,
  };
}

export type DailyReport = ReturnType<typeof shapeReport>;

/** The report with `name` on each cashier row whose uid has one (see cashierNames.ts). Pure. */
export function withCashierNames(report: DailyReport, names: Readonly<Record<string, string>>) {
  const byCashier = Object.fromEntries(
    Object.entries(report.byCashier).map(([uid, row]) => [uid, names[uid] ? { ...row, name: names[uid] } : row]),
  );
  return { ...report, byCashier };
}

/** Reads and sums the day's shards of these branches (null: every branch, and checkouts without one). */
export async function readDailyTotals(date: string, branchIds: readonly string[] | null): Promise<Totals> {
  const shards = getFirestore().collection(DAILY_REPORTS).doc(date).collection(SHARDS);
  if (branchIds === null) return sumShards((await shards.get()).docs.map((d) => d.data()));
  const docs = await Promise.all(
    // Shard ids are `<branch>__<n>`: read each branch's shards by id, no query needed.
    branchIds.flatMap((branch) => Array.from({ length: SHARD_COUNT }, (_, n) => shards.doc(`${branch || NO_BRANCH}__${n}`).get())),
  );
  return sumShards(docs.filter((d) => d.exists).map((d) => d.data() as Record<string, unknown>));
}
