/**
 * Adopting an abandoned create whose order moved on: the cashier made another checkout meanwhile (open, or
 * already paid). The adopted one is recorded, never merged into the order: still open at the gateway, it is
 * cancelled there (one payable QR per order); paid as well, it is a duplicate payment, flagged for a person's
 * refund decision (`duplicatePayment`, published as `com.pointcheckout.checkout.duplicate_payment`). Either way it
 * carries `supersededBy` and the order's status mirror never follows it.
 */
import { logs } from '../logs';
import type { PointCheckoutClient } from '../pointcheckout/client';
import { GatewayRejectedError } from '../pointcheckout/errors';
import type { WireCheckout } from '../pointcheckout/wire';
import type { ClaimRequest } from './claims';
import { findChargedCheckoutForOrder, orderRef } from '../orders/orderLock';
import { orderSpaceOf } from '../orders/orderSpace';
import { getCheckout } from '../store/repository';
import { CHARGED_STATUSES, isCheckoutStatus, OPEN_STATUSES, type CheckoutStatus } from '../domain/status';

export interface OrderMovedOn {
  checkoutId: string;
  status: CheckoutStatus;
}

/**
 * The order's other checkout that is open or charged (the one the order now belongs to), if any, in the adopted
 * create's own order space (orderKey: the `checkoutOrders` document its claim took).
 */
export async function orderMovedOn(
  request: ClaimRequest,
  adoptedId: string,
  orderKey: string,
  merchantWide: boolean,
): Promise<OrderMovedOn | null> {
  const charged = await findChargedCheckoutForOrder(request.orderId, orderSpaceOf(request, merchantWide), merchantWide);
  if (charged && charged.id !== adoptedId) return { checkoutId: charged.id, status: charged.data.status };
  const pointer = (await orderRef(orderKey).get()).get('openCheckoutId') as string | undefined;
  if (!pointer || pointer === adoptedId) return null;
  const other = await getCheckout(pointer);
  if (other && OPEN_STATUSES.includes(other.data.status)) return { checkoutId: other.id, status: other.data.status };
  return null;
}

function statusOf(wire: WireCheckout): CheckoutStatus | null {
  return isCheckoutStatus(wire.status) ? wire.status : null;
}

/**
 * What to store for an adopted checkout whose order moved on: the gateway's checkout after cancelling it there
 * when it was still open, and the flags to store it with.
 */
export async function settleAdoptedConflict(
  checkoutId: string,
  wire: WireCheckout,
  other: OrderMovedOn,
  gateway: PointCheckoutClient,
): Promise<{ wire: WireCheckout; supersededBy?: string; duplicatePayment: boolean }> {
  let current = wire;
  const status = statusOf(current);
  if (status && OPEN_STATUSES.includes(status)) {
    try {
      current = await gateway.cancelCheckout(current.id);
    } catch (error) {
      // Refused: it changed at the gateway meanwhile (paid, most likely): store what it is now.
      if (!(error instanceof GatewayRejectedError)) throw error;
      current = await gateway.getCheckout(current.id);
    }
  }
  const now = statusOf(current);
  const charged = now !== null && CHARGED_STATUSES.includes(now);
  const duplicatePayment = charged && CHARGED_STATUSES.includes(other.status);
  if (duplicatePayment) logs.duplicatePayment(checkoutId, other.checkoutId);
  // Paid while the order's other checkout is still open: this is the order's payment, stored as usual.
  if (charged && !duplicatePayment) return { wire: current, duplicatePayment };
  return { wire: current, supersededBy: other.checkoutId, duplicatePayment };
}
