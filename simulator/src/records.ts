/**
 * The parts of a checkout record (internal; the wire views in model.ts are built from them).
 */
import type { CheckoutStatus } from './model';

/** How the checkout was created: `POST /checkout/qr` or `POST /checkout/link` (the spec's search `type`). */
export type CheckoutType = 'QR' | 'LINK';

export interface CustomerRecord {
  /** PointCheckout's own id of the customer (2026 spec), derived from the email: stable per customer. */
  id: string;
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
