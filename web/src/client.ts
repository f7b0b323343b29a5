/**
 * The typed client apps use: callables and a Firestore listener, validated with the same zod schemas the
 * functions use. Works in a browser or React Native app with the Firebase JS SDK.
 *
 *   const pos = createPosClient(app);
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
import {
  checkoutViewSchema,
  createQrCheckoutOutputSchema,
  type CancelCheckoutInput,
  type CheckoutView,
  type CreateQrCheckoutInput,
  type CreateQrCheckoutOutput,
  type GetCheckoutInput,
  type RefundCheckoutInput,
} from '../../functions/src/checkouts/schemas';
import type { CheckoutStatus } from '../../functions/src/checkouts/status';

export type { CheckoutStatus, CheckoutView, CreateQrCheckoutInput, CreateQrCheckoutOutput, RefundCheckoutInput };

/** A checkout as a listener sees it in Firestore. */
export interface LiveCheckout {
  checkoutId: string;
  orderId: string;
  status: CheckoutStatus;
  amount: string;
  currency: string;
  totalRefunded: string;
  qrImage: string;
  checkoutUrl: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  version: number;
}

export interface PosClient {
  createQrCheckout(input: CreateQrCheckoutInput): Promise<CreateQrCheckoutOutput>;
  getCheckout(input: GetCheckoutInput): Promise<CheckoutView>;
  cancelCheckout(input: CancelCheckoutInput): Promise<CheckoutView>;
  refundCheckout(input: RefundCheckoutInput): Promise<CheckoutView & { refund: { refundId: string; amount: string } }>;
  /** Calls `onChange` with every server-confirmed change of the checkout. Returns the unsubscribe function. */
  watchCheckout(checkoutId: string, onChange: (checkout: LiveCheckout) => void, onError?: (error: Error) => void): Unsubscribe;
  /** Today's checkouts, newest first: the caller's own for staff (`createdBy`), all for a manager (`null`). */
  watchTodaysCheckouts(createdBy: string | null, onChange: (checkouts: LiveCheckout[]) => void, onError?: (error: Error) => void): Unsubscribe;
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
    currency: String(data.currency),
    totalRefunded: String(data.totalRefunded),
    qrImage: String(data.qrImage),
    checkoutUrl: String(data.checkoutUrl),
    createdBy: String(data.createdBy),
    createdAt: toDate(data.createdAt),
    updatedAt: toDate(data.updatedAt),
    expiresAt: toDate(data.expiresAt),
    version: Number(data.version),
  };
}

export function createPosClient(app: FirebaseApp, functions: Functions = getFunctions(app, 'us-central1')): PosClient {
  const db = getFirestore(app);
  const call = async <T>(name: string, data: unknown): Promise<T> => (await httpsCallable(functions, name)(data)).data as T;
  return {
    createQrCheckout: async (input) => createQrCheckoutOutputSchema.parse(await call('createQrCheckout', input)),
    getCheckout: async (input) => checkoutViewSchema.parse(await call('getCheckout', input)),
    cancelCheckout: async (input) => checkoutViewSchema.parse(await call('cancelCheckout', input)),
    refundCheckout: async (input) => {
      const result = await call<CheckoutView & { refund: { refundId: string; amount: string } }>('refundCheckout', input);
      return { ...checkoutViewSchema.parse(result), refund: result.refund };
    },
    watchCheckout(checkoutId, onChange, onError) {
      return onSnapshot(
        doc(db, 'checkouts', checkoutId),
        (snap) => {
          // Only server-confirmed data: a status the app shows must be one the backend wrote.
          if (snap.exists() && !snap.metadata.hasPendingWrites) onChange(toLive(snap.id, snap.data()));
        },
        (error) => onError?.(error),
      );
    },
    watchTodaysCheckouts(createdBy, onChange, onError) {
      const midnight = new Date();
      midnight.setHours(0, 0, 0, 0);
      const since = where('createdAt', '>=', Timestamp.fromDate(midnight));
      const base = collection(db, 'checkouts');
      const q = createdBy
        ? query(base, where('createdBy', '==', createdBy), since, orderBy('createdAt', 'desc'), limit(50))
        : query(base, since, orderBy('createdAt', 'desc'), limit(50));
      return onSnapshot(
        q,
        (snap) => onChange(snap.docs.map((d) => toLive(d.id, d.data()))),
        (error) => onError?.(error),
      );
    },
  };
}

/** A sentence a cashier understands, for any error a callable can throw. */
export function describeError(error: unknown): string {
  const code = String((error as { code?: unknown } | null)?.code ?? '').replace(/^functions\//, '');
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  switch (code) {
    case 'unauthenticated':
      return 'Please sign in again.';
    case 'permission-denied':
      return `You are not allowed to do that. ${message}`.trim();
    case 'invalid-argument':
      return `Please check the form: ${message}`;
    case 'already-exists':
      return 'This payment was already started with different details. Start a new payment.';
    case 'failed-precondition':
      return message || 'This cannot be done for this payment right now.';
    case 'not-found':
      return 'That payment could not be found.';
    case 'unavailable':
    case 'deadline-exceeded':
      return 'The payment service is not reachable right now. Please try again in a moment.';
    default:
      return 'Something went wrong. Please try again; if it keeps happening, call your manager.';
  }
}
