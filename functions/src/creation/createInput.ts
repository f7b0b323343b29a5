/** createQrCheckout's input made exact: amounts in minor units, the request's hash, and the checkout id. */
import { createHash, randomBytes } from 'node:crypto';
import { CheckoutError } from '../shared/errors';
import { parseAmount, type Currency } from '../domain/money';
import type { ParsedCreateQrCheckoutInput } from '../domain/schemas';

export function minorOf(value: string | number, currency: Currency): number {
  const parsed = parseAmount(value, currency);
  if (!parsed.ok) throw new CheckoutError('invalid-argument', `amount: ${parsed.reason}`);
  return parsed.minor;
}

export function zeroOrMinor(value: string | number, currency: Currency): number {
  return /^0+(\.0+)?$/.test(String(value)) ? 0 : minorOf(value, currency);
}

/** Stable JSON (sorted keys) so that the same request always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function payloadHashOf(input: ParsedCreateQrCheckoutInput, amountMinor: number): string {
  const { idempotencyKey: _key, amount: _amount, ...rest } = input;
  return createHash('sha256').update(canonical({ ...rest, amountMinor })).digest('hex');
}

/** Our checkout id: derived from the caller and key when there is one, random otherwise. 32 url-safe chars. */
export function checkoutIdFor(uid: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return randomBytes(16).toString('hex');
  return createHash('sha256').update(`${uid}\u0000${idempotencyKey}`).digest('hex').slice(0, 32);
}
