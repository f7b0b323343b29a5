/**
 * The sale at the till: one order id and one idempotency key until it is paid, cancelled or the cashier
 * starts a new sale, so a second Create QR (or a retry after a network error) can never make a second
 * checkout. Kept in localStorage per user, so a reload finds the open QR again.
 */
import type { Currency } from '../../functions/src/domain/money';
import type { Lang } from './i18n';

export interface Sale {
  orderId: string;
  idempotencyKey: string;
  amount: string;
  currency: Currency;
  /** Language the customer's payment page opens in; fixed once a checkout is made for the sale. */
  language: Lang;
  /** The sale's checkout once created; null before, and again after a FAILED or EXPIRED one. */
  checkoutId: string | null;
  /** What createQrCheckout answered about the checkout's account (`test` shows the TEST badge at once). */
  mode?: 'test' | 'live' | null;
}

const key = (uid: string) => `pos.sale.${uid}`;

function random(digits: number): string {
  const values = crypto.getRandomValues(new Uint32Array(1));
  return String((values[0] ?? 0) % 10 ** digits).padStart(digits, '0');
}

/** `ORD-0312-1432-5821`: readable on a receipt, unique enough per till and day, within 50 characters. */
export function newOrderId(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `ORD-${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}-${random(4)}`;
}

export function newKey(orderId: string): string {
  return `pos-${orderId}-${crypto.randomUUID()}`;
}

export function newSale(currency: Currency, language: Lang): Sale {
  const orderId = newOrderId();
  return { orderId, idempotencyKey: newKey(orderId), amount: '', currency, language, checkoutId: null };
}

export function loadSale(uid: string): Sale | null {
  try {
    const raw = JSON.parse(localStorage.getItem(key(uid)) ?? 'null') as Partial<Sale> | null;
    if (!raw || typeof raw.orderId !== 'string' || typeof raw.idempotencyKey !== 'string') return null;
    return {
      orderId: raw.orderId,
      idempotencyKey: raw.idempotencyKey,
      amount: typeof raw.amount === 'string' ? raw.amount : '',
      currency: (raw.currency ?? 'AED') as Currency,
      language: raw.language === 'ar' ? 'ar' : 'en',
      checkoutId: typeof raw.checkoutId === 'string' ? raw.checkoutId : null,
      mode: raw.mode === 'test' || raw.mode === 'live' ? raw.mode : null,
    };
  } catch {
    return null;
  }
}

export function saveSale(uid: string, sale: Sale): void {
  try {
    localStorage.setItem(key(uid), JSON.stringify(sale));
  } catch {
    // storage full or disabled: the sale still lives in memory until a reload
  }
}
