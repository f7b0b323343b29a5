/**
 * Money on the POS page: what the cashier types is read into integer minor units (Arabic-Indic digits and
 * the Arabic decimal separator accepted), and amounts are shown with Intl.NumberFormat per currency and
 * language (3 decimals for BHD, KWD, OMR, JOD). Never a float in between.
 */
import { exponentOf, formatMinor, MAX_MAJOR_UNITS, type Currency } from '../../functions/src/checkouts/money';
import { locale, t, type Key } from './i18n';

export type AmountResult = { ok: true; minor: number; text: string } | { ok: false; message: string };

/** `٢٥٫٥` → `25.5`: digits typed on an Arabic keyboard mean the same amount. */
export function normaliseDigits(input: string): string {
  return input
    .trim()
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u066b,]/g, '.');
}

/** Reads an amount for `currency`; the message says, in the page's language, what to fix. */
export function readAmount(input: string, currency: Currency, missing: Key = 'amountMissing'): AmountResult {
  const text = normaliseDigits(input);
  if (text === '') return { ok: false, message: t(missing) };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return { ok: false, message: t('amountInvalid') };
  const whole = (match[1] ?? '0').replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  const exponent = exponentOf(currency);
  if (fraction.length > exponent) return { ok: false, message: t('amountDecimals', { currency, n: exponent }) };
  if (whole.length > String(MAX_MAJOR_UNITS).length) return { ok: false, message: t('amountTooLarge') };
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  if (minor <= 0) return { ok: false, message: t('amountZero') };
  if (minor > MAX_MAJOR_UNITS * 10 ** exponent) return { ok: false, message: t('amountTooLarge') };
  return { ok: true, minor, text: formatMinor(minor, currency) };
}

/** Minor units of a decimal string the backend wrote (`"25.00"`), exactly. */
export function minorOf(decimal: string, currency: Currency): number {
  const [whole = '0', fraction = ''] = decimal.split('.');
  const exponent = exponentOf(currency);
  return Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0').slice(0, exponent) || '0');
}

/** `AED 25.00` in English, `‏25.00 د.إ.‏` in Arabic (the locale decides digits and the symbol's side). */
export function formatMoney(minor: number, currency: Currency): string {
  const exponent = exponentOf(currency);
  const ar = locale() === 'ar';
  const formatter = new Intl.NumberFormat(locale(), {
    style: 'currency',
    currency,
    currencyDisplay: ar ? 'symbol' : 'code',
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl takes a number; exact here because the decimal text is parsed, never computed in floats.
  return formatter.format(Number(formatMinor(minor, currency))).replace(/\u00a0/g, ' ');
}

export function formatDecimal(decimal: string, currency: Currency): string {
  return formatMoney(minorOf(decimal, currency), currency);
}

/** `29:05` with the locale's digits. */
export function formatClock(totalSeconds: number): string {
  const two = new Intl.NumberFormat(locale(), { minimumIntegerDigits: 2, useGrouping: false });
  const one = new Intl.NumberFormat(locale(), { useGrouping: false });
  return `${one.format(Math.floor(totalSeconds / 60))}:${two.format(totalSeconds % 60)}`;
}

export function formatTime(date: Date): string {
  return date.toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
}
