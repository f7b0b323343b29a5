/**
 * Checkout domain types, money helpers and the wire views (`CheckoutResponse`,
 * `CheckoutQRResponse`) built from the spec's schemas (PC-SPEC@30206c9).
 */
import type { AddressRecord, CheckoutType, CustomerRecord, ItemRecord, RefundRecord, StatusChange, TotalsRecord } from './records';


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

export type { AddressRecord, CheckoutType, CustomerRecord, ItemRecord, RefundRecord, StatusChange, TotalsRecord } from './records';

/** Everything the simulator knows about one checkout (internal; never sent as is). */
export interface CheckoutRecord {
  /** Creation order, used for "newest first" (timestamps can tie within a millisecond). */
  seq: number;
  type: CheckoutType;
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
  /** Link checkouts only (the QR request has none). */
  deliveryAddress: AddressRecord | null;
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

/**
 * `CheckoutResponse` of the spec: what GET /checkout/{id}, search, cancel, refund and webhooks return.
 * Every field the spec lists is present, `null` when there is no value: the vendor's PHP SDK reads
 * `usedPaymentMethod`, `customer.id`, `billingAddress.zip`, … unconditionally, so a missing one is an
 * "Undefined property" warning in the merchant's code (docs/simulator.md, "Using PointCheckout's own SDKs").
 */
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
  /** null until paid. */
  usedPaymentMethod: string | null;
  customer: CustomerRecord | null;
  billingAddress: AddressRecord | null;
  deliveryAddress: AddressRecord | null;
  firebaseDatabase: string;
  firebaseCollection: string;
  firebaseDocument: string;
  timestamp: string;
}

/** `CheckoutQRResponse`: the QR create result, i.e. `CheckoutResponse` plus the QR PNG. */
export interface CheckoutQRResponse extends CheckoutResponse {
  base64QR: string;
}

/** `CheckoutLinkResponse`: the link create result (no QR in the spec), plus `subscriptionId`. */
export interface CheckoutLinkResponse extends CheckoutResponse {
  subscriptionId: string | null;
}

/** Placeholder Firestore coordinates: the real ones name PointCheckout's own Firebase project. */
export const FIREBASE_DATABASE = 'pc-sim';
export const FIREBASE_COLLECTION = 'checkouts';

export function redirectUrlFor(publicUrl: string, checkoutKey: string): string {
  return `${publicUrl}/checkout/${checkoutKey}`;
}

export function toCheckoutResponse(record: CheckoutRecord, publicUrl: string): CheckoutResponse {
  return {
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
    usedPaymentMethod: record.usedPaymentMethod,
    customer: record.customer && { ...record.customer },
    billingAddress: record.billingAddress && { ...record.billingAddress },
    deliveryAddress: record.deliveryAddress && { ...record.deliveryAddress },
    firebaseDatabase: FIREBASE_DATABASE,
    firebaseCollection: FIREBASE_COLLECTION,
    firebaseDocument: record.id,
    timestamp: record.timestamp,
  };
}

export function toCheckoutQRResponse(record: CheckoutRecord, publicUrl: string): CheckoutQRResponse {
  return { ...toCheckoutResponse(record, publicUrl), base64QR: record.base64QR };
}

export function toCheckoutLinkResponse(record: CheckoutRecord, publicUrl: string): CheckoutLinkResponse {
  // The simulator has no subscriptions, so no checkout is ever issued for one.
  return { ...toCheckoutResponse(record, publicUrl), subscriptionId: null };
}

/** `yyyy-MM-ddTHH:mm:ss.SSS+0000`, the spec's `timestamp` format, always in UTC. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
