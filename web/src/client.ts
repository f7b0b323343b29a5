/**
 * The typed client apps use: callables and Firestore listeners. Types come from the functions' zod schemas
 * (the backend validates every input with them); replies are checked here for the fields the app relies on,
 * without shipping zod to the browser (it alone would triple the page's script).
 *
 *   const pos = createPosClient(app, getFunctions(app, region));
 *   const checkout = await pos.createQrCheckout({ orderId: 'ORD-1', amount: '100.00', currency: 'AED' });
 *   const stop = pos.watchCheckout(checkout.checkoutId, (c) => console.log(c.status));
 */
import type { FirebaseApp } from 'firebase/app';
import {
  collection,
  doc,
  getFirestore,
  limit,
  onSnapshot,
  orderBy,
  query,
  Timestamp,
  where,
  type DocumentData,
  type Unsubscribe,
} from 'firebase/firestore';
import { getFunctions, httpsCallable, type Functions } from 'firebase/functions';
import type {
  CancelCheckoutInput,
  CheckoutView,
  CreateQrCheckoutInput,
  CreateQrCheckoutOutput,
  GetCheckoutInput,
  RefundCheckoutInput,
} from '../../functions/src/domain/schemas';
import type { Currency } from '../../functions/src/domain/money';
import type { CheckoutStatus } from '../../functions/src/domain/status';

export { describeError } from './errors';
/** The one reader of a typed amount (the POS page uses it too): locale digits, unambiguous grouping only. */
export { parseAmountInput, type AmountInput, type AmountInputError } from './amount-input';
export type { CheckoutStatus, CheckoutView, CreateQrCheckoutInput, CreateQrCheckoutOutput, Currency, RefundCheckoutInput };

/** A checkout as a listener sees it in Firestore. */
export interface LiveCheckout {
  checkoutId: string;
  orderId: string;
  status: CheckoutStatus;
  amount: string;
  currency: Currency;
  totalRefunded: string;
  qrImage: string;
  checkoutUrl: string;
  createdBy: string;
  /** The branch it was taken in (null: a single-shop merchant's checkout) and the till or device, if named. */
  branchId: string | null;
  deviceReference: string | null;
  /** The account's environment: `test` (no real money) or `live`; null on checkouts older than accounts. */
  mode: 'test' | 'live' | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  version: number;
}

export type RefundResult = CheckoutView & { refund: { refundId: string; amount: string } };

export interface PosClient {
  createQrCheckout(input: CreateQrCheckoutInput): Promise<CreateQrCheckoutOutput>;
  getCheckout(input: GetCheckoutInput): Promise<CheckoutView>;
  cancelCheckout(input: CancelCheckoutInput): Promise<CheckoutView>;
  refundCheckout(input: RefundCheckoutInput): Promise<RefundResult>;
  /**
   * Calls `onChange` with every server-confirmed change of the checkout, and `onSync` with whether each
   * snapshot came from the local cache (true: the listener is not hearing the server). Returns the unsubscribe.
   */
  watchCheckout(checkoutId: string, onChange: (checkout: LiveCheckout) => void, onError?: (error: Error) => void, onSync?: (fromCache: boolean) => void): Unsubscribe;
  /**
   * Today's checkouts, newest first: the caller's own for staff (`createdBy`), all for a manager (`null`);
   * `branches` (a scoped user's claim) adds the `branchId in [...]` filter the security rules require.
   */
  watchTodaysCheckouts(
    createdBy: string | null,
    onChange: (checkouts: LiveCheckout[]) => void,
    onError?: (error: Error) => void,
    branches?: readonly string[] | null,
    onSync?: (fromCache: boolean) => void,
  ): Unsubscribe;
}

/** Thrown when a reply lacks a field the app needs: the app and the deployed functions disagree. */
export class UnexpectedReplyError extends Error {
  readonly code = 'internal';
}

const VIEW_FIELDS = ['checkoutId', 'orderId', 'status', 'amount', 'currency', 'totalRefunded', 'checkoutUrl', 'expiresAt'];
const CREATE_FIELDS = ['checkoutId', 'status', 'qrImage', 'checkoutUrl', 'amount', 'currency', 'expiresAt'];

