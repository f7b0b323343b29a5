/**
 * PointCheckout's wire format (merchant API v2.0), validated with zod when it arrives, so a surprise in the
 * gateway's answer fails loudly here rather than as a corrupt document later.
 */
import { z } from 'zod';

/** Amounts are JSON numbers in the spec; the vendor's own SDKs send and accept numeric strings too. */
const wireAmount = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)]);

export const envelopeSchema = z.object({
  success: z.boolean(),
  elapsed: z.number().optional(),
  error: z.string().nullish(),
  result: z.unknown().optional(),
});

/** The fields of CheckoutResponse we rely on; the rest pass through untouched. */
export const wireCheckoutSchema = z.looseObject({
  id: z.union([z.string().regex(/^\d{1,30}$/), z.number().int().nonnegative()]).transform(String),
  displayId: z.string().nullish(),
  checkoutKey: z.string().nullish(),
  requestId: z.string(),
  orderId: z.string(),
  currency: z.string(),
  amount: wireAmount,
  totalRefunded: wireAmount.nullish(),
  // Statuses are matched later against our state machine; an unknown one (e.g. CHARGEBACK) is logged there.
  status: z.string().transform((s) => s.toUpperCase().replace(/\s+/g, '_')),
  redirectUrl: z.string().nullish(),
  /** Creation time at the gateway (`yyyy-MM-ddTHH:mm:ss.SSSZZ`); the original expiry is counted from it. */
  timestamp: z.string().nullish(),
  firebaseDatabase: z.string().nullish(),
  firebaseCollection: z.string().nullish(),
  firebaseDocument: z.string().nullish(),
});

export const wireQrCheckoutSchema = wireCheckoutSchema.extend({
  checkoutKey: z.string().min(1),
  redirectUrl: z.string().min(1),
  // Raw base64 PNG; some integrations show a data: prefix, which we strip so clients get one format.
  base64QR: z
    .string()
    .min(1)
    .transform((s) => s.replace(/^data:image\/png;base64,/, '')),
});

export const wireCheckoutPageSchema = z.object({
  content: z.array(wireCheckoutSchema),
  totalElements: z.number().optional(),
  totalPages: z.number().optional(),
  page: z.number().optional(),
  size: z.number().optional(),
});

export type WireCheckout = z.output<typeof wireCheckoutSchema>;
export type WireQrCheckout = z.output<typeof wireQrCheckoutSchema>;

export interface CreateQrCheckoutRequest {
  requestId: string;
  orderId: string;
  currency: string;
  amount: number;
  description?: string;
  qrSize?: number;
  expiresIn?: number;
  deviceReference?: string;
  /** PointCheckout's branch id (int64 in the spec; sent as a numeric string so no digit is lost in JSON). */
  branchId?: string;
  /** ISO 639-1 language of the payment page (2026-03 spec): we send `en` or `ar`. */
  language?: string;
  items?: { name: string; sku?: string; unitprice?: number; quantity: number; linetotal: number }[];
  customer?: { firstName: string; lastName: string; email: string; phone?: string };
}
