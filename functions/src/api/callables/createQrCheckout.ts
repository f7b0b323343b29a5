/** Callable `createQrCheckout` (staff, manager): creates a QR checkout at PointCheckout and stores it. */
import { gatewaySecrets, ORDER_IDS_MERCHANT_WIDE, RECONCILE_AFTER_MINUTES } from '../../config';
import { validatedOnCall } from '../callable';

export const createQrCheckout = validatedOnCall(
  'createQrCheckout',
  async () => (await import('../../domain/schemas')).createQrCheckoutInputSchema,
  // Long enough for a caller that waits on a concurrent call with the same idempotencyKey.
  { secrets: gatewaySecrets, timeoutSeconds: 120 },
  async (caller, input) => {
    const [{ createQrCheckout: createService }, { gatewayFor, modeOf }] = await Promise.all([
      import('../../creation/create'),
      import('../../pointcheckout/fromParams'),
    ]);
    return createService(caller, input, {
      gatewayFor,
      modeOf,
      firstCheckMinutes: RECONCILE_AFTER_MINUTES.value(),
      ordersMerchantWide: ORDER_IDS_MERCHANT_WIDE.value(),
    });
  },
);
