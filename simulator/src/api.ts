/**
 * The merchant API under /mer/v2.0: authentication, routing, fault injection and the
 * envelope. Handlers return an `ApiReply`; the fault layer then decides how to send it.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, errorEnvelope, successEnvelope, type ApiReply } from './envelope';
import type { Faults } from './faults';
import { BodyTooLargeError, parseJsonObject, readBody, sendRaw } from './http-util';
import { toCheckoutQRResponse, toCheckoutResponse, type CheckoutRecord } from './model';
import { renderQrPngBase64 } from './qr';
import { queryRecord, type ExchangeRecorder } from './recorder';
import { cancelError, type ApiStats, type CheckoutStore } from './store';
import { parseCreateCheckout } from './validation';
import { parsePaging, parseRefund, parseSearch, parseWebhookAddress } from './validation-ops';
import type { Webhooks } from './webhooks';

export const API_PREFIX = '/mer/v2.0';

export interface ApiContext {
  store: CheckoutStore;
  webhooks: Webhooks;
  faults: Faults;
  apiKey: string;
  apiSecret: string;
  publicUrl: () => string;
  log?: (line: string) => void;
  /** Set when exchanges are recorded (option `recordExchanges`). */
  recorder?: ExchangeRecorder;
}

interface ApiRequest {
  method: string;
  /** Path after the prefix, without the query string or a trailing slash. */
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

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

const MALFORMED_BODY = '{"success": tru';
const JSON_TYPE = 'application/json; charset=utf-8';

export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const startedAt = Date.now();
  const method = req.method ?? 'GET';
  const path = url.pathname.slice(API_PREFIX.length).replace(/\/+$/, '') || '/';
  countCall(ctx.store.stats, method, path);

  let rawBody: Buffer | null = null;
  // Records the exchange (when recording is on) as it is answered; `status` null = never answered.
  const answer = (status: number | null, body: string | undefined, fault: string | null) => {
    ctx.recorder?.record(
      {
        method,
        path: url.pathname,
        query: queryRecord(url.searchParams),
        headers: Object.keys(req.headers),
        contentType: req.headers['content-type'] ?? null,
        authPresent: credentialsPresent(req.headers),
        requestBody: rawBody,
        status,
        responseBody: body,
        fault,
      },
      startedAt,
    );
    if (status !== null && body !== undefined) sendRaw(res, status, JSON_TYPE, body);
  };

  try {
    rawBody = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      res.setHeader('Connection', 'close');
      answer(413, JSON.stringify(errorEnvelope(startedAt, 'Request body too large')), null);
      return;
    }
    throw err;
  }

  const fault = ctx.faults.take(method, path);
  if (fault?.mode === 'http500') {
    ctx.log?.(`fault http500 on ${method} ${path}`);
    answer(500, JSON.stringify(errorEnvelope(startedAt, 'Internal server error')), fault.mode);
    return;
  }

  const reply = await process(ctx, req.headers, method, path, url.searchParams, rawBody, startedAt);

  switch (fault?.mode) {
    case 'timeout':
      // The request was processed (state changed) but the answer is never sent: the socket
      // stays open until the client gives up or the server closes.
      ctx.log?.(`fault timeout on ${method} ${path}: response withheld`);
      answer(null, undefined, fault.mode);
      return;
    case 'malformed':
      ctx.log?.(`fault malformed on ${method} ${path}`);
      answer(200, MALFORMED_BODY, fault.mode);
      return;
    case 'slow': {
      ctx.log?.(`fault slow on ${method} ${path}: answering in ${fault.delayMs} ms`);
      const timer = setTimeout(() => answer(reply.httpStatus, JSON.stringify(reply.envelope), fault.mode), fault.delayMs);
      timer.unref();
      res.on('close', () => clearTimeout(timer));
      return;
    }
    default:
      answer(reply.httpStatus, JSON.stringify(reply.envelope), null);
  }
}

