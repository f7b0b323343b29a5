/** Callable `getCheckout` (its creator, or a manager): confirms the status with PointCheckout and returns it. */
import { CheckoutError } from '../../shared/errors';
import { GatewayRejectedError } from '../../pointcheckout/errors';
import { gatewaySecrets } from '../../config';
import { validatedOnCall } from '../callable';

export const getCheckout = validatedOnCall(
  'getCheckout',
  async () => (await import('../../domain/schemas')).getCheckoutInputSchema,
  { secrets: gatewaySecrets },
  async (caller, { checkoutId }) => {
    const [{ assertCanAccess }, { toCheckoutView }, { refreshFromGateway }, { getCheckout: readCheckout }, { gatewayFor }] =
      await Promise.all([
        import('../../access/caller'),
        import('../../store/document'),
        import('../../lifecycle/refresh'),
        import('../../store/repository'),
        import('../../pointcheckout/fromParams'),
      ]);
    const stored = await readCheckout(checkoutId);
    if (!stored) throw new CheckoutError('not-found', `No checkout ${checkoutId}.`);
    assertCanAccess(caller, stored.data);
    const result = await refreshFromGateway(stored, 'refresh', gatewayFor(stored.data.account)).catch((error: unknown) => {
      if (error instanceof GatewayRejectedError && error.isNotFound) {
        throw new CheckoutError('failed-precondition', 'PointCheckout does not know this checkout (removed, or made with other credentials); it cannot be refreshed.');
      }
      throw error;
    });
    if (result.outcome === 'missing') throw new CheckoutError('not-found', `No checkout ${checkoutId}.`);
    return toCheckoutView(checkoutId, result.checkout.data);
  },
);
