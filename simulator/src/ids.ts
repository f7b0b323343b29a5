/**
 * Identifier generators. Shapes follow the vendor spec examples (PC-SPEC@30206c9):
 * checkout / webhook ids are 19-digit numeric strings, `displayId` is 6 uppercase
 * alphanumerics, `checkoutKey` is 48 lowercase hex characters. The spec does not say
 * how they are built, so they are simply random (never sequential, so tests cannot
 * come to depend on an order).
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A random 19-digit numeric string with no leading zero, not contained in `taken`. */
export function newNumericId(taken: (id: string) => boolean): string {
  for (;;) {
    let id = String(randomInt(1, 10));
    for (let i = 0; i < 18; i++) id += String(randomInt(0, 10));
    if (!taken(id)) return id;
  }
}

/** A random 6-character uppercase alphanumeric display id, not contained in `taken`. */
export function newDisplayId(taken: (id: string) => boolean): string {
  for (;;) {
    let id = '';
    for (let i = 0; i < 6; i++) id += ALPHANUMERIC[randomInt(0, ALPHANUMERIC.length)];
    if (!taken(id)) return id;
  }
}

/** 48 lowercase hex characters (24 random bytes): unguessable, so it can key the public payment page. */
export function newCheckoutKey(): string {
  return randomBytes(24).toString('hex');
}

/** 64 lowercase hex characters (32 random bytes) used as a webhook's HMAC-SHA256 key. */
export function newHmacKey(): string {
  return randomBytes(32).toString('hex');
}

/**
 * PointCheckout's id of a customer (the 2026 response's `customer.id`): a 19-digit number derived from the
 * email, so the same customer keeps one id across checkouts and simulator restarts.
 */
export function customerIdFor(email: string): string {
  const hash = createHash('sha256').update(email.trim().toLowerCase()).digest();
  return `1${(hash.readBigUInt64BE(0) % 10n ** 18n).toString().padStart(18, '0')}`;
}
