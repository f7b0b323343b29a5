/**
 * Field-level parsing shared by the request validators. Every failure is a 400 whose
 * message names the field. Numbers may arrive as numeric strings: the vendor PHP SDK
 * sends `"100.00"`, `"600"` (research §4.1), so both forms are accepted everywhere.
 */
import { badRequest } from './envelope';
import { isPlainObject } from './http-util';
import { MINOR_PER_MAJOR } from './model';

export type Obj = Record<string, unknown>;

export const MAX_TEXT = 255;
/** Upper bound keeping minor units a safe integer; the vendor's real per-merchant maximum is unknown. */
const MAX_AMOUNT_MINOR = 1_000_000_000 * MINOR_PER_MAJOR;

export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export function requiredText(obj: Obj, key: string, path: string, max = MAX_TEXT): string {
  const value = obj[key];
  if (isMissing(value)) throw badRequest(`${path} is required`);
  return text(value, path, max);
}

export function optionalText(obj: Obj, key: string, path: string, max = MAX_TEXT): string | null {
  const value = obj[key];
  return isMissing(value) ? null : text(value, path, max);
}

function text(value: unknown, path: string, max: number): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw badRequest(`${path} must be a string`);
  if (value.length > max) throw badRequest(`${path} must be at most ${max} characters`);
  return value;
}

/** Parses a number given as a JSON number or a numeric string; `undefined` when it is neither. */
export function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

export function integerIn(obj: Obj, key: string, path: string, min: number, max: number, fallback: number): number {
  const value = obj[key];
  if (isMissing(value)) return fallback;
  const n = numeric(value);
  if (n === undefined || !Number.isInteger(n) || n < min || n > max) {
    throw badRequest(`${path} must be an integer between ${min} and ${max}`);
  }
  return n;
}

/**
 * Converts a decimal amount (number or numeric string, at most 3 decimals) to integer
 * thousandths without going through float arithmetic. Returns `undefined` if malformed.
 */
export function decimalToMinor(value: unknown): number | undefined {
  let digits: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    digits = String(value); // exponent forms such as 1e-7 fail the pattern below
  } else if (typeof value === 'string') {
    digits = value.trim();
  } else {
    return undefined;
  }
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(digits);
  if (!match) return undefined;
  const fraction = (match[3] ?? '').replace(/0+$/, ''); // "100.000" has no more than 3 decimals
  if (fraction.length > 3) return undefined;
  const minor = Number(match[2]) * MINOR_PER_MAJOR + Number(fraction.padEnd(3, '0'));
  if (!Number.isSafeInteger(minor)) return undefined;
  return match[1] === '-' ? -minor : minor;
}

/** A money field: required, at most 3 decimals, and > 0 (`positive`) or >= 0. */
export function money(value: unknown, path: string, positive: boolean): number {
  if (isMissing(value)) throw badRequest(`${path} is required`);
  const minor = decimalToMinor(value);
  if (minor === undefined) throw badRequest(`${path} must be a number with at most 3 decimals`);
  if (positive && minor <= 0) throw badRequest(`${path} must be greater than 0`);
  if (!positive && minor < 0) throw badRequest(`${path} must not be negative`);
  if (minor > MAX_AMOUNT_MINOR) throw badRequest(`${path} is too large`);
  return minor;
}

export function optionalMoney(obj: Obj, key: string, path: string): number {
  return isMissing(obj[key]) ? 0 : money(obj[key], path, false);
}

export function currencyCode(value: unknown, path: string): string {
  if (isMissing(value)) throw badRequest(`${path} is required`);
  if (typeof value !== 'string' || !/^[A-Za-z]{3}$/.test(value.trim())) {
    throw badRequest(`${path} must be a 3-letter ISO 4217 currency code`);
  }
  return value.trim().toUpperCase();
}

export function objectField(obj: Obj, key: string, path: string): Obj | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (!isPlainObject(value)) throw badRequest(`${path} must be an object`);
  return value;
}
