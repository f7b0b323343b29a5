/**
 * Routing and handlers of the merchant API operations (checkouts and webhooks), after the
 * pipeline in api.ts has authenticated the request and parsed its body.
 */
import type { ApiContext } from './context';
import { ApiError, badRequest } from './envelope';
import { toCheckoutLinkResponse, toCheckoutQRResponse, toCheckoutResponse, type CheckoutRecord } from './model';
import { renderQrPngBase64 } from './qr';
import { API_CANCELLABLE, cancelError, TransitionError } from './store';
import { parseCreateCheckout } from './validation';
import { parseCreateLinkCheckout } from './validation-link';
import { parsePaging, parseRefund, parseSearch, parseWebhookAddress } from './validation-ops';
import { searchQuery } from './search-query';

export interface ApiRequest {
  method: string;
  /** Path after the prefix, without the query string or a trailing slash. */
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** What the kind default mode forgave in this request; sent back in `X-Simulator-Warning`. */
  warnings: string[];
}

export function notFound(): ApiError {
  return new ApiError(404, 'Not found');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw notFound();
  }
}

export async function route(ctx: ApiContext, req: ApiRequest): Promise<unknown> {
  const { method, path } = req;
  const parts = path.split('/').filter(Boolean).map(decodeSegment);

  if (parts[0] === 'checkout') {
    if (parts.length === 2 && parts[1] === 'qr' && method === 'POST') return createCheckout(ctx, req, 'QR');
    if (parts.length === 2 && parts[1] === 'link' && method === 'POST') return createCheckout(ctx, req, 'LINK');
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

async function createCheckout(ctx: ApiContext, req: ApiRequest, type: 'QR' | 'LINK') {
  const input = type === 'QR' ? parseCreateCheckout(req.body) : parseCreateLinkCheckout(req.body);
  const { record, duplicate } = await ctx.store.create(input, renderQrPngBase64, { strict: ctx.config.strict });
  ctx.log?.(`checkout ${record.id} ${duplicate ? 'returned again for' : 'created for'} requestId ${record.requestId}`);
  // A repeated requestId answers with the checkout it made, in that checkout's own create shape.
  return record.type === 'QR' ? toCheckoutQRResponse(record, ctx.publicUrl()) : toCheckoutLinkResponse(record, ctx.publicUrl());
}

function searchCheckouts(ctx: ApiContext, req: ApiRequest) {
  const query = searchQuery(req.query, ctx.config.strict, req.warnings);
  const page = ctx.store.search(parseSearch(query));
  return { ...page, content: page.content.map((record) => view(ctx, record)) };
}

function cancelCheckout(ctx: ApiContext, id: string) {
  const record = findCheckout(ctx, id);
  try {
    if (!API_CANCELLABLE.includes(record.status)) throw new TransitionError(record.status, 'cancel');
    ctx.store.transition(record, 'cancel', 'api');
  } catch (err) {
    throw cancelError(err);
  }
  return view(ctx, record);
}

function refundCheckout(ctx: ApiContext, id: string, req: ApiRequest) {
  const input = parseRefund(req.query, req.body);
  const record = findCheckout(ctx, id);
  ctx.store.refund(record, input, true, { strict: ctx.config.strict });
  return view(ctx, record);
}
