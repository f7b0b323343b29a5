/**
 * The shape of `checkouts/{checkoutId}` and of its `events`, validated on every read so that a corrupt or
 * hand-edited document fails loudly instead of feeding a wrong status into the state machine.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import { SUPPORTED_CURRENCIES, formatMinor } from '../domain/money';
import { CHECKOUT_STATUSES, TRANSITION_SOURCES } from '../domain/status';
import type { CheckoutView } from '../domain/schemas';

const timestamp = z.instanceof(Timestamp);

export const checkoutDocumentSchema = z.object({
  orderId: z.string(),
  description: z.string().nullable().optional(),
  amount: z.string(),
  amountMinor: z.number().int().positive(),
  currency: z.enum(SUPPORTED_CURRENCIES),
  status: z.enum(CHECKOUT_STATUSES),
  qrImage: z.string(),
  checkoutUrl: z.string(),
  expiresAt: timestamp,
  createdBy: z.string(),
  /** Our branch (`branches/{branchId}`), or null for a merchant without branches. */
  branchId: z.string().nullable().default(null),
  /** The PointCheckout account it was made with (accounts.ts); every later call for it uses that account. */
  account: z.string().default('default'),
  /** The account's environment when the checkout was made; null on checkouts older than accounts. */
  mode: z.enum(['test', 'live']).nullable().default(null),
  /** The till or driver's device, as the app named it; null when it did not. */
  deviceReference: z.string().nullable().default(null),
  createdAt: timestamp,
  updatedAt: timestamp,
  totalRefunded: z.string(),
  totalRefundedMinor: z.number().int().nonnegative(),
  /** Refunds requested and not refused (completed or in flight): the cap that concurrent refunds share. */
  refundReservedMinor: z.number().int().nonnegative().default(0),
  /** Refunds sent (or about to be) whose outcome PointCheckout has not confirmed yet: settled from its totalRefunded. */
  refundsPending: z.number().int().nonnegative().default(0),
  /** Refunds recorded as taken (ours, and those made outside this system); absent on checkouts older than it. */
  refundsRecordedMinor: z.number().int().nonnegative().optional(),
  /** Adopted after the order was paid by another checkout, and paid too: a refund decision for a person. */
  duplicatePayment: z.boolean().optional(),
  /** Adopted after the order moved on to this other checkout: recorded, never mirrored onto the order. */
  supersededBy: z.string().optional(),
  version: z.number().int().positive(),
  /** When reconciliation should next ask PointCheckout about it; absent once there is nothing left to learn. */
  nextCheckAt: timestamp.optional(),
  lastCheckedAt: timestamp.optional(),
  /** Get Checkout answered "not found": how often since when. Reset by a successful lookup. */
  gatewayLookup: z.object({ failures: z.number().int().nonnegative(), firstFailedAt: timestamp }).optional(),
  /** PointCheckout does not know this checkout (repeated "not found"): reconciliation stopped asking. */
  gatewayUnknown: z.boolean().optional(),
  /** A status PointCheckout reported that our state machine does not model (PENDING_CONFIRMATION, CHARGEBACK, …). */
  gatewayStatus: z.string().optional(),
  gateway: z.object({
    id: z.string(),
    displayId: z.string().nullable(),
    checkoutKey: z.string(),
    requestId: z.string(),
    firebaseDatabase: z.string().nullable(),
    firebaseCollection: z.string().nullable(),
    firebaseDocument: z.string().nullable(),
  }),
});

export type CheckoutDocument = z.output<typeof checkoutDocumentSchema>;

export const checkoutEventSchema = z.object({
  from: z.enum(CHECKOUT_STATUSES).nullable(),
  to: z.enum(CHECKOUT_STATUSES),
  source: z.enum(TRANSITION_SOURCES),
  at: timestamp,
  version: z.number().int().positive(),
  inferred: z.boolean(),
  totalRefunded: z.string(),
});

export type CheckoutEvent = z.output<typeof checkoutEventSchema>;

/** Event ids sort in order and are fixed by the version they create, so a transition can never be stored twice. */
export function eventId(version: number): string {
  return String(version).padStart(8, '0');
}

export function toCheckoutView(checkoutId: string, doc: CheckoutDocument): CheckoutView {
  return {
    checkoutId,
    orderId: doc.orderId,
    status: doc.status,
    amount: doc.amount,
    currency: doc.currency,
    totalRefunded: formatMinor(doc.totalRefundedMinor, doc.currency),
    checkoutUrl: doc.checkoutUrl,
    expiresAt: doc.expiresAt.toDate().toISOString(),
    createdAt: doc.createdAt.toDate().toISOString(),
    updatedAt: doc.updatedAt.toDate().toISOString(),
    refundsPending: doc.refundsPending,
    branchId: doc.branchId,
    deviceReference: doc.deviceReference,
    account: doc.account,
    mode: doc.mode,
    ...(doc.gatewayStatus ? { gatewayStatus: doc.gatewayStatus } : {}),
    ...(doc.gatewayUnknown ? { gatewayUnknown: true } : {}),
    ...(doc.duplicatePayment ? { duplicatePayment: true } : {}),
    ...(doc.supersededBy ? { supersededBy: doc.supersededBy } : {}),
  };
}
