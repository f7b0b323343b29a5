/**
 * The public contract of checkout events: CloudEvent types, their data, and the id consumers de-duplicate on.
 * Pure: no I/O. Documented in docs/events-and-kit.md ("Events"); changing a name here is a breaking change for merchants.
 */
import type { CheckoutStatus } from '../domain/status';

export const EVENT_TYPE_PREFIX = 'com.pointcheckout.checkout.';

/** Statuses that publish an event. A new checkout (PENDING) publishes none: nothing happened to the order yet. */
const TYPE_SUFFIX: Partial<Record<CheckoutStatus, string>> = {
  AUTHORIZED: 'authorized',
  PAID: 'paid',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
  REFUNDED: 'refunded',
  PARTIALLY_REFUNDED: 'partially_refunded',
};

/**
 * Published instead of `paid` when a checkout adopted after its order was already paid by another turns out paid
 * too (`duplicatePayment`): the customer paid twice, and a person decides on the refund.
 */
export const DUPLICATE_PAYMENT_TYPE = `${EVENT_TYPE_PREFIX}duplicate_payment`;

export const CHECKOUT_EVENT_TYPES = [...Object.values(TYPE_SUFFIX).map((suffix) => `${EVENT_TYPE_PREFIX}${suffix}`), DUPLICATE_PAYMENT_TYPE];

export function eventTypeFor(status: CheckoutStatus, checkout: { duplicatePayment?: boolean } = {}): string | null {
  if (checkout.duplicatePayment && status === 'PAID') return DUPLICATE_PAYMENT_TYPE;
  const suffix = TYPE_SUFFIX[status];
  return suffix === undefined ? null : `${EVENT_TYPE_PREFIX}${suffix}`;
}

/** The CloudEvent `source` of every checkout event. */
export const EVENT_SOURCE = 'pointcheckout-firebase';

/** The CloudEvent `data`. Amounts are decimal strings with the currency's decimals, as on the wire. */
export interface CheckoutEventData {
  checkoutId: string;
  orderId: string;
  status: CheckoutStatus;
  amount: string;
  currency: string;
  totalRefunded: string;
  /** The PointCheckout branch of the checkout; null until branches are recorded on checkouts. */
  branchId: string | null;
  /** The checkout's version after this transition: 1, 2, 3… in order; sort by it, never by arrival. */
  version: number;
  /** The PointCheckout account the checkout was made with, and its mode: act on `live` only (test is never money). */
  account: string;
  /** null only for checkouts made before accounts had modes. */
  mode: 'test' | 'live' | null;
}

/**
 * One id per transition, whatever happens to the publish: a retry after a lost acknowledgement publishes the
 * same id again, so consumers de-duplicate on it.
 */
export function cloudEventId(checkoutId: string, version: number): string {
  return `${checkoutId}-${version}`;
}
