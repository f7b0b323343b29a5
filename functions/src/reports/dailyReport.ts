/**
 * The manager's end of day, shaped from the day's aggregates (dailyTotals.ts: checkouts by the day they were
 * created, chargebacks by the day they were observed) and the day's refund records (refundsOfDay.ts: by the day
 * the money left). A cell that went negative is reported as it is, with a warning that says why, never a failure.
 */
import { formatMinor, type Currency } from '../domain/money';
import { CHARGED_STATUSES, CHECKOUT_STATUSES, OPEN_STATUSES, type CheckoutStatus } from '../domain/status';
import type { ReportMode } from '../transition/aggregates';
import { addCell, type ByCurrency, type ByStatus, type Totals } from './dailyTotals';

export interface Money {
  count: number;
  amount: string;
}
type MoneyByCurrency = Record<string, Money>;

export interface ReportWarning {
  cell: string;
  count: number;
  amount: string;
  reason: string;
}

export interface RefundFigures {
  byCurrency: ByCurrency;
  bySource: Record<string, ByCurrency>;
}

const NEGATIVE_REASON =
  'negative: a checkout counted in another day changed in this one (REPORT_TIME_ZONE changed, or the checkout is older than the aggregates); rebuild the day (npm run report:rebuild)';

/** Minor units as a decimal, a minus sign for a negative amount (formatMinor takes none). */
export function signedMinor(minor: number, currency: string): string {
  const text = formatMinor(Math.abs(minor), currency as Currency);
  return minor < 0 ? `-${text}` : text;
}

const TAKEN: readonly CheckoutStatus[] = CHARGED_STATUSES.filter((s) => s !== 'AUTHORIZED');

function countOf(byStatus: ByStatus, statuses: readonly CheckoutStatus[]): number {
  return statuses.reduce((sum, s) => sum + Object.values(byStatus[s] ?? {}).reduce((n, c) => n + c.count, 0), 0);
}

function sumStatuses(byStatus: ByStatus, statuses: readonly CheckoutStatus[]): ByCurrency {
  const out: ByCurrency = {};
  for (const s of statuses) for (const [currency, cell] of Object.entries(byStatus[s] ?? {})) addCell(out, currency, cell);
  return out;
}

/** Shapes the day. `warnings` collects every negative cell met on the way. Pure. */
export function shapeReport(
  date: string,
  timeZone: string,
  branchIds: readonly string[] | null,
  totals: Totals,
  refunds: RefundFigures = { byCurrency: {}, bySource: {} },
  mode: ReportMode = 'live',
) {
  const warnings: ReportWarning[] = [];
  const money = (cells: ByCurrency | undefined, path: string): MoneyByCurrency => {
    const out: MoneyByCurrency = {};
    for (const [currency, cell] of Object.entries(cells ?? {})) {
      if (cell.count === 0 && cell.amountMinor === 0) continue;
      out[currency] = { count: cell.count, amount: signedMinor(cell.amountMinor, currency) };
      if (cell.count < 0 || cell.amountMinor < 0) warnings.push({ cell: `${path}.${currency}`, ...out[currency], reason: NEGATIVE_REASON });
    }
    return out;
  };
  const statuses = Object.fromEntries(CHECKOUT_STATUSES.map((s) => [s, money(totals.byStatus[s], `byStatus.${s}`)]));
  const charged = sumStatuses(totals.byStatus, TAKEN);
  const all = sumStatuses(totals.byStatus, CHECKOUT_STATUSES);
  const currencies = new Set([...Object.keys(all), ...Object.keys(refunds.byCurrency), ...Object.keys(totals.chargebacks)]);
  const byCurrency: Record<string, { checkouts: number; created: string; paid: string; refunded: string; chargebacks: string; net: string }> = {};
  for (const currency of [...currencies].sort()) {
    const paidMinor = charged[currency]?.amountMinor ?? 0;
    const refundedMinor = refunds.byCurrency[currency]?.amountMinor ?? 0;
    const chargedBackMinor = totals.chargebacks[currency]?.amountMinor ?? 0;
    byCurrency[currency] = {
      checkouts: all[currency]?.count ?? 0,
      created: signedMinor(all[currency]?.amountMinor ?? 0, currency),
      paid: signedMinor(paidMinor, currency),
      refunded: signedMinor(refundedMinor, currency),
      chargebacks: signedMinor(chargedBackMinor, currency),
      net: signedMinor(paidMinor - refundedMinor - chargedBackMinor, currency),
    };
  }
  const byCashier = Object.fromEntries(
    Object.entries(totals.byCashier).map(([uid, byStatus]) => [
      uid,
      { checkouts: countOf(byStatus, CHECKOUT_STATUSES), paid: money(sumStatuses(byStatus, TAKEN), `byCashier.${uid}.paid`) },
    ]),
  );
  const paidByHour = Array.from({ length: 24 }, (_, hour) => {
    const key = String(hour).padStart(2, '0');
    const byStatus = totals.byHour[key] ?? {};
    return { hour, paid: money(sumStatuses(byStatus, TAKEN), `paidByHour.${key}`), checkouts: countOf(byStatus, CHECKOUT_STATUSES) };
  });
  // A negative cell hidden inside a sum above still warns.
  for (const [uid, byStatus] of Object.entries(totals.byCashier)) for (const s of CHECKOUT_STATUSES) money(byStatus[s], `byCashier.${uid}.${s}`);
  for (const [hour, byStatus] of Object.entries(totals.byHour)) for (const s of CHECKOUT_STATUSES) money(byStatus[s], `byHour.${hour}.${s}`);
  if (totals.oldFormatShards > 0) {
    warnings.push({ cell: 'shards', count: totals.oldFormatShards, amount: '', reason: 'the day has aggregates kept before test and live were apart; rebuild the day (npm run report:rebuild)' });
  }
  const counts = { checkouts: countOf(totals.byStatus, CHECKOUT_STATUSES), open: countOf(totals.byStatus, OPEN_STATUSES), expired: countOf(totals.byStatus, ['EXPIRED']) };
  for (const [name, n] of Object.entries(counts)) if (n < 0) warnings.push({ cell: name, count: n, amount: '', reason: NEGATIVE_REASON });
  return {
    date,
    timeZone,
    mode,
    branches: branchIds,
    ...counts,
    byStatus: statuses,
    byCurrency,
    byCashier,
    refunds: money(refunds.byCurrency, 'refunds'),
    refundsBySource: Object.fromEntries(Object.entries(refunds.bySource).map(([source, cells]) => [source, money(cells, `refundsBySource.${source}`)])),
    chargebacks: money(totals.chargebacks, 'chargebacks'),
    paidByHour,
    warnings: dedupe(warnings),
  };
}

function dedupe(warnings: ReportWarning[]): ReportWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => !seen.has(w.cell) && seen.add(w.cell));
}

export type DailyReport = ReturnType<typeof shapeReport>;

/** The report with `name` on each cashier row whose uid has one (see cashierNames.ts). Pure. */
export function withCashierNames(report: DailyReport, names: Readonly<Record<string, string>>) {
  const byCashier = Object.fromEntries(
    Object.entries(report.byCashier).map(([uid, row]) => [uid, names[uid] ? { ...row, name: names[uid] } : row]),
  );
  return { ...report, byCashier };
}
