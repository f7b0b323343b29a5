/**
 * The one reader of an amount a person typed, shared by the POS page and the typed client (`client.ts`
 * re-exports it). Pure: no DOM, no language; the caller turns an error into a sentence.
 *
 * What it accepts, so a price can never be read a thousand times too small or too large:
 * - digits 0-9, Arabic-Indic ٠-٩ and Persian ۰-۹;
 * - `٫` (Arabic decimal separator) is always the decimal point; `٬` (Arabic thousands), spaces and no-break
 *   spaces and the Swiss apostrophe are always grouping;
 * - `.` alone once is the decimal point (how Gulf tills write KWD 1.250);
 * - `.` and `,` together: the last one is the decimal point, the other groups (1,000.50 and 1.000,50);
 * - the same separator more than once groups (1,250,000);
 * - `,` alone once is ambiguous when it could group (one to three digits, then exactly three): `1,250` is
 *   refused with both readings, in every currency; otherwise (`12,5`) it can only be a decimal point.
 * Grouping must be in threes after a first group of one to three digits; anything else is refused.
 */
import { exponentOf, formatMinor, MAX_MAJOR_UNITS, type Currency } from '../../functions/src/domain/money';

export type AmountInputError =
  | { code: 'missing' }
  | { code: 'invalid' }
  | { code: 'negative' }
  | { code: 'zero' }
  | { code: 'grouping' }
  | { code: 'decimals'; allowed: number }
  /** The largest amount accepted, in minor units. */
  | { code: 'too-large'; limitMinor: number }
  /** Both readings as canonical decimals: `grouped` "1250", `decimal` "1.250". */
  | { code: 'ambiguous'; grouped: string; decimal: string };

export type AmountInput = { ok: true; minor: number; text: string } | { ok: false; error: AmountInputError };

const GROUP_ONLY = /[\u066c\s\u00a0\u2009\u202f'\u2019]/;
const BIDI_MARKS = /[\u200e\u200f\u061c\u2066-\u2069]/g;

/** `٢٥٫٥` → `25٫5`: digits of every script the POS may be typed in become ASCII; separators are kept. */
export function asciiDigits(input: string): string {
  return input
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/** Groups of three after a first group of one to three digits (no leading zero): `1`, `250`, `000`. */
function validGroups(parts: string[]): boolean {
  const [first = '', ...rest] = parts;
  return /^[1-9]\d{0,2}$/.test(first) && rest.length > 0 && rest.every((p) => /^\d{3}$/.test(p));
}

type Split = { whole: string; fraction: string } | AmountInputError;

/** Splits `text` (ASCII digits and separators only) into the whole and fraction digits. */
function split(text: string): Split {
  const seps = [...text.replace(/\d/g, '')];
  if (seps.length === 0) return { whole: text, fraction: '' };
  const kinds = new Set(seps.map((s) => (GROUP_ONLY.test(s) ? ' ' : s)));
  let decimal: string | null = null;
  if (kinds.has('\u066b')) decimal = '\u066b';
  else if (kinds.has('.') && kinds.has(',')) decimal = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
  else {
    const only = [...kinds].find((k) => k === '.' || k === ',');
    const count = seps.filter((s) => s === only).length;
    if (only && (count === 1 || kinds.has(' '))) decimal = only;
  }
  const grouping = [...kinds].filter((k) => k !== decimal);
  if (grouping.length > 1) return { code: 'grouping' };
  const [head, fraction = '', ...extra] = decimal === null ? [text] : text.split(decimal);
  if (extra.length > 0 || (decimal !== null && !/^\d*$/.test(fraction))) return { code: 'invalid' };
  const groupSep = grouping[0];
  const groups = groupSep === undefined ? [head ?? ''] : (head ?? '').split(groupSep === ' ' ? GROUP_ONLY : groupSep);
  if (groups.length > 1 && !validGroups(groups)) return { code: 'grouping' };
  const whole = groups.join('');
  if (!/^\d*$/.test(whole) || whole + fraction === '') return { code: 'invalid' };
  // `1,250`: a lone comma that could be grouping is both 1250 and 1.250.
  if (decimal === ',' && groupSep === undefined && validGroups([whole, fraction])) {
    return { code: 'ambiguous', grouped: whole + fraction, decimal: `${whole}.${fraction}` };
  }
  return { whole: whole || '0', fraction };
}

/** Reads an amount in `currency` into integer minor units, or says exactly why not. */
export function parseAmountInput(input: string, currency: Currency): AmountInput {
  let text = asciiDigits(input.replace(BIDI_MARKS, '')).trim();
  if (text === '') return { ok: false, error: { code: 'missing' } };
  const negative = /^[-\u2212]/.test(text);
  if (negative) text = text.slice(1).trim();
  if (!/^[\d.,\u066b\u066c\s\u00a0\u2009\u202f'\u2019]+$/.test(text) || !/\d/.test(text)) return { ok: false, error: { code: 'invalid' } };
  if (/^\D|\D$/.test(text.replace(/[.,\u066b]$/, ''))) return { ok: false, error: { code: 'invalid' } };
  const parts = split(text);
  if ('code' in parts) return { ok: false, error: parts };
  if (negative) return { ok: false, error: { code: 'negative' } };
  const exponent = exponentOf(currency);
  const limit = { code: 'too-large' as const, limitMinor: MAX_MAJOR_UNITS * 10 ** exponent };
  const fraction = parts.fraction;
  if (fraction.length > exponent) return { ok: false, error: { code: 'decimals', allowed: exponent } };
  const whole = parts.whole.replace(/^0+(?=\d)/, '');
  if (whole.length > String(MAX_MAJOR_UNITS).length) return { ok: false, error: limit };
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  if (minor <= 0) return { ok: false, error: { code: 'zero' } };
  if (minor > MAX_MAJOR_UNITS * 10 ** exponent) return { ok: false, error: limit };
  return { ok: true, minor, text: formatMinor(minor, currency) };
}
