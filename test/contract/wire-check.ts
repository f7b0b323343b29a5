/**
 * Judges a recorded exchange against our own wire schemas (functions/src/pointcheckout/wire.ts): what the
 * functions would accept. The vendor spec is judged separately (exchanges.ts). Used by the replay of a recorded
 * run (`npm run test:contract -- --replay <file>`) and by the go-live check's probe.
 */
import type { z } from 'zod';
import { CHECKOUT_STATUSES } from '../../functions/src/domain/status';
import { envelopeSchema, wireCheckoutPageSchema, wireCheckoutSchema, wireQrCheckoutSchema } from '../../functions/src/pointcheckout/wire';
import type { RecordedExchange } from '../../simulator/src/recorder';
import { API_PREFIX } from './exchanges';

/** The schema our client reads a 2xx result with, by operation; undefined for operations it does not call. */
function resultSchemaOf(method: string, path: string): z.ZodType | undefined {
  if (method === 'POST' && path === '/checkout/qr') return wireQrCheckoutSchema;
  if (method === 'GET' && path === '/checkout') return wireCheckoutPageSchema;
  if (method === 'GET' && /^\/checkout\/[^/]+$/.test(path)) return wireCheckoutSchema;
  if (method === 'POST' && /^\/checkout\/[^/]+\/(cancel|refund)$/.test(path)) return wireCheckoutSchema;
  return undefined;
}

/** Why our functions could not read this answer (empty when they could). */
export function wireViolations(exchange: RecordedExchange): string[] {
  if (exchange.status === null) return [];
  const path = exchange.path.slice(API_PREFIX.length).replace(/\/+$/, '') || '/';
  const where = `${exchange.method} ${path}`;
  const envelope = envelopeSchema.safeParse(exchange.responseBody);
  if (!envelope.success) return [`${where}: HTTP ${exchange.status} without the envelope { success, elapsed, error?, result? }`];
  const schema = resultSchemaOf(exchange.method, path);
  if (!schema || !envelope.data.success || exchange.status >= 300) return [];
  const result = schema.safeParse(envelope.data.result);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${where}: result.${issue.path.join('.') || '(root)'}: ${issue.message} (our wire schema)`);
}

/** Statuses in a checkout answer that our state machine does not know (the functions note them, never apply them). */
export function unknownStatuses(exchange: RecordedExchange): string[] {
  const body = exchange.responseBody as { result?: unknown } | null;
  const result = body?.result;
  const checkouts = Array.isArray((result as { content?: unknown } | null)?.content) ? ((result as { content: unknown[] }).content) : [result];
  return checkouts
    .map((checkout) => (checkout as { status?: unknown } | null)?.status)
    .filter((status): status is string => typeof status === 'string')
    .map((status) => status.toUpperCase().replace(/\s+/g, '_'))
    .filter((status) => !(CHECKOUT_STATUSES as readonly string[]).includes(status));
}
