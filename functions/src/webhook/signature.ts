/**
 * HMAC-SHA256 webhook signatures. PointCheckout returns an `hmacKey` when a webhook is registered but does not
 * document how deliveries are signed; we assume a hex HMAC-SHA256 of the raw body (header name is a param),
 * the reading recorded in the assumptions table of docs/gateway-contract.md. Pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signBody(rawBody: Buffer | string, key: string): string {
  return createHmac('sha256', key).update(rawBody).digest('hex');
}

export function signatureValid(rawBody: Buffer, presented: string | undefined, key: string): boolean {
  if (!presented || !/^[0-9a-fA-F]{64}$/.test(presented.trim())) return false;
  const expected = Buffer.from(signBody(rawBody, key), 'hex');
  return timingSafeEqual(expected, Buffer.from(presented.trim(), 'hex'));
}
