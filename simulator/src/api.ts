/**
 * The merchant API under /mer/v2.0: the pipeline every request goes through, in order:
 * count, read the body, rate limit and fault (decided on arrival), latency, then either an
 * unprocessed answer (429, fault 5xx/429) or authentication, routing and the envelope, whose
 * answer a processed-then-spoiled fault may still withhold, garble, delay or turn into a 502.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { route } from './api-routes';
import { authenticated, credentialsPresent, presentedApiKey } from './auth';
import type { ApiContext } from './context';
import { ApiError, badRequest, errorEnvelope, successEnvelope, WARNING_HEADER, type ApiReply } from './envelope';
import { isUnprocessed, type Fault } from './faults';
import { BodyTooLargeError, isPlainObject, parseJsonObject, readBody, sendRaw } from './http-util';
import { queryRecord } from './recorder';
import type { ApiStats } from './store';

export type { ApiContext } from './context';

export const API_PREFIX = '/mer/v2.0';

const MALFORMED_BODY = '{"success": tru';
const JSON_TYPE = 'application/json; charset=utf-8';

/** Sends (and records) one answer; `status` null = never answered. */
type Answer = (status: number | null, body: string | undefined, fault: string | null, headers?: Record<string, string>) => void;
/** Sends (and records) an error envelope. */
type ErrorAnswer = (status: number, message: string, fault: string | null, headers?: Record<string, string>) => void;

export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const startedAt = Date.now();
  const method = req.method ?? 'GET';
  const path = url.pathname.slice(API_PREFIX.length).replace(/\/+$/, '') || '/';
  countCall(ctx.store.stats, method, path);

  let rawBody: Buffer | null = null;
  const answer: Answer = (status, body, fault, headers) => {
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
    if (status === null || body === undefined) return;
    for (const [name, value] of Object.entries(headers ?? {})) if (!res.headersSent) res.setHeader(name, value);
    sendRaw(res, status, JSON_TYPE, body);
  };
  const error: ErrorAnswer = (status, message, fault, headers) =>
    answer(status, JSON.stringify(errorEnvelope(startedAt, message)), fault, headers);

  try {
    rawBody = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      res.setHeader('Connection', 'close');
      error(413, 'Request body too large', null);
      return;
    }
    throw err;
  }

  const config = ctx.config.get();
  // Decided on arrival, so the order of requests (not of their delayed answers) counts.
  const rate = ctx.rateLimiter.take(presentedApiKey(req.headers), config.rateLimitPerSecond);
  const fault = rate.limited ? undefined : ctx.faults.take(method, path);
  if (config.latencyMs > 0) {
    // A timer, not a busy wait: concurrent requests each wait latencyMs side by side.
    await new Promise((resolve) => setTimeout(resolve, config.latencyMs));
    if (ctx.closed()) return;
  }

  if (rate.limited) {
    ctx.store.stats.rateLimited++;
    ctx.log?.(`rate limit: ${method} ${path} answered 429`);
    error(429, 'Too many requests', null, { 'Retry-After': String(rate.retryAfterSeconds) });
    return;
  }
  if (fault && isUnprocessed(fault.mode)) {
    answerUnprocessed(ctx, fault, method, path, error);
    return;
  }

  const reply = await process(ctx, req.headers, method, path, url.searchParams, rawBody, startedAt);
  if (fault) spoil(ctx, fault, method, path, reply, answer, error, res);
  else answer(reply.httpStatus, JSON.stringify(reply.envelope), null, reply.headers);
}

/** http500 / http502 / http429: the gateway answers without ever processing the request. */
function answerUnprocessed(ctx: ApiContext, fault: Fault, method: string, path: string, error: ErrorAnswer): void {
  ctx.log?.(`fault ${fault.mode} on ${method} ${path}`);
  if (fault.mode === 'http429') {
    ctx.store.stats.rateLimited++;
    error(429, 'Too many requests', fault.mode, { 'Retry-After': String(fault.retryAfterSeconds) });
  } else if (fault.mode === 'http502') {
    error(502, 'Bad gateway', fault.mode);
  } else {
    error(500, 'Internal server error', fault.mode);
  }
}

/** applied502 / timeout / malformed / slow: the request was processed (state changed), then its answer is spoiled. */
function spoil(
  ctx: ApiContext,
  fault: Fault,
  method: string,
  path: string,
  reply: ApiReply,
  answer: Answer,
  error: ErrorAnswer,
  res: ServerResponse,
): void {
  switch (fault.mode) {
    case 'applied502':
      ctx.log?.(`fault applied502 on ${method} ${path}: processed, answered 502`);
      error(502, 'Bad gateway', fault.mode);
      return;
    case 'timeout':
      // The socket stays open until the client gives up or the server closes.
      ctx.log?.(`fault timeout on ${method} ${path}: response withheld`);
      answer(null, undefined, fault.mode);
      return;
    case 'malformed':
      ctx.log?.(`fault malformed on ${method} ${path}`);
      answer(200, MALFORMED_BODY, fault.mode);
      return;
    case 'surprise': {
      // What the documents never showed: a status or field set on a successful result (an error is left alone).
      const { result } = reply.envelope;
      const surprised = reply.envelope.success && isPlainObject(result) ? { ...reply.envelope, result: { ...result, ...fault.fields } } : reply.envelope;
      answer(reply.httpStatus, JSON.stringify(surprised), fault.mode);
      return;
    }
    default: {
      ctx.log?.(`fault slow on ${method} ${path}: answering in ${fault.delayMs} ms`);
      const timer = setTimeout(() => answer(reply.httpStatus, JSON.stringify(reply.envelope), fault.mode, reply.headers), fault.delayMs);
      timer.unref();
      res.on('close', () => clearTimeout(timer));
    }
  }
}

function countCall(stats: ApiStats, method: string, path: string): void {
  if (method === 'POST' && (path === '/checkout/qr' || path === '/checkout/link')) stats.creates++;
  else if (method === 'GET' && path === '/checkout') stats.searches++;
  else if (method === 'GET' && /^\/checkout\/[^/]+$/.test(path)) stats.gets++;
  else if (method === 'POST' && /^\/checkout\/[^/]+\/cancel$/.test(path)) stats.cancels++;
  else if (method === 'POST' && /^\/checkout\/[^/]+\/refund$/.test(path)) stats.refunds++;
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
    if (!authenticated(headers, ctx.apiKey, ctx.apiSecret)) throw new ApiError(401, 'Invalid API key or secret');
    const body = method === 'GET' ? {} : parseJsonObject(rawBody);
    if (body === undefined) throw badRequest('Request body must be a JSON object');
    const warnings: string[] = [];
    const result = await route(ctx, { method, path, query, body, warnings });
    const extra = warnings.length > 0 ? { [WARNING_HEADER]: warnings.join('; ') } : undefined;
    return { httpStatus: 200, envelope: successEnvelope(startedAt, result), headers: extra };
  } catch (err) {
    if (err instanceof ApiError) return { httpStatus: err.httpStatus, envelope: errorEnvelope(startedAt, err.message) };
    ctx.log?.(`internal error on ${method} ${path}: ${err instanceof Error ? err.message : String(err)}`);
    return { httpStatus: 500, envelope: errorEnvelope(startedAt, 'Internal server error') };
  }
}
