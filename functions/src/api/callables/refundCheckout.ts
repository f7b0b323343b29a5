/** Callable `refundCheckout` (manager): refunds all that remains, or `amount`, of a paid checkout. */
import { gatewaySecrets } from '../../config';
import { validatedOnCall } from '../callable';

export const refundCheckout = validatedOnCall(
  'refundCheckout',
  async () => (await import('../../domain/schemas')).refundCheckoutInputSchema,
  // Refunds of one checkout queue on its document; give a busy one time to finish rather than cut it at 60 s.
  { secrets: gatewaySecrets, timeoutSeconds: 120 },
  async (caller, input) => {
    const [{ toCheckoutView }, { formatMinor }, { refundCheckout: refundService }, { gatewayFor }] = await Promise.all([
      import('../../store/document'),
      import('../../domain/money'),
      import('../../refunds/refund'),
      import('../../pointcheckout/fromParams'),
    ]);
    const outcome = await refundService(caller, input, gatewayFor);
    return {
      ...toCheckoutView(outcome.checkout.id, outcome.checkout.data),
      refund: { refundId: outcome.refundId, amount: formatMinor(outcome.amountMinor, outcome.checkout.data.currency) },
    };
  },
  { checkRevoked: true },
);
