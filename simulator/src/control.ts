/**
 * Test controls under /_sim (no authentication): drive checkouts as the customer or the
 * clock would, inspect deliveries and counters, inject faults, reset everything.
 * Answers are plain JSON (`{ ok, ... }`), not the merchant API envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from './api';
import { ConfigError } from './config';
import { FaultError } from './faults';
import { BodyTooLargeError, parseJsonObject, readBody, sendJson } from './http-util';
import { formatTimestamp, toCheckoutResponse } from './model';
import { CHECKOUT_ACTIONS, TransitionError, type CheckoutAction } from './store';

export const CONTROL_PREFIX = '/_sim';

class ControlError extends Error {
  constructor(
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
  }
}

export async function handleControl(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const parts = url.pathname.slice(CONTROL_PREFIX.length).split('/').filter(Boolean);
  try {
    let body: Record<string, unknown> = {};
    if (method !== 'GET') {
      const parsed = parseJsonObject(await readBody(req));
      if (parsed === undefined) throw new ControlError(400, 'body must be a JSON object');
      body = parsed;
    }
    const result = route(ctx, method, parts, body);
    sendJson(res, 200, result);
  } catch (err) {
    if (err instanceof ControlError) sendJson(res, err.httpStatus, { ok: false, error: err.message });
    else if (err instanceof FaultError || err instanceof ConfigError) sendJson(res, 400, { ok: false, error: err.message });
    else if (err instanceof BodyTooLargeError) sendJson(res, 413, { ok: false, error: err.message });
    else throw err;
  }
}

function route(ctx: ApiContext, method: string, parts: string[], body: Record<string, unknown>): unknown {
  const { store, webhooks, faults } = ctx;
  const view = (record: Parameters<typeof toCheckoutResponse>[0]) => toCheckoutResponse(record, ctx.publicUrl());
  const [resource, id, action] = parts;
  const key = `${method} ${resource ?? ''}${parts.length > 1 ? '/*' : ''}${parts.length > 2 ? '/*' : ''}`;

  switch (key) {
    case 'GET health':
      return { ok: true };
    case 'GET checkouts':
      return { checkouts: store.all().map(view) };
    case 'GET checkouts/*': {
      const record = store.get(id ?? '');
      if (!record) throw new ControlError(404, 'Checkout not found');
      return { ok: true, checkout: view(record) };
    }
    case 'POST checkouts/*/*': {
      const record = store.get(id ?? '');
      if (!record) throw new ControlError(404, 'Checkout not found');
      if (action === 'forget') {
        // The gateway no longer knows it: a checkout of another account, or purged. No webhook.
        store.forget(record.id);
        return { ok: true, checkout: view(record) };
      }
      if (!(CHECKOUT_ACTIONS as string[]).includes(action ?? '')) {
        throw new ControlError(404, `Unknown action; use one of ${[...CHECKOUT_ACTIONS, 'forget'].join(', ')}`);
      }
      if (body.webhook !== undefined && typeof body.webhook !== 'boolean') {
        throw new ControlError(400, 'webhook must be a boolean');
      }
      try {
        // `{ "webhook": false }` models a lost webhook: the status changes, nobody is told.
        store.transition(record, action as CheckoutAction, 'sim', body.webhook !== false);
      } catch (err) {
        if (err instanceof TransitionError) throw new ControlError(409, err.message);
        throw err;
      }
      return { ok: true, checkout: view(record) };
    }
    case 'GET deliveries':
      return { deliveries: webhooks.deliveries() };
    case 'GET webhooks':
      return { webhooks: webhooks.list() };
    case 'GET stats':
      return { ...store.stats };
    case 'POST reset':
      store.reset();
      webhooks.reset();
      faults.clear();
      ctx.recorder?.clear();
      // Back to the strict / latency / rate limit the simulator was started with.
      ctx.config.reset();
      ctx.rateLimiter.reset();
      return { ok: true };
    case 'GET config':
      return { ok: true, ...ctx.config.get() };
    case 'POST config':
      return { ok: true, ...ctx.config.update(body) };
    case 'GET exchanges':
      // Empty (and `recording: false`) unless the simulator was started with recordExchanges.
      return { recording: ctx.recorder !== undefined, dropped: ctx.recorder?.dropped ?? 0, exchanges: ctx.recorder?.list() ?? [] };
    case 'DELETE exchanges':
      ctx.recorder?.clear();
      return { ok: true };
    case 'GET faults':
      return { faults: faults.list() };
    case 'POST faults':
      return { ok: true, fault: faults.add(body) };
    case 'DELETE faults':
      faults.clear();
      return { ok: true };
    case 'GET clock':
      return clockView(ctx);
    case 'POST clock': {
      // Our addition: moves the simulated clock forward so expiry can be tested without waiting.
      const advanceMs = body.advanceMs;
      if (typeof advanceMs !== 'number' || !Number.isInteger(advanceMs) || advanceMs < 0) {
        throw new ControlError(400, 'advanceMs must be an integer >= 0');
      }
      store.clockOffsetMs += advanceMs;
      store.expireDue();
      return clockView(ctx);
    }
    default:
      throw new ControlError(404, 'Not found');
  }
}

function clockView(ctx: ApiContext) {
  const now = ctx.store.now();
  return { ok: true, offsetMs: ctx.store.clockOffsetMs, now: formatTimestamp(now) };
}

