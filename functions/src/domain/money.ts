/**
 * Money in integer minor units. Our code never holds an amount as a float: amounts arrive as decimal
 * strings (or numbers, turned into their shortest decimal text), are parsed into integer minor units with
 * the currency's exponent, and are formatted back into decimals only at the edges (Firestore display
 * fields, API responses, the gateway's wire format).
 */

/** ISO 4217 exponents of the currencies PointCheckout settles that we support. */
export const CURRENCY_EXPONENTS = {
  AED: 2,
  SAR: 2,
  QAR: 2,
  USD: 2,
  EUR: 2,
  GBP: 2,
  EGP: 2,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
} as const;

export type Currency = keyof typeof CURRENCY_EXPONENTS;
export const SUPPORTED_CURRENCIES = Object.keys(CURRENCY_EXPONENTS) as Currency[];

/** Largest amount we accept, in major units: far above any till, far below float/precision trouble. */
export const MAX_MAJOR_UNITS = 10_000_000;

export function isSupportedCurrency(value: string): value is Currency {
  return Object.prototype.hasOwnProperty.call(CURRENCY_EXPONENTS, value);
}

export function exponentOf(currency: Currency): number {
  return CURRENCY_EXPONENTS[currency];
}

export type ParseResult = { ok: true; minor: number } | { ok: false; reason: string };

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal amount ("100.00", "0.5", or a number such as 12.3) into minor units.
 * A number is read through its shortest decimal text, so 0.1 + 0.2 (0.30000000000000004) is refused
 * for having too many decimals rather than silently rounded.
 */
export function parseAmount(input: string | number, currency: Currency): ParseResult {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, reason: 'must be a finite number' };
    text = String(input);
    if (/e/i.test(text)) return { ok: false, reason: 'must be written as a plain decimal, e.g. "100.00"' };
  } else {
    text = input.trim();
  }
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, reason: 'must be a decimal amount such as "100.00"' };
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  const exponent = exponentOf(currency);
  if (fraction.length > exponent) {
    return { ok: false, reason: `has more than ${exponent} decimals, the most ${currency} allows` };
  }
  if (whole.replace(/^0+/, '').length > String(MAX_MAJOR_UNITS).length) {
    return { ok: false, reason: `must not exceed ${MAX_MAJOR_UNITS} ${currency}` };
  }
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  if (minor <= 0) return { ok: false, reason: 'must be greater than zero' };
  if (minor > MAX_MAJOR_UNITS * 10 ** exponent) {
    return { ok: false, reason: `must not exceed ${MAX_MAJOR_UNITS} ${currency}` };
  }
  return { ok: true, minor };
}

/** Formats minor units as a decimal string with exactly the currency's decimals: 10000 AED → "100.00". */
export function formatMinor(minor: number, currency: Currency): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`invalid minor amount ${minor}`);
  const exponent = exponentOf(currency);
  if (exponent === 0) return String(minor);
  const digits = String(minor).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** The number PointCheckout's API expects (`amount` is a JSON number in major units). */
export function toWireAmount(minor: number, currency: Currency): number {
  return Number(formatMinor(minor, currency));
}

/**
 * Reads an amount the gateway sent (a JSON number, or a numeric string as the vendor's SDK writes) into
 * minor units. Zero is allowed here (e.g. totalRefunded). Returns null when it is not a valid amount.
 */
export function fromWireAmount(value: unknown, currency: Currency): number | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  if (value === 0 || value === '0') return 0;
  const parsed = parseAmount(value, currency);
  if (parsed.ok) return parsed.minor;
  // The gateway may print binary noise such as 0.30000000000000004; round to the currency's exponent.
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n < 0) return null;
  return Math.round(n * 10 ** exponentOf(currency));
}
