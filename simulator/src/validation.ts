/**
 * Validation of POST /checkout/qr (`CheckoutQRRequest`, research §4.1).
 */
import { badRequest } from './envelope';
import { currencyCode, integerIn, isMissing, money, optionalText, requiredText, type Obj } from './fields';
import type { AddressRecord, CheckoutType, CustomerRecord, ItemRecord, TotalsRecord } from './model';
import { parseAddress, parseCustomer, parseItems, parseTotals, paymentMethod } from './validation-parts';

/** Validated input of POST /checkout/qr (and, through validation-link.ts, POST /checkout/link). */
export interface CreateCheckoutInput {
  type: CheckoutType;
  requestId: string;
  orderId: string;
  currency: string;
  amountMinor: number;
  description: string | null;
  deviceReference: string | null;
  qrSize: number;
  expiresInMinutes: number;
  items: ItemRecord[] | null;
  customer: CustomerRecord | null;
  totals: TotalsRecord | null;
  billingAddress: AddressRecord | null;
  deliveryAddress: AddressRecord | null;
  branchId: string | null;
  allowedPaymentMethods: string[] | null;
  defaultPaymentMethod: string | null;
  language: string | null;
}

export const DEFAULT_QR_SIZE = 300;
/** Assumption: the vendor documents no default `expiresIn` for QR checkouts; 30 minutes is ours. */
export const DEFAULT_EXPIRES_IN_MINUTES = 30;

/** The simulated merchant's maximum checkout amount, in major units (thousandths internally). */
export const MERCHANT_MAX_CHECKOUT_MAJOR = 1_000_000;
const MERCHANT_MAX_CHECKOUT_MINOR = MERCHANT_MAX_CHECKOUT_MAJOR * 1000;

/** Validates the body of POST /checkout/qr (`CheckoutQRRequest`). */
export function parseCreateCheckout(body: Obj): CreateCheckoutInput {
  const requestId = requiredText(body, 'requestId', 'requestId');
  const orderId = requiredText(body, 'orderId', 'orderId');
  const currency = currencyCode(body.currency, 'currency');
  const amountMinor = money(body.amount, 'amount', true);
  // PointCheckout documents a per-merchant maximum checkout amount (raised on request); its value and error
  // text are not public. We model one so that tests can provoke a gateway refusal of a valid request.
  if (amountMinor > MERCHANT_MAX_CHECKOUT_MINOR) {
    throw badRequest(`amount exceeds the maximum checkout amount allowed for this merchant (${MERCHANT_MAX_CHECKOUT_MAJOR})`);
  }

  let branchId: string | null = null;
  if (!isMissing(body.branchId)) {
    const raw = body.branchId;
    if (!((typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) || (typeof raw === 'string' && /^\d{1,19}$/.test(raw.trim())))) {
      throw badRequest('branchId must be a positive integer');
    }
    branchId = String(raw).trim();
  }

  let allowedPaymentMethods: string[] | null = null;
  if (body.allowedPaymentMethods !== undefined && body.allowedPaymentMethods !== null) {
    if (!Array.isArray(body.allowedPaymentMethods)) throw badRequest('allowedPaymentMethods must be an array');
    allowedPaymentMethods = body.allowedPaymentMethods.map((m, i) => paymentMethod(m, `allowedPaymentMethods[${i}]`));
  }

  const language = optionalText(body, 'language', 'language');
  if (language !== null && (language.length < 2 || language.length > 3)) {
    throw badRequest('language must be 2 to 3 characters');
  }

  return {
    type: 'QR',
    requestId,
    orderId,
    currency,
    amountMinor,
    description: optionalText(body, 'description', 'description', 1000),
    deviceReference: optionalText(body, 'deviceReference', 'deviceReference'),
    qrSize: integerIn(body, 'qrSize', 'qrSize', 64, 1024, DEFAULT_QR_SIZE),
    expiresInMinutes: integerIn(body, 'expiresIn', 'expiresIn', 5, 10080, DEFAULT_EXPIRES_IN_MINUTES),
    items: parseItems(body.items),
    customer: parseCustomer(body),
    totals: parseTotals(body, amountMinor),
    billingAddress: parseAddress(body),
    deliveryAddress: null,
    branchId,
    allowedPaymentMethods,
    defaultPaymentMethod: isMissing(body.defaultPaymentMethod)
      ? null
      : paymentMethod(body.defaultPaymentMethod, 'defaultPaymentMethod'),
    language,
  };
}
