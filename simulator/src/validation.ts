/**
 * Validation of POST /checkout/qr (`CheckoutQRRequest`, research §4.1).
 */
import { badRequest } from './envelope';
import {
  currencyCode,
  integerIn,
  isMissing,
  money,
  objectField,
  numeric,
  optionalMoney,
  optionalText,
  requiredText,
  type Obj,
} from './fields';
import { isPlainObject } from './http-util';
import {
  MINOR_PER_MAJOR,
  PAYMENT_METHODS,
  type AddressRecord,
  type CustomerRecord,
  type ItemRecord,
  type TotalsRecord,
} from './model';

/** Validated input of POST /checkout/qr. */
export interface CreateCheckoutInput {
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
  branchId: string | null;
  allowedPaymentMethods: string[] | null;
  defaultPaymentMethod: string | null;
  language: string | null;
}

export const DEFAULT_QR_SIZE = 300;
/** Assumption: the vendor documents no default `expiresIn` for QR checkouts; 30 minutes is ours. */
export const DEFAULT_EXPIRES_IN_MINUTES = 30;

function parseItems(value: unknown): ItemRecord[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw badRequest('items must be an array');
  return value.map((raw, i) => {
    const path = `items[${i}]`;
    if (!isPlainObject(raw)) throw badRequest(`${path} must be an object`);
    const quantity = numeric(raw.quantity);
    if (isMissing(raw.quantity)) throw badRequest(`${path}.quantity is required`);
    if (quantity === undefined || quantity <= 0) throw badRequest(`${path}.quantity must be greater than 0`);
    return {
      name: requiredText(raw, 'name', `${path}.name`),
      sku: optionalText(raw, 'sku', `${path}.sku`),
      unitprice: isMissing(raw.unitprice) ? null : money(raw.unitprice, `${path}.unitprice`, false) / MINOR_PER_MAJOR,
      quantity,
      linetotal: money(raw.linetotal, `${path}.linetotal`, false) / MINOR_PER_MAJOR,
    };
  });
}

function parseCustomer(body: Obj): CustomerRecord | null {
  const raw = objectField(body, 'customer', 'customer');
  if (!raw) return null;
  const email = requiredText(raw, 'email', 'customer.email');
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw badRequest('customer.email must be a valid email address');
  return {
    // Assumption: the response's `customer.id` echoes the request's (the spec's response `id` is
    // PointCheckout's own customer id, which the simulator has no separate notion of).
    id: optionalText(raw, 'id', 'customer.id'),
    reference: optionalText(raw, 'reference', 'customer.reference'),
    firstName: requiredText(raw, 'firstName', 'customer.firstName'),
    lastName: requiredText(raw, 'lastName', 'customer.lastName'),
    email,
    phone: optionalText(raw, 'phone', 'customer.phone'),
  };
}

function parseTotals(body: Obj, amountMinor: number): TotalsRecord | null {
  const raw = objectField(body, 'totals', 'totals');
  if (!raw) return null;
  const subtotal = money(raw.subtotal, 'totals.subtotal', false);
  const tax = money(raw.tax, 'totals.tax', false);
  const shipping = optionalMoney(raw, 'shipping', 'totals.shipping');
  const handling = optionalMoney(raw, 'handling', 'totals.handling');
  const discount = optionalMoney(raw, 'discount', 'totals.discount');
  const skip = raw.skipTotalsValidation;
  if (skip !== undefined && skip !== null && typeof skip !== 'boolean' && skip !== 'true' && skip !== 'false') {
    throw badRequest('totals.skipTotalsValidation must be a boolean');
  }
  // The 2022+ spec defaults skipTotalsValidation to true.
  const skipTotalsValidation = !(skip === false || skip === 'false');
  if (!skipTotalsValidation && subtotal + tax + shipping + handling - discount !== amountMinor) {
    throw badRequest('totals do not add up to amount (subtotal + tax + shipping + handling - discount)');
  }
  const major = (minor: number) => minor / MINOR_PER_MAJOR;
  return {
    subtotal: major(subtotal),
    tax: major(tax),
    shipping: major(shipping),
    handling: major(handling),
    discount: major(discount),
    skipTotalsValidation,
  };
}

function parseAddress(body: Obj): AddressRecord | null {
  const raw = objectField(body, 'billingAddress', 'billingAddress');
  if (!raw) return null;
  const country = requiredText(raw, 'country', 'billingAddress.country');
  if (!/^[A-Za-z]{2,3}$/.test(country)) {
    throw badRequest('billingAddress.country must be an ISO 3166-1 alpha-2 or alpha-3 code');
  }
  return {
    name: requiredText(raw, 'name', 'billingAddress.name'),
    address1: requiredText(raw, 'address1', 'billingAddress.address1'),
    address2: optionalText(raw, 'address2', 'billingAddress.address2'),
    city: requiredText(raw, 'city', 'billingAddress.city'),
    state: optionalText(raw, 'state', 'billingAddress.state'),
    zip: optionalText(raw, 'zip', 'billingAddress.zip'),
    country: country.toUpperCase(),
  };
}

function paymentMethod(value: unknown, path: string): string {
  const method = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!(PAYMENT_METHODS as readonly string[]).includes(method)) {
    throw badRequest(`${path} must be one of ${PAYMENT_METHODS.join(', ')}`);
  }
  return method;
}

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
    branchId,
    allowedPaymentMethods,
    defaultPaymentMethod: isMissing(body.defaultPaymentMethod)
      ? null
      : paymentMethod(body.defaultPaymentMethod, 'defaultPaymentMethod'),
    language,
  };
}
