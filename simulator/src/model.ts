/**
 * Checkout domain types, money helpers and the wire views (`CheckoutResponse`,
 * `CheckoutQRResponse`) built from the spec's schemas (PC-SPEC@30206c9).
 */

/** Wire statuses are the UPPERCASE enum names (research §9.1); the spec's labels are display text. */
export const CHECKOUT_STATUSES = [
  'PENDING',
  'AUTHORIZED',
  // In the 2026 spec (search filter and response enums); meaning undocumented (research §9.1).
  'PENDING_CONFIRMATION',
  'PAID',
  'FAILED',
  'CANCELLED',
  'EXPIRED',
  'REFUNDED',
  'PARTIALLY_REFUNDED',
  'CHARGEBACK',
] as const;
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];

/** Payment-method enum of the request (2022 spec plus the Paymennt-era additions). */
export const PAYMENT_METHODS = [
  'CARD',
  'POINTCHECKOUT',
  'VISA',
  'MASTERCARD',
  'AMEX',
  'UNIONPAY',
  'TABBY',
  'CAREEM_PAY',
] as const;

/**
 * Amounts are kept as integer thousandths of the major unit ("minor" below), so that
 * 3-decimal currencies (BHD, KWD, OMR) fit and repeated refunds never drift.
 */
export const MINOR_PER_MAJOR = 1000;

export function toMajor(minor: number): number {
  return minor / MINOR_PER_MAJOR;
}

export interface CustomerRecord {
  id: string | null;
  reference: string | null;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
}

export interface AddressRecord {
  name: string;
  address1: string;
  address2: string | null;
  city: string;
  state: string | null;
  zip: string | null;
  country: string;
}

export interface ItemRecord {
  name: string;
  sku: string | null;
  unitprice: number | null;
  quantity: number;
  linetotal: number;
}

export interface TotalsRecord {
  subtotal: number;
  tax: number;
  shipping: number;
  handling: number;
  discount: number;
  skipTotalsValidation: boolean;
}

export interface RefundRecord {
  amountMinor: number;
  currency: string;
  note: string;
  referenceId: string | null;
  at: string;
}

export interface StatusChange {
  from: CheckoutStatus | null;
  to: CheckoutStatus;
  source: string;
  at: string;
}

/** Everything the simulator knows about one checkout (internal; never sent as is). */
export interface CheckoutRecord {
  /** Creation order, used for "newest first" (timestamps can tie within a millisecond). */
  seq: number;
  id: string;
  displayId: string;
  checkoutKey: string;
  requestId: string;
  orderId: string;
  description: string | null;
  deviceReference: string | null;
  currency: string;
  amountMinor: number;
  status: CheckoutStatus;
  totalRefundedMinor: number;
  usedPaymentMethod: string | null;
  qrSize: number;
  base64QR: string;
  customer: CustomerRecord | null;
  billingAddress: AddressRecord | null;
  items: ItemRecord[] | null;
  totals: TotalsRecord | null;
  allowedPaymentMethods: string[] | null;
  defaultPaymentMethod: string | null;
  language: string | null;
  branchId: string;
  branchName: string;
  /** Creation time in epoch ms (simulated clock). */
  createdAtMs: number;
  /** Expiry time in epoch ms (simulated clock); internal only, `expiresAt` is not a spec field. */
  expiresAtMs: number;
  timestamp: string;
  refunds: RefundRecord[];
  history: StatusChange[];
}

/** A record with its null fields left out: the spec declares no nullable field, so absent is absent. */
export type Present<T> = { [K in keyof T as null extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as null extends T[K] ? K : never]?: Exclude<T[K], null>;
};

/** `CheckoutResponse` of the spec: what GET /checkout/{id}, search, cancel, refund and webhooks return. */
export interface CheckoutResponse {
  id: string;
  displayId: string;
  checkoutKey: string;
  requestId: string;
  orderId: string;
  currency: string;
  amount: number;
  cashAmount: number;
  branchId: string;
  branchName: string;
  status: CheckoutStatus;
  totalRefunded: number;
  redirectUrl: string;
  /** Absent until paid. */
  usedPaymentMethod?: string;
  /** Absent when the request had none (QR checkouts never have a `deliveryAddress`). */
  customer?: Present<CustomerRecord>;
  billingAddress?: Present<AddressRecord>;
  firebaseDatabase: string;
  firebaseCollection: string;
  firebaseDocument: string;
  timestamp: string;
}

/** `CheckoutQRResponse`: the create result, i.e. `CheckoutResponse` plus the QR PNG. */
export interface CheckoutQRResponse extends CheckoutResponse {
  base64QR: string;
}

/** Placeholder Firestore coordinates: the real ones name PointCheckout's own Firebase project. */
export const FIREBASE_DATABASE = 'pc-sim';
export const FIREBASE_COLLECTION = 'checkouts';

export function redirectUrlFor(publicUrl: string, checkoutKey: string): string {
  return `${publicUrl}/checkout/${checkoutKey}`;
}

/** Copies `value` without its null-valued properties (one level deep). */
export function withoutNulls<T extends object>(value: T): Present<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as Present<T>;
}

export function toCheckoutResponse(record: CheckoutRecord, publicUrl: string): CheckoutResponse {
  const view: CheckoutResponse = {
    id: record.id,
    displayId: record.displayId,
    checkoutKey: record.checkoutKey,
    requestId: record.requestId,
    orderId: record.orderId,
    currency: record.currency,
    amount: toMajor(record.amountMinor),
    cashAmount: 0,
    branchId: record.branchId,
    branchName: record.branchName,
    status: record.status,
    totalRefunded: toMajor(record.totalRefundedMinor),
    redirectUrl: redirectUrlFor(publicUrl, record.checkoutKey),
    firebaseDatabase: FIREBASE_DATABASE,
    firebaseCollection: FIREBASE_COLLECTION,
    firebaseDocument: record.id,
    timestamp: record.timestamp,
  };
  // Fields with no value are left out rather than sent as null (the spec has no nullable fields).
  if (record.usedPaymentMethod !== null) view.usedPaymentMethod = record.usedPaymentMethod;
  if (record.customer) view.customer = withoutNulls(record.customer);
  if (record.billingAddress) view.billingAddress = withoutNulls(record.billingAddress);
  return view;
}

export function toCheckoutQRResponse(record: CheckoutRecord, publicUrl: string): CheckoutQRResponse {
  return { ...toCheckoutResponse(record, publicUrl), base64QR: record.base64QR };
}

/** `yyyy-MM-ddTHH:mm:ss.SSS+0000`, the spec's `timestamp` format, always in UTC. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