function checked<T>(name: string, value: unknown, fields: string[]): T {
  const record = value as Record<string, unknown> | null;
  const missing = fields.filter((field) => typeof record?.[field] !== 'string');
  if (record === null || typeof record !== 'object' || missing.length > 0) {
    throw new UnexpectedReplyError(`${name} replied without ${missing.join(', ') || 'a body'}`);
  }
  return value as T;
}

function toDate(value: unknown): Date {
  return value instanceof Timestamp ? value.toDate() : new Date(0);
}

function toLive(id: string, data: DocumentData): LiveCheckout {
  return {
    checkoutId: id,
    orderId: String(data.orderId),
    status: data.status as CheckoutStatus,
    amount: String(data.amount),
    currency: String(data.currency) as Currency,
    totalRefunded: String(data.totalRefunded),
    qrImage: String(data.qrImage),
    checkoutUrl: String(data.checkoutUrl),
    createdBy: String(data.createdBy),
    branchId: typeof data.branchId === 'string' ? data.branchId : null,
    deviceReference: typeof data.deviceReference === 'string' ? data.deviceReference : null,
    mode: data.mode === 'test' || data.mode === 'live' ? data.mode : null,
    createdAt: toDate(data.createdAt),
    updatedAt: toDate(data.updatedAt),
    expiresAt: toDate(data.expiresAt),
    version: Number(data.version),
  };
}

/**
 * `functionsOrRegion`: the Functions instance (e.g. connected to the emulator) or the region the functions
 * are deployed in (`FUNCTIONS_REGION`); there is no default, so an app can never call the wrong region.
 */
export function createPosClient(app: FirebaseApp, functionsOrRegion: Functions | string): PosClient {
  const functions = typeof functionsOrRegion === 'string' ? getFunctions(app, functionsOrRegion) : functionsOrRegion;
  const db = getFirestore(app);
  const call = async (name: string, data: unknown): Promise<unknown> => (await httpsCallable(functions, name)(data)).data;
  return {
    createQrCheckout: async (input) => checked('createQrCheckout', await call('createQrCheckout', input), CREATE_FIELDS),
    getCheckout: async (input) => checked('getCheckout', await call('getCheckout', input), VIEW_FIELDS),
    cancelCheckout: async (input) => checked('cancelCheckout', await call('cancelCheckout', input), VIEW_FIELDS),
    refundCheckout: async (input) => {
      const result = checked<RefundResult>('refundCheckout', await call('refundCheckout', input), VIEW_FIELDS);
      checked('refundCheckout', result.refund, ['refundId', 'amount']);
      return result;
    },
    watchCheckout(checkoutId, onChange, onError, onSync) {
      return onSnapshot(
        doc(db, 'checkouts', checkoutId),
        { includeMetadataChanges: onSync !== undefined },
        (snap) => {
          onSync?.(snap.metadata.fromCache);
          // Only server-confirmed data: a status the app shows must be one the backend wrote.
          if (snap.exists() && !snap.metadata.hasPendingWrites) onChange(toLive(snap.id, snap.data()));
        },
        (error) => onError?.(error),
      );
    },
    watchTodaysCheckouts(createdBy, onChange, onError, branches = null, onSync) {
      const midnight = new Date();
      midnight.setHours(0, 0, 0, 0);
      const filters = [
        ...(createdBy ? [where('createdBy', '==', createdBy)] : []),
        // Firestore's `in` takes at most 30 values; nobody works in more branches than that.
        ...(branches ? [where('branchId', 'in', branches.length > 0 ? branches.slice(0, 30) : ['__none'])] : []),
        where('createdAt', '>=', Timestamp.fromDate(midnight)),
      ];
      const q = query(collection(db, 'checkouts'), ...filters, orderBy('createdAt', 'desc'), limit(50));
      return onSnapshot(
        q,
        { includeMetadataChanges: onSync !== undefined },
        (snap) => {
          onSync?.(snap.metadata.fromCache);
          onChange(snap.docs.map((d) => toLive(d.id, d.data())));
        },
        (error) => onError?.(error),
      );
    },
  };
}
