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
}

const CHECKOUT_TYPES = ['QR', 'WEB', 'MOBILE', 'LINK', 'TERMINAL'];
const PAGE_ERROR = 'page size parameter must be a positive integer';

/** Validates the query of GET /checkout (search). */
export function parseSearch(query: URLSearchParams): SearchInput {
  const int = (name: string, fallback: number, min: number): number => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    if (!/^\d+$/.test(raw.trim())) throw badRequest(PAGE_ERROR);
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min) throw badRequest(PAGE_ERROR);
    return n;
  };
  const opt = (name: string): string | null => {
    const value = query.get(name);
    return value === null || value === '' ? null : value;
  };

  let statuses: CheckoutStatus[] | null = null;
  const statusParam = opt('status');
  if (statusParam !== null) {
    statuses = statusParam.split(',').map((s) => {
      const status = s.trim().toUpperCase();
      if (!(CHECKOUT_STATUSES as readonly string[]).includes(status)) {
        throw badRequest(`status must be a comma-separated list of ${CHECKOUT_STATUSES.join(', ')}`);
      }
      return status as CheckoutStatus;
    });
  }
  const type = opt('type')?.toUpperCase() ?? null;
  if (type !== null && !CHECKOUT_TYPES.includes(type)) {
    throw badRequest(`type must be one of ${CHECKOUT_TYPES.join(', ')}`);
  }

  return {
    page: int('page', 0, 0),
    size: int('size', 20, 1),
    requestId: opt('requestId'),
    orderId: opt('orderId'),
    statuses,
    type,
    customerReference: opt('customer.reference'),
    customerEmail: opt('customer.email'),
    customerPhone: opt('customer.phone'),
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
