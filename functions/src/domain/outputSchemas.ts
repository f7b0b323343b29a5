/** What the callables return (createQrCheckout, getCheckout): the output half of the contract with apps. Pure: zod, money and status only. */
import { z } from 'zod';
import { SUPPORTED_CURRENCIES } from './money';
import { CHECKOUT_STATUSES } from './status';

const statusSchema = z.enum(CHECKOUT_STATUSES);

export const createQrCheckoutOutputSchema = z.object({
  checkoutId: z.string(),
  status: statusSchema,
  qrImage: z.string(),
  checkoutUrl: z.string(),
  amount: z.string(),
  currency: z.enum(SUPPORTED_CURRENCIES),
  expiresAt: z.string(),
  branchId: z.string().nullable(),
  /** The PointCheckout account and its environment: a till shows TEST for `test`. */
  account: z.string(),
  mode: z.enum(['test', 'live']).nullable(),
});
export type CreateQrCheckoutOutput = z.output<typeof createQrCheckoutOutputSchema>;

export const checkoutViewSchema = z.object({
  checkoutId: z.string(),
  orderId: z.string(),
  status: statusSchema,
  amount: z.string(),
  currency: z.enum(SUPPORTED_CURRENCIES),
  totalRefunded: z.string(),
  checkoutUrl: z.string(),
  expiresAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Refunds sent whose outcome PointCheckout has not confirmed yet (held until settled from its records). */
  refundsPending: z.number().int().nonnegative().optional(),
  branchId: z.string().nullable().optional(),
  deviceReference: z.string().nullable().optional(),
  /** The PointCheckout account and its environment (`test`/`live`) the checkout was made with. */
  account: z.string().optional(),
  mode: z.enum(['test', 'live']).nullable().optional(),
  /** A status PointCheckout reported that we do not model (e.g. PENDING_CONFIRMATION, CHARGEBACK). */
  gatewayStatus: z.string().optional(),
  /** PointCheckout repeatedly answered that it does not know this checkout; reconciliation stopped asking. */
  gatewayUnknown: z.boolean().optional(),
  /** An adopted create paid after its order was paid by `supersededBy`, the checkout the order moved on to. */
  duplicatePayment: z.boolean().optional(),
  supersededBy: z.string().optional(),
});
export type CheckoutView = z.output<typeof checkoutViewSchema>;
