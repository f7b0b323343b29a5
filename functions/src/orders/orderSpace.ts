/**
 * Which checkouts share an order id. An order is one sale of one PointCheckout account in one mode (test never
 * meets live), in one branch unless the merchant makes order ids merchant-wide (param ORDER_IDS_MERCHANT_WIDE).
 * Pure: the param's value is passed in.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_ACCOUNT } from '../accounts';

/** The branch key of checkouts without a branch; never a branch id (BRANCH_ID_PATTERN refuses it). */
export const NO_BRANCH_KEY = '_';

export interface OrderSpace {
  account: string;
  /** null only on checkouts made before accounts had modes. */
  mode: 'test' | 'live' | null;
  /** The branch the order belongs to; null: no branch, or order ids are merchant-wide. */
  branch: string | null;
}

export function orderSpaceOf(
  checkout: { account?: string | null; mode?: 'test' | 'live' | null; branchId?: string | null },
  merchantWide: boolean,
): OrderSpace {
  return {
    account: checkout.account ?? DEFAULT_ACCOUNT,
    mode: checkout.mode ?? null,
    branch: merchantWide ? null : (checkout.branchId ?? null),
  };
}

export function sameSpace(a: OrderSpace, b: OrderSpace): boolean {
  return a.account === b.account && a.mode === b.mode && a.branch === b.branch;
}

/** The `checkoutOrders` document id: a hash, since an orderId such as `__x__` or `.` is not a valid id. */
export function orderKey(space: OrderSpace, orderId: string): string {
  const parts = [space.account, space.mode ?? '', space.branch ?? NO_BRANCH_KEY, orderId];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** The key orders had before they were per account, mode and branch: read once more so an open one is still found. */
export function legacyOrderKey(orderId: string): string {
  return createHash('sha256').update(orderId).digest('hex');
}
