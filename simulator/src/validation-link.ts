/**
 * Validation of POST /checkout/link (`CheckoutPaymentLinkRequest`): the QR request's fields minus the QR
 * ones (`qrSize`, `deviceReference`), plus a required `description`, `expiresIn` 15..10080, `sendSms`,
 * `sendEmail` and `deliveryAddress`. Fields outside the schema are ignored, as for the QR create (the
 * vendor's PHP SDK sends its QR request, `qrSize` included, to this operation).
 */
import { badRequest } from './envelope';
import { integerIn, requiredText, type Obj } from './fields';
import { parseCreateCheckout, type CreateCheckoutInput } from './validation';
import { parseAddress } from './validation-parts';

/** Assumption: the spec gives no default `expiresIn` for links; its example, one day, is ours. */
export const DEFAULT_LINK_EXPIRES_IN_MINUTES = 1440;

function optionalBoolean(body: Obj, key: string): void {
  const value = body[key];
  if (value !== undefined && value !== null && typeof value !== 'boolean') throw badRequest(`${key} must be a boolean`);
}

export function parseCreateLinkCheckout(body: Obj): CreateCheckoutInput {
  const common = parseCreateCheckout({ ...body, qrSize: undefined, deviceReference: undefined, expiresIn: undefined });
  const description = requiredText(body, 'description', 'description', 1000);
  // The simulator sends no SMS or email; the flags are still checked against the schema.
  optionalBoolean(body, 'sendSms');
  optionalBoolean(body, 'sendEmail');
  return {
    ...common,
    type: 'LINK',
    description,
    deviceReference: null,
    expiresInMinutes: integerIn(body, 'expiresIn', 'expiresIn', 15, 10080, DEFAULT_LINK_EXPIRES_IN_MINUTES),
    deliveryAddress: parseAddress(body, 'deliveryAddress'),
  };
}
