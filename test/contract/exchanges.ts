/**
 * Validates exchanges recorded by the simulator (`GET /_sim/exchanges`) against a vendor spec:
 * - every request against its operation's parameters, credential headers and body schema, and every response
 *   against the schema of its status;
 * - a request the spec forbids must have been refused (4xx): if it was, that is the simulator doing its job
 *   and not a violation; if it was answered 2xx, both sides are at fault and it is reported;
 * - a path or method the spec does not have must be answered inside the envelope with 404 (quirks Q14);
 * - exchanges shaped by an injected fault (http500, malformed, timeout, slow) are off-contract on purpose:
 *   their requests are still checked, their responses are not.
 */
import type { RecordedExchange } from '../../simulator/src/recorder';
import { OpenApiSpec } from './openapi';
import { UNKNOWN_PATH_STATUSES } from './quirks';

export type { RecordedExchange } from '../../simulator/src/recorder';

/** Prefix of the servers' URLs in both specs (`https://api.paymennt.com/mer/v2.0/`). */
export const API_PREFIX = '/mer/v2.0';

export function validateExchanges(exchanges: readonly RecordedExchange[], spec: OpenApiSpec = OpenApiSpec.load()): string[] {
  return exchanges.flatMap((exchange) => validateExchange(exchange, spec).map((v) => `#${exchange.seq} ${v}`));
}

export function validateExchange(exchange: RecordedExchange, spec: OpenApiSpec = OpenApiSpec.load()): string[] {
  const { method, status } = exchange;
  if (exchange.path !== API_PREFIX && !exchange.path.startsWith(`${API_PREFIX}/`)) {
    return [`${method} ${exchange.path}: not merchant API traffic (expected under ${API_PREFIX}/)`];
  }
  const path = exchange.path.slice(API_PREFIX.length).replace(/\/+$/, '') || '/';
  const match = spec.findOperation(method, path);

  if (!match) {
    if (exchange.fault !== null) return [];
    const refused = status !== null && UNKNOWN_PATH_STATUSES.includes(status) && isErrorEnvelope(exchange.responseBody);
    return refused
      ? []
      : [`${method} ${path}: not an operation of the spec, expected 404 with the error envelope, got ${status ?? 'no answer'} ${brief(exchange.responseBody)}`];
  }

  const requestViolations = spec.validateRequest(match, {
    method,
    path,
    query: exchange.query,
    headers: exchange.headers,
    contentType: exchange.contentType,
    body: exchange.requestBody,
  });
  const out: string[] = [];
  const refused = status !== null && status >= 400 && status < 500;
  if (!refused) {
    const answered = status === null ? 'with no answer (fault)' : `with ${status}`;
    out.push(...requestViolations.map((v) => `${v} (yet the simulator answered ${answered})`));
  }
  if (exchange.fault === null && status !== null) {
    out.push(...spec.validateResponse(match, { status, body: exchange.responseBody }));
  }
  return out;
}

function isErrorEnvelope(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const envelope = body as Record<string, unknown>;
  return envelope.success === false && typeof envelope.error === 'string' && typeof envelope.elapsed === 'number';
}

function brief(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
