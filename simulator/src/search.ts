/**
 * GET /checkout (search) over the store's checkouts: every filter of the spec, then one page.
 */
import type { CheckoutRecord } from './model';
import type { SearchPage } from './store-types';
import type { SearchInput } from './validation-ops';

/** `newestFirst` is every checkout, newest first; `byId` resolves `afterId`. */
export function searchCheckouts(newestFirst: CheckoutRecord[], byId: (id: string) => CheckoutRecord | undefined, q: SearchInput): SearchPage {
  const anchor = q.afterId === null ? undefined : byId(q.afterId);
  const matches = newestFirst.filter(
    (c) =>
      (q.requestId === null || c.requestId === q.requestId) &&
      (q.orderId === null || c.orderId === q.orderId) &&
      (q.statuses === null || q.statuses.includes(c.status)) &&
      (q.type === null || q.type === c.type) &&
      (q.customerReference === null || c.customer?.reference === q.customerReference) &&
      (q.customerEmail === null || c.customer?.email === q.customerEmail) &&
      (q.customerPhone === null || c.customer?.phone === q.customerPhone) &&
      (q.afterId === null || (anchor !== undefined && c.seq > anchor.seq)) &&
      (q.afterMs === null || c.createdAtMs > q.afterMs),
  );
  return {
    page: q.page,
    size: q.size,
    totalPages: Math.ceil(matches.length / q.size),
    totalElements: matches.length,
    content: matches.slice(q.page * q.size, (q.page + 1) * q.size),
  };
}
