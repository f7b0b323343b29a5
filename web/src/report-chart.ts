/** The end-of-day report's hourly bar chart (inline SVG), and the number and money formats the report uses. */
import type { Currency } from '../../functions/src/domain/money';
import { $ } from './dom';
import { formatDecimal, minorOf } from './format';
import { currentLang } from './i18n';
import { rt } from './report-i18n';
import type { Report } from './report-view';

export const money = (amount: string, currency: string) => formatDecimal(amount, currency as Currency);
export const number = (n: number) => new Intl.NumberFormat(currentLang()).format(n);

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