function countCall(stats: ApiStats, method: string, path: string): void {
  if (method === 'POST' && path === '/checkout/qr') stats.creates++;
  else if (method === 'GET' && path === '/checkout') stats.searches++;
  else if (method === 'GET' && /^\/checkout\/[^/]+$/.test(path)) stats.gets++;
  else if (method === 'POST' && /^\/checkout\/[^/]+\/cancel$/.test(path)) stats.cancels++;
  else if (method === 'POST' && /^\/checkout\/[^/]+\/refund$/.test(path)) stats.refunds++;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether some accepted key + secret header pair is complete (whatever its values). */
function credentialsPresent(headers: IncomingHttpHeaders): boolean {
  return CREDENTIAL_HEADERS.some(([k, s]) => typeof headers[k] === 'string' && typeof headers[s] === 'string');
}

function authenticated(ctx: ApiContext, headers: IncomingHttpHeaders): boolean {
  return CREDENTIAL_HEADERS.some(([keyHeader, secretHeader]) => {
    const key = headers[keyHeader];
    const secret = headers[secretHeader];
    return (
      typeof key === 'string' && typeof secret === 'string' && sameSecret(key, ctx.apiKey) && sameSecret(secret, ctx.apiSecret)
    );
  });
}

async function process(
  ctx: ApiContext,
  headers: IncomingHttpHeaders,
  method: string,
  path: string,
  query: URLSearchParams,
  rawBody: Buffer,
  startedAt: number,
): Promise<ApiReply> {
  try {
    // The vendor documents no status for bad credentials (research §2); 401 is our choice.
    if (!authenticated(ctx, headers)) throw new ApiError(401, 'Invalid API key or secret');
    const body = method === 'GET' ? {} : parseJsonObject(rawBody);
    if (body === undefined) throw badRequest('Request body must be a JSON object');
    const result = await route(ctx, { method, path, query, body });
    return { httpStatus: 200, envelope: successEnvelope(startedAt, result) };
  } catch (err) {
    if (err instanceof ApiError) return { httpStatus: err.httpStatus, envelope: errorEnvelope(startedAt, err.message) };
    ctx.log?.(`internal error on ${method} ${path}: ${err instanceof Error ? err.message : String(err)}`);
    return { httpStatus: 500, envelope: errorEnvelope(startedAt, 'Internal server error') };
  }
}

function notFound(): ApiError {
  return new ApiError(404, 'Not found');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw notFound();
  }
}

async function route(ctx: ApiContext, req: ApiRequest): Promise<unknown> {
  const { method, path } = req;
  const parts = path.split('/').filter(Boolean).map(decodeSegment);

  if (parts[0] === 'checkout') {
    if (parts.length === 2 && parts[1] === 'qr' && method === 'POST') return createCheckout(ctx, req);
    if (parts.length === 1 && method === 'GET') return searchCheckouts(ctx, req);
    const id = parts[1];
    if (id !== undefined && parts.length === 2 && method === 'GET') return view(ctx, findCheckout(ctx, id));
    if (id !== undefined && parts.length === 3 && method === 'POST') {
      if (parts[2] === 'cancel') return cancelCheckout(ctx, id);
      if (parts[2] === 'refund') return refundCheckout(ctx, id, req);
    }
    throw notFound();
  }

  if (parts[0] === 'webhooks') {
    const { webhooks } = ctx;
    if (parts.length === 1 && method === 'GET') {
      // The spec pages this list (page, size) but returns a bare array (research §7.1).
      const { page, size } = parsePaging(req.query);
      return webhooks.list().slice(page * size, (page + 1) * size);
    }
    if (parts.length === 1 && method === 'POST') return webhooks.create(parseWebhookAddress(req.body));
    const id = parts[1];
    if (id !== undefined && parts.length === 2 && method === 'GET') return webhookOr400(webhooks.get(id));
    if (id !== undefined && parts.length === 3 && method === 'POST') {
      switch (parts[2]) {
        case 'test': {
          const hook = webhookOr400(webhooks.get(id));
          webhooks.sendTest(id);
          return hook;
        }
        case 'enable':
          return webhookOr400(webhooks.setEnabled(id, true));
        case 'disable':
          return webhookOr400(webhooks.setEnabled(id, false));
        case 'delete':
          return webhookOr400(webhooks.delete(id));
      }
    }
  }
  throw notFound();
}

function view(ctx: ApiContext, record: CheckoutRecord) {
  return toCheckoutResponse(record, ctx.publicUrl());
}

function findCheckout(ctx: ApiContext, id: string): CheckoutRecord {
  const record = ctx.store.get(id);
  if (!record) throw badRequest('Checkout not found for API merchant');
  return record;
}

function webhookOr400<T>(hook: T | undefined): T {
  if (!hook) throw badRequest('Webhook not found for API merchant');
  return hook;
}

async function createCheckout(ctx: ApiContext, req: ApiRequest) {
  const input = parseCreateCheckout(req.body);
  const { record, duplicate } = await ctx.store.create(input, renderQrPngBase64);
  ctx.log?.(`checkout ${record.id} ${duplicate ? 'returned again for' : 'created for'} requestId ${record.requestId}`);
  return toCheckoutQRResponse(record, ctx.publicUrl());
}

function searchCheckouts(ctx: ApiContext, req: ApiRequest) {
  const page = ctx.store.search(parseSearch(req.query));
  return { ...page, content: page.content.map((record) => view(ctx, record)) };
}

function cancelCheckout(ctx: ApiContext, id: string) {
  const record = findCheckout(ctx, id);
  try {
    ctx.store.transition(record, 'cancel', 'api');
  } catch (err) {
    throw cancelError(err);
  }
  return view(ctx, record);
}

function refundCheckout(ctx: ApiContext, id: string, req: ApiRequest) {
  const input = parseRefund(req.query, req.body);
  const record = findCheckout(ctx, id);
  ctx.store.refund(record, input);
  return view(ctx, record);
}
