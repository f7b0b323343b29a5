/**
 * What a caller hears when its order is held by another checkout. Only a caller who may access that checkout
 * (assertCanAccess) is told its id and status; anyone else learns that the order is in use elsewhere, nothing
 * more, so order ids cannot be used to probe another branch's or cashier's sales. Pure.
 */
import type { OrderDecision } from './orderLock';
import { CheckoutError } from '../shared/errors';

export function orderRefusal(decision: Exclude<OrderDecision, { kind: 'free' }>, orderId: string): CheckoutError {
  if (!decision.visible) {
    return new CheckoutError(
      'failed-precondition',
      `Order ${orderId} is in use elsewhere; use another order id, or ask a manager of the branch that holds it to release it.`,
    );
  }
  switch (decision.kind) {
    case 'order-open':
      return new CheckoutError(
        'failed-precondition',
        `Order ${orderId} already has an open checkout (${decision.checkoutId}, ${decision.status}) for another amount, cashier or branch; cancel it before creating a new one.`,
      );
    case 'order-creating':
      return new CheckoutError(
        'failed-precondition',
        `A checkout for order ${orderId} is still being created (${decision.checkoutId}); retry with the same idempotencyKey, or try again in a few minutes.`,
      );
    case 'order-charged':
      return new CheckoutError(
        'failed-precondition',
        `Order ${orderId} has already been paid (checkout ${decision.checkoutId} is ${decision.status}); it cannot be charged twice.`,
      );
  }
}
