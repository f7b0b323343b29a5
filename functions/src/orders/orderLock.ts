/**
 * At most one open checkout per order (`checkoutOrders/{hash}`, server only; orderSpace.ts says what one order
 * is: account, mode and branch, or merchant-wide per account and mode). The order document
 * points at the checkout last claimed for the order; a create for the same order reads it, and the checkout
 * or claim it points at, in the claim's transaction, so two creates with different keys can never both hand
 * out a QR for one order. The pointer is never cleared when a checkout ends: a create simply finds it no
 * longer open. Document ids are hashes because an orderId such as `__x__` or `.` is not a valid id.
 */
import { getFirestore, type Transaction } from 'firebase-admin/firestore';
import { canAccess, type Caller } from '../access/caller';
import { creationStateOf, type ClaimData, type ClaimRequest } from '../domain/claimState';
import { legacyOrderKey, orderKey, orderSpaceOf, sameSpace, type OrderSpace } from './orderSpace';
import { CHECKOUTS, CLAIMS, parseCheckout, type StoredCheckout } from '../store/repository';
import { CHARGED_STATUSES, OPEN_STATUSES, type CheckoutStatus } from '../domain/status';

export const ORDERS = 'checkoutOrders';

/** `visible`: the caller may access the checkout holding the order, so may be told its id and status. */
export type OrderDecision =
  | { kind: 'free' }
  /** The order has this open checkout; `sameSale`: same branch, account, mode, amount, currency and caller (or a manager). */
  | { kind: 'order-open'; checkoutId: string; status: CheckoutStatus; sameSale: boolean; visible: boolean }
  /** Another create for this order is still waiting for PointCheckout's answer. */
  | { kind: 'order-creating'; checkoutId: string; visible: boolean }
  /** The customer has already been charged for this order. */
  | { kind: 'order-charged'; checkoutId: string; status: CheckoutStatus; visible: boolean };

export function orderRef(key: string) {
  return getFirestore().collection(ORDERS).doc(key);
}

/** The order document a create takes: per account, mode and (unless order ids are merchant-wide) branch. */
export function orderKeyFor(request: ClaimRequest, merchantWide: boolean): string {
  return orderKey(orderSpaceOf(request, merchantWide), request.orderId);
}

/** What the checkout (or in-flight claim) `otherId` means for this order, or null when it is not in `space`. */
async function decideAgainst(
  tx: Transaction,
  otherId: string,
  space: OrderSpace,
  merchantWide: boolean,
  request: ClaimRequest,
  caller: Caller,
  nowMs: number,
): Promise<OrderDecision | null> {
  const db = getFirestore();
  const [checkoutSnap, claimSnap] = await Promise.all([
    tx.get(db.collection(CHECKOUTS).doc(otherId)),
    tx.get(db.collection(CLAIMS).doc(otherId)),
  ]);
  if (checkoutSnap.exists) {
    const other = parseCheckout(checkoutSnap.id, checkoutSnap.data()).data;
    if (!sameSpace(orderSpaceOf(other, merchantWide), space)) return null;
    const visible = canAccess(caller, other);
    if (OPEN_STATUSES.includes(other.status)) {
      const sameSale =
        visible &&
        (other.createdBy === caller.uid || caller.role === 'manager' || caller.role === 'owner') &&
        other.branchId === (request.branchId ?? null) &&
        other.account === request.account &&
        other.mode === (request.mode ?? null) &&
        other.amountMinor === request.amountMinor &&
        other.currency === request.currency;
      return { kind: 'order-open', checkoutId: otherId, status: other.status, sameSale, visible };
    }
    if (CHARGED_STATUSES.includes(other.status)) return { kind: 'order-charged', checkoutId: otherId, status: other.status, visible };
    return null; // FAILED, CANCELLED, EXPIRED: the order may be tried again
  }
  // No document: a create that has not come back. Its QR was never shown to anyone, so once it is abandoned the
  // order is free again (the abandoned one is adopted or dropped by the webhook or reconciliation).
  const claim = claimSnap.data() as ClaimData | undefined;
  if (claim?.request && !sameSpace(orderSpaceOf(claim.request, merchantWide), space)) return null;
  const visible = !!claim && canAccess(caller, { createdBy: claim.createdBy, branchId: claim.request?.branchId ?? null });
  return creationStateOf(claim, nowMs) === 'in-flight' ? { kind: 'order-creating', checkoutId: otherId, visible } : null;
}

export async function decideOrder(
  tx: Transaction,
  request: ClaimRequest,
  checkoutId: string,
  caller: Caller,
  nowMs: number,
  merchantWide: boolean,
): Promise<OrderDecision> {
  const space = orderSpaceOf(request, merchantWide);
  // The pre-tenancy key too: a checkout opened before order spaces existed still holds its order.
  const [order, legacy] = await Promise.all([
    tx.get(orderRef(orderKey(space, request.orderId))),
    tx.get(orderRef(legacyOrderKey(request.orderId))),
  ]);
  for (const pointer of [order, legacy]) {
    const otherId = pointer.get('openCheckoutId') as string | undefined;
    if (!otherId || otherId === checkoutId) continue;
    const decision = await decideAgainst(tx, otherId, space, merchantWide, request, caller, nowMs);
    if (decision) return decision;
  }
  return { kind: 'free' };
}

/** A charged checkout of this order in this order space (orderSpace.ts), if any. */
export async function findChargedCheckoutForOrder(orderId: string, space: OrderSpace, merchantWide: boolean): Promise<StoredCheckout | null> {
  // Equality filters only (no composite index); an order id has few charged checkouts across every space.
  const query = await getFirestore()
    .collection(CHECKOUTS)
    .where('orderId', '==', orderId)
    .where('status', 'in', [...CHARGED_STATUSES])
    .limit(100)
    .get();
  const found = query.docs.map((snap) => parseCheckout(snap.id, snap.data()));
  return found.find((checkout) => sameSpace(orderSpaceOf(checkout.data, merchantWide), space)) ?? null;
}
