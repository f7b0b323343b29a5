/** Renders the end-of-day report: figures and tables (the hourly bar chart: report-chart.ts). No state of its own. */
import type { CheckoutStatus } from '../../functions/src/domain/status';
import { $ } from './dom';
import { statusText } from './i18n';
import { money, number, renderChart } from './report-chart';
import { rt } from './report-i18n';

export interface Money {
  count: number;
  amount: string;
}

/** The `dailyReport` callable's reply (docs/operations.md, "dailyReport … and exportCheckouts"). */
export interface Report {
  date: string;
  timeZone: string;
  checkouts: number;
  open: number;
  expired: number;
  byStatus: Partial<Record<CheckoutStatus, Record<string, Money>>>;
  byCurrency: Record<string, { checkouts: number; created: string; paid: string; refunded: string; net: string }>;
  byCashier: Record<string, { checkouts: number; paid: Record<string, Money>; name?: string }>;
  refunds: Record<string, Money>;
  mode?: 'live' | 'test';
  refundsBySource?: Record<string, Record<string, Money>>;
  chargebacks?: Record<string, Money>;
  duplicatePayments?: { count: number; checkoutIds: string[] };
  warnings?: { cell: string; count: number; amount: string; reason: string }[];
  paidByHour: { hour: number; paid: Record<string, Money>; checkouts: number }[];
  reconciliation?: Reconciliation;
}

export interface Reconciliation {
  compared: number;
  matching: number;
  differences: { checkoutId: string; gatewayId?: string | null; field: string; ours?: unknown; gateway?: unknown }[];
}

const moneyList = (cells: Record<string, Money>) =>
  Object.entries(cells).map(([currency, cell]) => money(cell.amount, currency)).join(' · ') || '—';

function rows(tbodyId: string, data: { cells: string[]; key: string }[]): void {
  $(tbodyId).replaceChildren(
    ...data.map(({ cells, key }) => {
      const tr = document.createElement('tr');
      tr.dataset.key = key;
      for (const [i, text] of cells.entries()) {
        const td = document.createElement('td');
        td.textContent = text;
        if (i > 0) td.className = 'num';
        tr.append(td);
      }
      return tr;
    }),
  );
}

export function renderReport(report: Report, cashierName: (uid: string, name: string | undefined) => string): void {
  $('report').hidden = false;
  $('n-checkouts').textContent = number(report.checkouts);
  $('n-open').textContent = number(report.open);
  $('n-expired').textContent = number(report.expired);
  $('nothing').hidden = report.checkouts > 0;
  rows('by-currency', Object.entries(report.byCurrency).map(([currency, c]) => ({
    key: currency,
    cells: [currency, number(c.checkouts), money(c.paid, currency), money(c.refunded, currency), money(c.net, currency)],
  })));
  rows('by-status', Object.entries(report.byStatus)
    .filter(([, cells]) => Object.keys(cells ?? {}).length > 0)
    .map(([status, cells]) => ({
      key: status,
      cells: [statusText(status as CheckoutStatus), number(Object.values(cells ?? {}).reduce((n, c) => n + c.count, 0)), moneyList(cells ?? {})],
    })));
  rows('by-cashier', Object.entries(report.byCashier).map(([uid, c]) => ({ key: uid, cells: [cashierName(uid, c.name), number(c.checkouts), moneyList(c.paid)] })));
  rows('refunds', Object.entries(report.refunds).map(([currency, c]) => ({ key: currency, cells: [currency, number(c.count), money(c.amount, currency)] })));
  $('no-refunds').hidden = Object.keys(report.refunds).length > 0;
  renderExtras(report);
  renderChart(report);
  renderReconciliation(report.reconciliation ?? null);
}

/** Test or live, chargebacks, orders paid twice, refunds made outside, and any figure that needs a look. */
function renderExtras(report: Report): void {
  $('test-banner').hidden = report.mode !== 'test';
  const chargebacks = report.chargebacks ?? {};
  const count = Object.values(chargebacks).reduce((n, c) => n + c.count, 0);
  $('n-chargebacks').textContent = count > 0 ? `${number(count)} · ${moneyList(chargebacks)}` : number(0);
  $('n-duplicates').textContent = number(report.duplicatePayments?.count ?? 0);
  const outside = report.refundsBySource?.gateway ?? {};
  $('refunds-outside').hidden = Object.keys(outside).length === 0;
  $('refunds-outside').textContent = rt('refundsOutside', { list: moneyList(outside) });
  const warnings = report.warnings ?? [];
  $('warnings').hidden = warnings.length === 0;
  $('warning-list').replaceChildren(
    ...warnings.map((w) => {
      const li = document.createElement('li');
      const cell = document.createElement('code');
      cell.textContent = w.cell;
      cell.dir = 'ltr';
      li.append(cell, ` ${number(w.count)} ${w.amount}: ${w.reason}`);
      return li;
    }),
  );
}

export function renderReconciliation(r: Reconciliation | null): void {
  $('reconciliation').hidden = r === null;
  if (!r) return;
  const line = $('reconciliation-line');
  const same = r.differences.length === 0;
  line.className = same ? 'ok-line' : 'bad-line';
  line.dataset.matching = String(r.matching);
  line.dataset.compared = String(r.compared);
  line.textContent = rt(same ? 'allMatching' : 'someDiffer', { matching: number(r.matching), compared: number(r.compared), n: number(r.differences.length) });
  $('differences').replaceChildren(
    ...r.differences.map((d) => {
      const li = document.createElement('li');
      const id = document.createElement('code');
      id.textContent = d.checkoutId || d.gatewayId || '?';
      id.dir = 'ltr';
      li.append(id, ` ${d.field}: ${rt('ours')} ${JSON.stringify(d.ours ?? null)}, ${rt('theirs')} ${JSON.stringify(d.gateway ?? null)}`);
      return li;
    }),
  );
}

export function showComparing(): void {
  $('reconciliation').hidden = false;
  const line = $('reconciliation-line');
  line.className = 'muted';
  delete line.dataset.matching;
  line.textContent = rt('comparing');
  $('differences').replaceChildren();
}
