/**
 * Every secret and setting, declared once. Values are read with `.value()` only at run time (inside a
 * handler), never at module load, so deploy-time discovery never needs them.
 */
import { defineBoolean, defineInt, defineString } from 'firebase-functions/params';

// Secrets are per PointCheckout account: declared in accounts.ts.
export { gatewaySecrets, webhookSecrets } from './accounts';

export const WEBHOOK_SIGNATURE_HEADER = defineString('WEBHOOK_SIGNATURE_HEADER', {
  default: 'X-PointCheckout-Signature',
  description: 'Header that carries the hex HMAC-SHA256 of the webhook body',
});

export const RECONCILE_AFTER_MINUTES = defineInt('RECONCILE_AFTER_MINUTES', {
  default: 10,
  description: 'Reconciliation first asks PointCheckout about a new checkout after this many minutes (or at its expiry)',
});

export const RECONCILE_CONCURRENCY = defineInt('RECONCILE_CONCURRENCY', {
  default: 32,
  description: 'Gateway lookups one reconciliation shard keeps in flight at most (its pace bounds the rate)',
});

export const RECONCILE_BUDGET_SECONDS = defineInt('RECONCILE_BUDGET_SECONDS', {
  default: 270,
  description: 'A scheduled run enqueues no more checkouts than the shards can check in this long at RECONCILE_GATEWAY_RATE',
});

/**
 * PointCheckout's rate limit is per merchant account, shared by every caller: reconciliation gets this share of
 * it in all (the rest is left to cashiers' creates, refunds and webhooks), split evenly between the shards the
 * queue runs at once.
 */
export const RECONCILE_GATEWAY_RATE = defineInt('RECONCILE_GATEWAY_RATE', {
  default: 40,
  description: 'Requests per second all reconciliation shards together may send to PointCheckout',
});

export const RECONCILE_SHARDS_AT_ONCE = defineInt('RECONCILE_SHARDS_AT_ONCE', {
  default: 4,
  description: "Reconciliation shards the task queue runs at once (its maxConcurrentDispatches); each paces itself to RECONCILE_GATEWAY_RATE / this",
});

export const GATEWAY_UNKNOWN_AFTER_FAILURES = defineInt('GATEWAY_UNKNOWN_AFTER_FAILURES', {
  default: 5,
  description: 'Get Checkout "not found" answers before a checkout is marked gatewayUnknown',
});

export const GATEWAY_UNKNOWN_AFTER_MINUTES = defineInt('GATEWAY_UNKNOWN_AFTER_MINUTES', {
  default: 60,
  description: 'The first and last of those answers must be at least this many minutes apart',
});

export const POINTCHECKOUT_BASE_URL = defineString('POINTCHECKOUT_BASE_URL', {
  default: 'https://api.test.paymennt.com/mer/v2.0/',
  description: "PointCheckout merchant API v2.0 base URL (test: api.test.paymennt.com, live: api.paymennt.com)",
});

/** PointCheckout's 2023+ spec names the headers X-Paymennt-Api-*; both families are accepted by the vendor. */
/** Whether the default account is PointCheckout's test or live environment; stored on every checkout it makes. */
export const POINTCHECKOUT_MODE = defineString('POINTCHECKOUT_MODE', {
  default: 'test',
  description: 'test or live: the mode of the default PointCheckout account',
});

export const POINTCHECKOUT_HEADER_FAMILY = defineString('POINTCHECKOUT_HEADER_FAMILY', {
  default: 'pointcheckout',
  description: 'Which API-key header names to send: X-PointCheckout-Api-* or X-Paymennt-Api-*',
});

export const POINTCHECKOUT_TIMEOUT_MS = defineInt('POINTCHECKOUT_TIMEOUT_MS', {
  default: 10000,
  description: 'Timeout of one request to PointCheckout, in milliseconds',
});

export const REPORT_TIME_ZONE = defineString('REPORT_TIME_ZONE', {
  default: 'Asia/Dubai',
  description: 'IANA time zone of the end-of-day report: a checkout counts in the day and hour it was created there',
});

export const FUNCTIONS_REGION = defineString('FUNCTIONS_REGION', {
  default: 'us-central1',
  description: 'Region of every function (choose the one closest to your merchants and Firestore database)',
});

export const ENFORCE_APP_CHECK = defineBoolean('ENFORCE_APP_CHECK', {
  default: false,
  description: 'Refuse callable requests without a valid App Check token (turn on in production)',
});

/** Off when empty. Eventarc channel the checkout events go to, e.g. `locations/us-central1/channels/firebase`. */
export const EVENTS_CHANNEL = defineString('EVENTS_CHANNEL', {
  default: '',
  description: 'Eventarc channel for com.pointcheckout.checkout.* events (empty: no events are published)',
});

/** Off when empty. A document path template with `{orderId}` (and optionally `{checkoutId}`), e.g. `orders/{orderId}`. */
export const ORDER_STATUS_MIRROR_PATH = defineString('ORDER_STATUS_MIRROR_PATH', {
  default: '',
  description: "Document that mirrors each order's payment status, e.g. orders/{orderId} (empty: no mirror)",
});

/**
 * Off by default: test payments never mark an order or reach an events consumer. Turn on only in a staging
 * project whose orders are themselves test orders.
 */
export const EVENTS_INCLUDE_TEST_MODE = defineBoolean('EVENTS_INCLUDE_TEST_MODE', {
  default: false,
  description: 'Also mirror and publish checkouts of test-mode accounts (off: live checkouts only)',
});

/** Off: an order id is per branch (two branches' ORD-1 are two orders). On: per merchant; always per account and mode. */
export const ORDER_IDS_MERCHANT_WIDE = defineBoolean('ORDER_IDS_MERCHANT_WIDE', {
  default: false,
  description: "Order ids are one space across branches (a branch's manager or the owner releases an order another branch holds)",
});

export const ORDER_STATUS_MIRROR_FIELD = defineString('ORDER_STATUS_MIRROR_FIELD', {
  default: 'paymentStatus',
  description: 'Field of that document that holds the status (its source, for ordering, goes in <field>Source)',
});

