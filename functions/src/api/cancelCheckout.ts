/** Callable `cancelCheckout`: its creator while PENDING, a manager while PENDING or AUTHORIZED. */
import { cancelCheckout as cancelService } from '../checkouts/cancel';
import { toCheckoutView } from '../checkouts/document';
import { cancelCheckoutInputSchema } from '../checkouts/schemas';
import { gatewaySecrets } from '../config';
import { gatewayFromParams } from '../pointcheckout/fromParams';
import { validatedOnCall } from './callable';

export const cancelCheckout = validatedOnCall(
  'cancelCheckout',
  cancelCheckoutInputSchema,
  { secrets: gatewaySecrets },
  async (caller, { checkoutId }) => {
    const checkout = await cancelService(caller, checkoutId, gatewayFromParams());
    return toCheckoutView(checkout.id, checkout.data);
  },
);
