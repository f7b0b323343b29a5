/** Renders the end-of-day report: figures, tables and the hourly bar chart (inline SVG). No state of its own. */
import type { Currency } from '../../functions/src/checkouts/money';
import type { CheckoutStatus } from '../../functions/src/checkouts/status';
import { $ } from './dom';
import { formatDecimal, minorOf } from './format';
import { currentLang, statusText } from './i18n';
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

const money = (amount: string, currency: string) => formatDecimal(amount, currency as Currency);
const number = (n: number) => new Intl.NumberFormat(currentLang()).format(n);
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

/** The currency with the most paid (minor units): the chart shows that one. */
function mainCurrency(report: Report): string | null {
  let best: string | null = null;
  let most = 0;
  for (const [currency, c] of Object.entries(report.byCurrency)) {
    const paid = minorOf(c.paid, currency as Currency);
    if (paid > most) [best, most] = [currency, paid];
  }
  return best;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** "Gulf Standard Time" / "توقيت الخليج" for `Asia/Dubai`: a zone in words, in the page's language. */
export function zoneName(timeZone: string): string {
  try {
    const parts = new Intl.DateTimeFormat(currentLang(), { timeZone, timeZoneName: 'longGeneric' }).formatToParts(new Date());
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

/** 24 bars of the main currency's paid amount per hour; right to left in Arabic, like the page. */
export function renderChart(report: Report): void {
  const currency = mainCurrency(report);
  // First-strong isolates keep "AED" and the zone's name whole inside an Arabic sentence; no currency, no slot.
  const zone = `\u2068${zoneName(report.timeZone)}\u2069`;
  $('chart-title').textContent = currency ? rt('byHour', { currency: `\u2068${currency}\u2069`, zone }) : rt('byHourNone', { zone });
  $('chart-title').title = report.timeZone;
  const box = $('chart');
  box.dataset.timeZone = report.timeZone;
  if (!currency) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = rt('byHourEmpty');
    box.replaceChildren(p);
    return;
  }
  const [width, height, base, slot] = [480, 180, 160, 20];
  const minor = report.paidByHour.map((h) => (h.paid[currency] ? minorOf(h.paid[currency].amount, currency as Currency) : 0));
  const top = Math.max(...minor, 1);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': rt('chartLabel') });
  chart.append(svg('line', { x1: 0, x2: width, y1: base, y2: base, class: 'base' }));
  const rtl = currentLang() === 'ar';
  for (const h of report.paidByHour) {
    const x = (rtl ? 23 - h.hour : h.hour) * slot;
    const value = minor[h.hour] ?? 0;
    if (value > 0) {
      const barHeight = Math.max(2, Math.round((value / top) * (base - 10)));
      const bar = svg('rect', { x: x + 3, y: base - barHeight, width: slot - 6, height: barHeight, class: 'bar', 'data-hour': h.hour, 'data-minor': value });
      const title = svg('title', {});
      const cell = h.paid[currency];
      title.textContent = rt('barTitle', { hour: number(h.hour), amount: cell ? money(cell.amount, currency) : '', count: number(cell?.count ?? 0) });
      bar.append(title);
      chart.append(bar);
    }
    if (h.hour % 3 === 0) {
      const label = svg('text', { x: x + slot / 2, y: height - 4, 'text-anchor': 'middle', class: 'axis' });
      label.textContent = number(h.hour);
      chart.append(label);
    }
  }
  box.replaceChildren(chart);
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
