/**
 * The checkouts created in a range of instants, in the caller's branches (an indexed `branchId in` query per 30
 * branches, never the whole merchant filtered here), of one mode or both, page by page (for CSV and comparison).
 */
import { getFirestore, Timestamp, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { CHECKOUTS, parseCheckout, type StoredCheckout } from '../store/repository';
import { modeOf, type ReportMode } from '../transition/aggregates';
import { scopedQueries } from './scope';

const PAGE = 500;

/** A checkout with the fields the report reads beside its document's schema, read defensively. */
export interface ReportCheckout extends StoredCheckout {
  chargebackAtMs: number | null;
  chargebackMinor: number | null;
  /** Set by adoption when the order had already been paid by another checkout (a refund decision is due). */
  duplicatePayment: boolean;
}

export function reportCheckoutOf(snap: QueryDocumentSnapshot): ReportCheckout {
  const chargebackAt = snap.get('chargebackAt') as unknown;
  const chargebackMinor = snap.get('chargebackMinor') as unknown;
  return {
    ...parseCheckout(snap.id, snap.data()),
    chargebackAtMs: chargebackAt instanceof Timestamp ? chargebackAt.toMillis() : null,
    chargebackMinor: Number.isSafeInteger(chargebackMinor) ? (chargebackMinor as number) : null,
    duplicatePayment: snap.get('duplicatePayment') === true,
  };
}

export async function* checkoutsCreatedBetween(
  startMs: number,
  endMs: number,
  branchIds: readonly string[] | null,
  mode: ReportMode | null = null,
): AsyncGenerator<ReportCheckout[]> {
  const base = getFirestore()
    .collection(CHECKOUTS)
    .where('createdAt', '>=', Timestamp.fromMillis(startMs))
    .where('createdAt', '<', Timestamp.fromMillis(endMs));
  for (const scoped of scopedQueries(base, branchIds)) {
    const ordered = scoped.orderBy('createdAt').limit(PAGE);
    let last: QueryDocumentSnapshot | undefined;
    for (;;) {
      const page = await (last ? ordered.startAfter(last) : ordered).get();
      // Mode is filtered here, within the caller's branches: checkouts older than accounts have none (live).
      const rows = page.docs.map(reportCheckoutOf).filter((c) => mode === null || modeOf(c.data.mode, c.data.account) === mode);
      if (rows.length > 0) yield rows;
      if (page.size < PAGE) break;
      last = page.docs[page.docs.length - 1];
    }
  }
}

/** The checkouts of the range flagged `duplicatePayment`, in the caller's branches and this mode (indexed). */
export async function duplicatePaymentsBetween(startMs: number, endMs: number, branchIds: readonly string[] | null, mode: ReportMode): Promise<string[]> {
  const base = getFirestore()
    .collection(CHECKOUTS)
    .where('duplicatePayment', '==', true)
    .where('createdAt', '>=', Timestamp.fromMillis(startMs))
    .where('createdAt', '<', Timestamp.fromMillis(endMs));
  const ids: string[] = [];
  for (const query of scopedQueries(base, branchIds)) {
    for (const snap of (await query.get()).docs) if (modeOf(snap.get('mode') as ReportMode | null, String(snap.get('account') ?? 'default')) === mode) ids.push(snap.id);
  }
  return ids.sort();
}
