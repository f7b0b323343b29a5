/**
 * The checkout store: Firestore paths of the checkouts domain and their reads. Writes of a status go through
 * the transition step (transition/apply.ts), never here.
 */
import { getFirestore, type DocumentReference, type Firestore, type Timestamp } from 'firebase-admin/firestore';
import { checkoutDocumentSchema, type CheckoutDocument } from './document';

export const CHECKOUTS = 'checkouts';
export const EVENTS = 'events';
export const CLAIMS = 'checkoutClaims';

export interface StoredCheckout {
  id: string;
  data: CheckoutDocument;
  /** When the document was last written, as read: a write guarded by it fails if anyone wrote since. */
  updateTime?: Timestamp;
}

function db(): Firestore {
  return getFirestore();
}

export function checkoutRef(checkoutId: string): DocumentReference {
  return db().collection(CHECKOUTS).doc(checkoutId);
}

export function parseCheckout(id: string, data: unknown, updateTime?: Timestamp): StoredCheckout {
  const parsed = checkoutDocumentSchema.safeParse(data);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? '?';
    throw new Error(`checkouts/${id} is not a valid checkout document (field ${field})`);
  }
  return updateTime ? { id, data: parsed.data, updateTime } : { id, data: parsed.data };
}

export async function getCheckout(checkoutId: string): Promise<StoredCheckout | null> {
  const snap = await checkoutRef(checkoutId).get();
  return snap.exists ? parseCheckout(snap.id, snap.data(), snap.updateTime) : null;
}

/** Our checkout with this PointCheckout id in this account (ids of different accounts may coincide). */
export async function findCheckoutByGatewayId(gatewayId: string, account: string): Promise<StoredCheckout | null> {
  const query = await db().collection(CHECKOUTS).where('gateway.id', '==', gatewayId).limit(10).get();
  const found = query.docs.map((snap) => parseCheckout(snap.id, snap.data(), snap.updateTime)).find((c) => c.data.account === account);
  return found ?? null;
}
