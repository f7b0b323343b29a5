/** Callable `createQrCheckout` (staff, manager): creates a QR checkout at PointCheckout and stores it. */
import { createQrCheckout as createService } from '../checkouts/create';
import { createQrCheckoutInputSchema } from '../checkouts/schemas';
import { gatewaySecrets } from '../config';
import { gatewayFromParams } from '../pointcheckout/fromParams';
import { validatedOnCall } from './callable';

export const createQrCheckout = validatedOnCall(
  'createQrCheckout',
  createQrCheckoutInputSchema,
  // Long enough for a caller that waits on a concurrent call with the same idempotencyKey.
  { secrets: gatewaySecrets, timeoutSeconds: 120 },
  (caller, input) => createService(caller, input, { gateway: gatewayFromParams() }),
);
