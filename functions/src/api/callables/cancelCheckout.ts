/** Callable `cancelCheckout`: its creator while PENDING, a manager while PENDING or AUTHORIZED. */
import { gatewaySecrets } from '../../config';
import { validatedOnCall } from '../callable';

export const cancelCheckout = validatedOnCall(
  'cancelCheckout',
  async () => (await import('../../domain/schemas')).cancelCheckoutInputSchema,
  { secrets: gatewaySecrets },
  async (caller, { checkoutId }) => {
    const [{ cancelCheckout: cancelService }, { toCheckoutView }, { gatewayFor }] = await Promise.all([
      import('../../lifecycle/cancel'),
      import('../../store/document'),
      import('../../pointcheckout/fromParams'),
    ]);
    const checkout = await cancelService(caller, checkoutId, gatewayFor);
    return toCheckoutView(checkout.id, checkout.data);
  },
  { checkRevoked: true },
);
