/**
 * Reads the ids out of a webhook body. PointCheckout does not document the body, so we accept JSON or
 * form-encoded, look for the checkout `id` (or our `requestId`) at the top level or inside a `result` /
 * `checkout` / `data` wrapper, and take nothing else from it: the status is always confirmed with Get Checkout.
 * Pure.
 */
import { z } from 'zod';

export { MAX_WEBHOOK_BODY_BYTES } from './limits';

const gatewayIdSchema = z.union([
  z.string().trim().regex(/^\d{1,30}$/),
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).transform(String),
]);
// Our requestIds are our checkout ids: never a Firestore-reserved id such as `__x__`.
const requestIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,128}$/)
  .refine((id) => !/^__.*__$/.test(id));

export interface WebhookIds {
  gatewayId?: string;
  requestId?: string;
}

function decode(contentType: string, raw: string): unknown {
  const looksJson = /json/i.test(contentType) || /^\s*[[{]/.test(raw);
  if (looksJson) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  }
  const form = new URLSearchParams(raw);
  const record: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of form) record[key] = value;
  return record;
}

function own(value: unknown, key: string): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

export function parseWebhookIds(contentType: string | undefined, rawBody: Buffer | string): WebhookIds | null {
  const raw = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  const body = decode(contentType ?? '', raw);
  const candidates = [body, own(body, 'result'), own(body, 'checkout'), own(body, 'data')];
  for (const candidate of candidates) {
    const gatewayId = gatewayIdSchema.safeParse(own(candidate, 'id') ?? own(candidate, 'checkoutId'));
    const requestId = requestIdSchema.safeParse(own(candidate, 'requestId'));
    if (gatewayId.success || requestId.success) {
      return {
        gatewayId: gatewayId.success ? gatewayId.data : undefined,
        requestId: requestId.success ? requestId.data : undefined,
      };
    }
  }
  return null;
}

/**
 * PointCheckout's "test webhook" call (POST /webhooks/{id}/test). Its body is undocumented; the simulator sends
 * `{ "test": true, "webhookId": … }`. Recognised only when the body carries no checkout id, so a real event is
 * never mistaken for one.
 */
export function isTestCall(contentType: string | undefined, rawBody: Buffer | string): boolean {
  const raw = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  return own(decode(contentType ?? '', raw), 'test') === true;
}
