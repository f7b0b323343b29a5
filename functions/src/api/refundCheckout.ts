/** Callable `refundCheckout` (manager): refunds all that remains, or `amount`, of a paid checkout. */
import { toCheckoutView } from '../checkouts/document';
import { formatMinor } from '../checkouts/money';
import { refundCheckout as refundService } from '../checkouts/refund';
import { refundCheckoutInputSchema } from '../checkouts/schemas';
import { gatewaySecrets } from '../config';
import { gatewayFromParams } from '../pointcheckout/fromParams';
import { validatedOnCall } from './callable';

export const refundCheckout = validatedOnCall(
  'refundCheckout',
  refundCheckoutInputSchema,
  { secrets: gatewaySecrets },
  async (caller, input) => {
    const outcome = await refundService(caller, input, gatewayFromParams());
    return {
      ...toCheckoutView(outcome.checkout.id, outcome.checkout.data),
      refund: { refundId: outcome.refundId, amount: formatMinor(outcome.amountMinor, outcome.checkout.data.currency) },
    };
  },
);
