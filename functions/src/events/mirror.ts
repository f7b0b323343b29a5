/**
 * Mirrors a checkout's status onto a document the merchant chose (e.g. `orders/{orderId}` field
 * `paymentStatus`), never backwards: events may be processed out of order (several hops of one transaction,
 * retries, a drain), so the write happens only when the event is newer than what the document holds. Newer
 * means a later checkout of the order (by creation time; a payment always wins over another checkout's unpaid
 * status), or the same checkout at a higher version. A checkout adopted after its order moved on
 * (`supersededBy`) is never mirrored (events/process.ts).
 */
import { getFirestore, Timestamp } from 'firebase-admin/firestore';
import { CHARGED_STATUSES } from '../domain/status';
import type { CheckoutEventData } from './types';

export interface MirrorSource {
  checkoutId: string;
  checkoutCreatedAt: Timestamp;
  version: number;
  at: Timestamp;
  /** The checkout's account and mode, so whoever reads the order sees whether the money was real. */
  account: string;
  mode: 'test' | 'live' | null;
}

/** Fills `{orderId}` and `{checkoutId}`; null when the result is not a valid document path. */
export function mirrorPath(template: string, data: Pick<CheckoutEventData, 'orderId' | 'checkoutId'>): string | null {
  const path = template.replaceAll('{orderId}', data.orderId).replaceAll('{checkoutId}', data.checkoutId);
  const segments = path.split('/');
  const valid =
    segments.length % 2 === 0 &&
    segments.every((s) => s.length > 0 && s !== '.' && s !== '..' && !/^__.*__$/.test(s) && !s.includes('{'));
  return valid ? path : null;
}

/**
 * Whether `candidate` (with its status) may replace what the document holds. Another checkout of the order wins
 * when it was created later, except that a charged status (the customer paid) is never replaced by another
 * checkout's uncharged one, and always replaces one: the order's mirror never goes backwards from PAID.
 */
export function isNewer(candidate: MirrorSource, held: MirrorSource | undefined, status?: string, heldStatus?: string): boolean {
  if (!held) return true;
  // With test mode opted in (staging), a test checkout still never overwrites what a live one wrote.
  if (held.mode === 'live' && candidate.mode !== 'live') return false;
  if (candidate.checkoutId !== held.checkoutId) {
    const charged = (s: string | undefined) => s !== undefined && (CHARGED_STATUSES as readonly string[]).includes(s);
    if (charged(heldStatus) !== charged(status) && status !== undefined && heldStatus !== undefined) return charged(status);
    return candidate.checkoutCreatedAt.toMillis() > held.checkoutCreatedAt.toMillis();
  }
  return candidate.version > held.version;
}

export async function mirrorStatus(path: string, field: string, status: string, source: MirrorSource): Promise<'written' | 'stale'> {
  const db = getFirestore();
  const ref = db.doc(path);
  const sourceField = `${field}Source`;
  return db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    const held = snap.get(sourceField) as MirrorSource | undefined;
    if (!isNewer(source, held, status, snap.get(field) as string | undefined)) return 'stale';
    // merge: the merchant's own fields of the order are never touched.
    tx.set(ref, { [field]: status, [sourceField]: source }, { merge: true });
    return 'written';
  });
}
