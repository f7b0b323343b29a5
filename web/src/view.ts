/** Renders the shown checkout and today's list; no state of its own. */
import { manages } from './branch';
import type { LiveCheckout } from './client';
import { $ } from './dom';
import { formatClock, formatDecimal, formatMoney, formatTime, minorOf } from './format';
import { statusText, t } from './i18n';

export function isOpen(checkout: LiveCheckout): boolean {
  return checkout.status === 'PENDING' || checkout.status === 'AUTHORIZED';
}

/** What is left to refund, in minor units. */
export function refundable(checkout: LiveCheckout): number {
  return minorOf(checkout.amount, checkout.currency) - minorOf(checkout.totalRefunded, checkout.currency);
}

/** A TEST badge for a checkout made with a test-mode account (no real money); none for live. */
function testBadge(): HTMLElement {
  const badge = document.createElement('span');
  badge.className = 'mode-badge';
  badge.dataset.mode = 'test';
  badge.textContent = t('testMode');
  badge.title = t('testModeHint');
  return badge;
}

export function renderCurrent(c: LiveCheckout | null, role: string | null, mode: 'test' | 'live' | null = c?.mode ?? null): void {
  const panel = $('current');
  panel.hidden = c === null;
  $('current-mode').replaceChildren(...(c && mode === 'test' ? [testBadge()] : []));
  if (!c) return;
  const open = isOpen(c);
  $('current-title').textContent = open ? t('scanToPay') : t('paymentTitle');
  const banner = $('status-banner');
  banner.className = `banner status-${c.status}`;
  banner.textContent = statusText(c.status);
  banner.dataset.status = c.status;
  const qr = $<HTMLImageElement>('qr');
  const src = `data:image/png;base64,${c.qrImage}`;
  if (qr.getAttribute('src') !== src) qr.src = src;
  qr.hidden = c.status !== 'PENDING';
  $('current-amount').textContent = formatDecimal(c.amount, c.currency);
  $('current-amount').dataset.amount = c.amount;
  $('current-order').textContent = c.orderId;
  $<HTMLAnchorElement>('checkout-url').href = c.checkoutUrl;
  // A finished checkout has no payment page to offer.
  $('checkout-link').hidden = !open;
  const manager = manages(role);
  $('refresh').hidden = !manager;
  $('cancel').hidden = !(c.status === 'PENDING' || (manager && c.status === 'AUTHORIZED'));
  const canRefund = manager && (c.status === 'PAID' || c.status === 'PARTIALLY_REFUNDED') && refundable(c) > 0;
  $('refund-box').hidden = !canRefund;
  if (canRefund) {
    const left = formatMoney(refundable(c), c.currency);
    $('refund-left').textContent = t('leftToRefund', { amount: left });
  }
  renderCountdown(c);
}

export function renderCountdown(c: LiveCheckout | null): void {
  if (!c) return;
  const left = c.expiresAt.getTime() - Date.now();
  let text: string;
  if (!isOpen(c)) {
    text = minorOf(c.totalRefunded, c.currency) > 0
      ? t('refunded', { amount: formatDecimal(c.totalRefunded, c.currency) })
      : t('updatedAt', { time: formatTime(c.updatedAt) });
  } else if (left <= 0) {
    text = t('expired');
  } else {
    text = t('expiresIn', { time: formatClock(Math.floor(left / 1000)) });
  }
  $('countdown').textContent = text;
}

export function renderToday(list: LiveCheckout[], select: (checkoutId: string) => void): void {
  $('today').replaceChildren(
    ...list.map((c) => {
      const row = document.createElement('tr');
      row.dataset.checkoutId = c.checkoutId;
      row.tabIndex = 0;
      const cells: [string, string][] = [
        [formatTime(c.createdAt), ''],
        [c.orderId, 'ltr'],
        [formatDecimal(c.amount, c.currency), ''],
      ];
      for (const [text, dir] of cells) {
        const cell = document.createElement('td');
        cell.textContent = text;
        if (dir) cell.dir = dir;
        row.append(cell);
      }
      row.children[2]?.classList.add('num');
      const status = document.createElement('td');
      const pill = document.createElement('span');
      pill.className = `pill status-${c.status}`;
      pill.dataset.status = c.status;
      pill.textContent = statusText(c.status);
      status.append(pill);
      if (c.mode === 'test') status.append(' ', testBadge());
      row.append(status);
      row.addEventListener('click', () => select(c.checkoutId));
      row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') select(c.checkoutId);
      });
      return row;
    }),
  );
  $('today-empty').hidden = list.length > 0;
}
