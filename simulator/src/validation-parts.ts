/**
 * The nested parts of a create-checkout request (items, customer, totals, addresses, payment
 * methods), shared by POST /checkout/qr and POST /checkout/link. Failures are 400s naming the field.
 */
import { badRequest } from './envelope';
import { isMissing, money, numeric, objectField, optionalMoney, optionalText, requiredText, type Obj } from './fields';
import { isPlainObject } from './http-util';
import { customerIdFor } from './ids';
import {
  MINOR_PER_MAJOR,
  PAYMENT_METHODS,
  type AddressRecord,
  type CustomerRecord,
  type ItemRecord,
  type TotalsRecord,
} from './model';

export function parseItems(value: unknown): ItemRecord[] | null {
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

export function parseCustomer(body: Obj): CustomerRecord | null {
  const raw = objectField(body, 'customer', 'customer');
  if (!raw) return null;
  const email = requiredText(raw, 'email', 'customer.email');
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw badRequest('customer.email must be a valid email address');
  return {
    // The 2026 response's `id` is PointCheckout's own customer id and `reference` the merchant's; the
    // 2022 request calls the merchant's identifier `id`, so it becomes the reference when none is given.
    id: customerIdFor(email),
    reference: optionalText(raw, 'reference', 'customer.reference') ?? optionalText(raw, 'id', 'customer.id'),
    firstName: requiredText(raw, 'firstName', 'customer.firstName'),
    lastName: requiredText(raw, 'lastName', 'customer.lastName'),
    email,
    phone: optionalText(raw, 'phone', 'customer.phone'),
  };
}

export function parseTotals(body: Obj, amountMinor: number): TotalsRecord | null {
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

/** `billingAddress` or (link checkouts) `deliveryAddress`: a `CheckoutAddress`. */
export function parseAddress(body: Obj, key: 'billingAddress' | 'deliveryAddress' = 'billingAddress'): AddressRecord | null {
  const raw = objectField(body, key, key);
  if (!raw) return null;
  const country = requiredText(raw, 'country', `${key}.country`);
  if (!/^[A-Za-z]{2,3}$/.test(country)) {
    throw badRequest(`${key}.country must be an ISO 3166-1 alpha-2 or alpha-3 code`);
  }
  return {
    name: requiredText(raw, 'name', `${key}.name`),
    address1: requiredText(raw, 'address1', `${key}.address1`),
    address2: optionalText(raw, 'address2', `${key}.address2`),
    city: requiredText(raw, 'city', `${key}.city`),
    state: optionalText(raw, 'state', `${key}.state`),
    zip: optionalText(raw, 'zip', `${key}.zip`),
    country: country.toUpperCase(),
  };
}

export function paymentMethod(value: unknown, path: string): string {
  const method = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!(PAYMENT_METHODS as readonly string[]).includes(method)) {
    throw badRequest(`${path} must be one of ${PAYMENT_METHODS.join(', ')}`);
  }
  return method;
}
