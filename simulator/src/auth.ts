/** Merchant API credentials: which headers carry them, and checking them in constant time. */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Header pairs accepted for the credentials (research §2): the PointCheckout names the
 * vendor SDKs send, the Paymennt names of the 2023+ spec, and the docs' curl spelling.
 * Node lowercases incoming header names, so matching is case-insensitive.
 */
const CREDENTIAL_HEADERS: readonly [string, string][] = [
  ['x-pointcheckout-api-key', 'x-pointcheckout-api-secret'],
  ['x-paymennt-api-key', 'x-paymennt-api-secret'],
  ['x-pointcheckout-key', 'x-pointcheckout-secret'],
];

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether some accepted key + secret header pair is complete (whatever its values). */
export function credentialsPresent(headers: IncomingHttpHeaders): boolean {
  return CREDENTIAL_HEADERS.some(([k, s]) => typeof headers[k] === 'string' && typeof headers[s] === 'string');
}

export function authenticated(headers: IncomingHttpHeaders, apiKey: string, apiSecret: string): boolean {
  return CREDENTIAL_HEADERS.some(([keyHeader, secretHeader]) => {
    const key = headers[keyHeader];
    const secret = headers[secretHeader];
    return typeof key === 'string' && typeof secret === 'string' && sameSecret(key, apiKey) && sameSecret(secret, apiSecret);
  });
}

/** The API key sent (first accepted header), '' if none: the merchant account a rate limit counts against. */
export function presentedApiKey(headers: IncomingHttpHeaders): string {
  for (const [keyHeader] of CREDENTIAL_HEADERS) {
    const key = headers[keyHeader];
    if (typeof key === 'string') return key;
  }
  return '';
}
