/**
 * At most one open checkout per order (`checkoutOrders/{sha256(orderId)}`, server only). The order document
 * points at the checkout last claimed for the order; a create for the same order reads it, and the checkout
 * or claim it points at, in the claim's transaction, so two creates with different keys can never both hand
 * out a QR for one order. The pointer is never cleared when a checkout ends: a create simply finds it no
 * longer open. Document ids are hashes because an orderId such as `__x__` or `.` is not a valid id.
 */
import { createHash } from 'node:crypto';
import { getFirestore, type Transaction } from 'firebase-admin/firestore';
import { creationStateOf, type ClaimData, type ClaimRequest } from './claimState';
import { CHECKOUTS, CLAIMS, parseCheckout } from './repository';
import { CHARGED_STATUSES, OPEN_STATUSES, type CheckoutStatus } from './status';

export const ORDERS = 'checkoutOrders';

export type OrderDecision =
  | { kind: 'free' }
  /** The order has this open checkout; `sameSale`: same caller (or a manager), amount and currency. */
  | { kind: 'order-open'; checkoutId: string; status: CheckoutStatus; sameSale: boolean }
  /** Another create for this order is still waiting for PointCheckout's answer. */
  | { kind: 'order-creating'; checkoutId: string }
  /** The customer has already been charged for this order. */
  | { kind: 'order-charged'; checkoutId: string; status: CheckoutStatus };

export function orderRef(orderId: string) {
  return getFirestore().collection(ORDERS).doc(createHash('sha256').update(orderId).digest('hex'));
}

export async function decideOrder(
  tx: Transaction,
  request: ClaimRequest,
  checkoutId: string,
  caller: { uid: string; role: string },
  nowMs: number,
): Promise<OrderDecision> {
  const order = await tx.get(orderRef(request.orderId));
  const otherId = order.get('openCheckoutId') as string | undefined;
  if (!otherId || otherId === checkoutId) return { kind: 'free' };
  const db = getFirestore();
  const [checkoutSnap, claimSnap] = await Promise.all([
    tx.get(db.collection(CHECKOUTS).doc(otherId)),
    tx.get(db.collection(CLAIMS).doc(otherId)),
  ]);
  if (checkoutSnap.exists) {
    const other = parseCheckout(checkoutSnap.id, checkoutSnap.data()).data;
    if (OPEN_STATUSES.includes(other.status)) {
      const sameSale =
        (other.createdBy === caller.uid || caller.role === 'manager' || caller.role === 'owner') &&
        other.amountMinor === request.amountMinor &&
        other.currency === request.currency;
      return { kind: 'order-open', checkoutId: otherId, status: other.status, sameSale };
    }
    if (CHARGED_STATUSES.includes(other.status)) return { kind: 'order-charged', checkoutId: otherId, status: other.status };
    return { kind: 'free' }; // FAILED, CANCELLED, EXPIRED: the order may be tried again
  }
  // No document: a create that has not come back. Its QR was never shown to anyone, so once it is abandoned the
  // order is free again (the abandoned one is adopted or dropped by the webhook or reconciliation).
  const state = creationStateOf(claimSnap.data() as ClaimData | undefined, nowMs);
  return state === 'in-flight' ? { kind: 'order-creating', checkoutId: otherId } : { kind: 'free' };
}
