/** The checkouts created in a range of instants, in the caller's branches, page by page (for CSV and comparison). */
import { getFirestore, Timestamp, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { CHECKOUTS, parseCheckout, type StoredCheckout } from '../checkouts/repository';

const PAGE = 500;

export async function* checkoutsCreatedBetween(
  startMs: number,
  endMs: number,
  branchIds: readonly string[] | null,
): AsyncGenerator<StoredCheckout[]> {
  const base = getFirestore()
    .collection(CHECKOUTS)
    .where('createdAt', '>=', Timestamp.fromMillis(startMs))
    .where('createdAt', '<', Timestamp.fromMillis(endMs))
    .orderBy('createdAt')
    .limit(PAGE);
  let last: QueryDocumentSnapshot | undefined;
  for (;;) {
    const page = await (last ? base.startAfter(last) : base).get();
    const inScope = page.docs
      .map((snap) => parseCheckout(snap.id, snap.data()))
      .filter((c) => branchIds === null || (c.data.branchId !== null && branchIds.includes(c.data.branchId)));
    if (inScope.length > 0) yield inScope;
    if (page.size < PAGE) return;
    last = page.docs[page.docs.length - 1];
  }
}
