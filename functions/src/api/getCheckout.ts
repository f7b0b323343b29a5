/** Callable `getCheckout` (its creator, or a manager): confirms the status with PointCheckout and returns it. */
import { assertCanAccess } from '../auth/caller';
import { toCheckoutView } from '../checkouts/document';
import { CheckoutError } from '../checkouts/errors';
import { refreshFromGateway } from '../checkouts/refresh';
import { getCheckout as readCheckout } from '../checkouts/repository';
import { getCheckoutInputSchema } from '../checkouts/schemas';
import { gatewaySecrets } from '../config';
import { gatewayFromParams } from '../pointcheckout/fromParams';
import { validatedOnCall } from './callable';

export const getCheckout = validatedOnCall(
  'getCheckout',
  getCheckoutInputSchema,
  { secrets: gatewaySecrets },
  async (caller, { checkoutId }) => {
    const stored = await readCheckout(checkoutId);
    if (!stored) throw new CheckoutError('not-found', `No checkout ${checkoutId}.`);
    assertCanAccess(caller, stored.data);
    const result = await refreshFromGateway(stored, 'refresh', gatewayFromParams());
    if (result.outcome === 'missing') throw new CheckoutError('not-found', `No checkout ${checkoutId}.`);
    return toCheckoutView(checkoutId, result.checkout.data);
  },
);
