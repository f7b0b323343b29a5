/**
 * Money on the POS page: what the cashier types is read into integer minor units by the shared parser
 * (amount-input.ts) and refusals worded in the page's language; amounts are shown with Intl.NumberFormat per currency and
 * language (3 decimals for BHD, KWD, OMR, JOD). Never a float in between.
 */
import { exponentOf, formatMinor, type Currency } from '../../functions/src/domain/money';
import { parseAmountInput, type AmountInputError } from './amount-input';
import { locale, t, type Key } from './i18n';

export type AmountResult = { ok: true; minor: number; text: string } | { ok: false; message: string };

/** One reading of an ambiguous amount, formatted when the currency allows it, else as typed with the code. */
function reading(decimal: string, currency: Currency): string {
  const parsed = parseAmountInput(decimal, currency);
  return parsed.ok ? formatMoney(parsed.minor, currency) : `${currency} ${decimal}`;
}

/** The sentence for a refused amount, in the page's language. */
export function amountMessage(error: AmountInputError, currency: Currency, typed: string, missing: Key = 'amountMissing'): string {
  switch (error.code) {
    case 'missing': return t(missing);
    case 'invalid': return t('amountInvalid');
    case 'negative': return t('amountNegative');
    case 'zero': return t('amountZero');
    case 'grouping': return t('amountGrouping');
    case 'decimals': return t('amountDecimals', { currency, n: error.allowed });
    case 'too-large': return t('amountTooLarge', { limit: formatMoney(error.limitMinor, currency) });
    case 'ambiguous':
      return t('amountAmbiguous', {
        typed: typed.trim(),
        grouped: reading(error.grouped, currency),
        decimal: reading(error.decimal, currency),
        plainGrouped: error.grouped,
        plainDecimal: error.decimal,
      });
  }
}

/** Reads an amount for `currency` with the one shared parser; the message says, in the page's language, what to fix. */
export function readAmount(input: string, currency: Currency, missing: Key = 'amountMissing'): AmountResult {
  const parsed = parseAmountInput(input, currency);
  return parsed.ok ? parsed : { ok: false, message: amountMessage(parsed.error, currency, input, missing) };
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
