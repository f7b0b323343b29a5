/**
 * The refunds made in a range of instants (each on its own `at`, the day the money left), in the caller's
 * branches, read from the refund records themselves (`checkouts/{id}/refunds/{refundId}`) through indexed
 * collection-group queries. Generic over who wrote the record: ours, or one PointCheckout made outside this
 * system (`source: 'gateway'`); any record in an applied status counts. A record without the checkout's
 * `branchId`/`mode`/`account` (older than them) takes them from its checkout.
 */
import { getFirestore, Timestamp, type DocumentSnapshot, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { APPLIED_REFUND_STATUSES, REFUNDS, type RefundGatewayStatus } from '../refunds/refunds';
import { modeOf, type ReportMode } from '../transition/aggregates';
import { scopedQueries } from './scope';

const PAGE = 500;

export interface RefundRow {
  id: string;
  checkoutId: string;
  amount: string;
  amountMinor: number;
  currency: string;
  status: string;
  applied: boolean;
  source: string;
  by: string | null;
  atMs: number;
  branchId: string | null;
  mode: ReportMode;
  account: string;
}

function rowOf(doc: QueryDocumentSnapshot, checkout: DocumentSnapshot | undefined): RefundRow | null {
  const at = doc.get('at') as unknown;
  const amountMinor = doc.get('amountMinor') as unknown;
  if (!(at instanceof Timestamp) || !Number.isSafeInteger(amountMinor)) return null;
  const status = String(doc.get('gatewayStatus') ?? '');
  const from = (field: string) => (doc.get(field) !== undefined ? doc.get(field) : checkout?.get(field)) as unknown;
  return {
    id: doc.id,
    checkoutId: doc.ref.parent.parent?.id ?? '',
    amount: String(doc.get('amount') ?? ''),
    amountMinor: amountMinor as number,
    currency: String(doc.get('currency') ?? checkout?.get('currency') ?? ''),
    status,
    applied: APPLIED_REFUND_STATUSES.includes(status as RefundGatewayStatus),
    source: typeof doc.get('source') === 'string' ? (doc.get('source') as string) : 'ours',
    by: typeof doc.get('by') === 'string' ? (doc.get('by') as string) : null,
    atMs: at.toMillis(),
    branchId: (from('branchId') as string | null | undefined) ?? null,
    mode: modeOf(from('mode') as ReportMode | null | undefined, String(from('account') ?? 'default')),
    account: String(from('account') ?? 'default'),
  };
}

/** Pages of the range's refund records (every status), oldest first within each chunk of branches. */
export async function* refundsBetween(
  startMs: number,
  endMs: number,
  branchIds: readonly string[] | null,
  mode: ReportMode | null,
): AsyncGenerator<RefundRow[]> {
  const base = getFirestore()
    .collectionGroup(REFUNDS)
    .where('at', '>=', Timestamp.fromMillis(startMs))
    .where('at', '<', Timestamp.fromMillis(endMs));
  for (const scoped of scopedQueries(base, branchIds)) {
    const ordered = scoped.orderBy('at').limit(PAGE);
    let last: QueryDocumentSnapshot | undefined;
    for (;;) {
      const page = await (last ? ordered.startAfter(last) : ordered).get();
      const orphans = page.docs.filter((d) => d.get('mode') === undefined || d.get('branchId') === undefined);
      const parentRefs = orphans.flatMap((d) => (d.ref.parent.parent ? [d.ref.parent.parent] : []));
      const parents = parentRefs.length ? await getFirestore().getAll(...parentRefs) : [];
      const parentOf = new Map(parents.map((p) => [p.id, p]));
      const rows = page.docs
        .map((d) => rowOf(d, parentOf.get(d.ref.parent.parent?.id ?? '')))
        .filter((r): r is RefundRow => r !== null && (mode === null || r.mode === mode))
        .filter((r) => branchIds === null || (r.branchId !== null && branchIds.includes(r.branchId)));
      if (rows.length > 0) yield rows;
      if (page.size < PAGE) break;
      last = page.docs[page.docs.length - 1];
    }
  }
}

/** The applied refunds of the range, summed per currency and per source. */
export async function refundTotals(startMs: number, endMs: number, branchIds: readonly string[] | null, mode: ReportMode) {
  const byCurrency: Record<string, { count: number; amountMinor: number }> = {};
  const bySource: Record<string, Record<string, { count: number; amountMinor: number }>> = {};
  for await (const page of refundsBetween(startMs, endMs, branchIds, mode)) {
    for (const r of page.filter((row) => row.applied)) {
      for (const into of [(byCurrency[r.currency] ??= { count: 0, amountMinor: 0 }), ((bySource[r.source] ??= {})[r.currency] ??= { count: 0, amountMinor: 0 })]) {
        into.count += 1;
        into.amountMinor += r.amountMinor;
      }
    }
  }
  return { byCurrency, bySource };
}
