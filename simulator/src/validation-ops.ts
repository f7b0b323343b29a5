/** Validation of the refund, search and webhook requests. */
import { badRequest } from './envelope';
import { currencyCode, money, optionalText, requiredText, type Obj } from './fields';
import { CHECKOUT_STATUSES, type CheckoutStatus } from './model';

/** Validated refund parameters. */
export interface RefundInput {
  amountMinor: number;
  currency: string;
  note: string;
  referenceId: string | null;
}

/**
 * Refund parameters come from the query string (the spec) or a JSON body (what the PHP SDK
 * sends for amount/currency); both are merged and the query string wins.
 */
export function parseRefund(query: URLSearchParams, body: Obj): RefundInput {
  const merged: Obj = { ...body };
  for (const key of ['amount', 'currency', 'note', 'referenceId']) {
    const value = query.get(key);
    if (value !== null) merged[key] = value;
  }
  return {
    amountMinor: money(merged.amount, 'amount', true),
    currency: currencyCode(merged.currency, 'currency'),
    note: requiredText(merged, 'note', 'note', 1000),
    referenceId: optionalText(merged, 'referenceId', 'referenceId'),
  };
}

export interface SearchInput {
  page: number;
  size: number;
  requestId: string | null;
  orderId: string | null;
  statuses: CheckoutStatus[] | null;
  type: string | null;
  customerReference: string | null;
  customerEmail: string | null;
  customerPhone: string | null;
  /** Only checkouts created after the checkout with this id (ids are not ordered in the simulator). */
  afterId: string | null;
  /** Only checkouts created after this instant (epoch ms; the parameter is UTC `yyyy-mm-dd HH:MM:SS`). */
  afterMs: number | null;
}

export interface Paging {
  page: number;
  size: number;
}

/** Every status of the 2026 spec's search filter, which is also every status a checkout can reach. */
const SEARCH_STATUSES: readonly string[] = CHECKOUT_STATUSES;

const CHECKOUT_TYPES = ['QR', 'WEB', 'MOBILE', 'LINK', 'TERMINAL'];
const PAGE_ERROR = 'page size parameter must be a positive integer';

/** `page` (>= 0, default 0) and `size` (>= 1, default 20), as the spec's list operations take them. */
export function parsePaging(query: URLSearchParams): Paging {
  const int = (name: string, fallback: number, min: number): number => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    if (!/^\d+$/.test(raw.trim())) throw badRequest(PAGE_ERROR);
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min) throw badRequest(PAGE_ERROR);
    return n;
  };
  return { page: int('page', 0, 0), size: int('size', 20, 1) };
}

/** Validates the query of GET /checkout (search). */
export function parseSearch(query: URLSearchParams): SearchInput {
  const opt = (name: string): string | null => {
    const value = query.get(name);
    return value === null || value === '' ? null : value;
  };

  let statuses: CheckoutStatus[] | null = null;
  const statusParam = opt('status');
  if (statusParam !== null) {
    statuses = statusParam.split(',').map((s) => {
      const status = s.trim().toUpperCase();
      if (!SEARCH_STATUSES.includes(status)) {
        throw badRequest(`status must be a comma-separated list of ${SEARCH_STATUSES.join(', ')}`);
      }
      return status as CheckoutStatus;
    });
  }
  const type = opt('type')?.toUpperCase() ?? null;
  if (type !== null && !CHECKOUT_TYPES.includes(type)) {
    throw badRequest(`type must be one of ${CHECKOUT_TYPES.join(', ')}`);
  }
  const afterId = opt('afterId');
  if (afterId !== null && !/^\d{1,19}$/.test(afterId)) throw badRequest('afterId must be an integer');
  const afterTimestamp = opt('afterTimestamp');
  let afterMs: number | null = null;
  if (afterTimestamp !== null) {
    const match = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(afterTimestamp);
    afterMs = match ? Date.parse(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`) : NaN;
    if (Number.isNaN(afterMs)) throw badRequest('afterTimestamp must be formatted yyyy-mm-dd HH:MM:SS');
  }

  return {
    ...parsePaging(query),
    requestId: opt('requestId'),
    orderId: opt('orderId'),
    statuses,
    type,
    customerReference: opt('customer.reference'),
    customerEmail: opt('customer.email'),
    customerPhone: opt('customer.phone'),
    afterId,
    afterMs,
  };
}

/** Validates the body of POST /webhooks. */
export function parseWebhookAddress(body: Obj): string {
  const address = requiredText(body, 'address', 'address', 2048);
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw badRequest('address must be an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('address must be an http(s) URL');
  return address;
}
