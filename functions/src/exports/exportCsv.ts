/**
 * The CSV rows of `exportCheckouts`, written as each page is read: the checkouts created in the range, or the
 * refunds made in it (each on its own time, as the report counts them). Names beside uids, the report's local
 * time beside UTC.
 */
import { getFirestore, type Timestamp } from 'firebase-admin/firestore';
import { formatMinor, type Currency } from '../domain/money';
import { checkoutRef } from '../store/repository';
import type { ReportMode } from '../transition/aggregates';
import { cashierNames } from '../reports/cashierNames';
import { CHECKOUT_COLUMNS, csvLine, localTime, REFUND_COLUMNS } from './csv';
import { checkoutsCreatedBetween, type ReportCheckout } from '../reports/dayCheckouts';
import { refundsBetween, type RefundRow } from '../reports/refundsOfDay';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? '' : new Date(ms).toISOString());
const msOf = (t: Timestamp | undefined) => t?.toMillis();

/** Names of uids not seen before, read in one go per page (best effort: the uid alone when none). */
async function namesFor(uids: (string | null)[], known: Map<string, string>): Promise<void> {
  const fresh = [...new Set(uids.filter((u): u is string => !!u && !known.has(u)))];
  if (fresh.length === 0) return;
  const names = await cashierNames(fresh);
  for (const uid of fresh) known.set(uid, names[uid] ?? '');
}

function checkoutLine(c: ReportCheckout, names: Map<string, string>, zone: string): string {
  const { data } = c;
  return csvLine([
    c.id, data.gateway.id, data.orderId, data.branchId, data.deviceReference, data.createdBy, names.get(data.createdBy) ?? '', data.account, data.mode,
    data.currency, data.amount, data.status, data.gatewayStatus ?? '', data.totalRefunded, data.refundsPending,
    c.chargebackMinor === null ? '' : formatMinor(c.chargebackMinor, data.currency as Currency), iso(c.chargebackAtMs), localTime(c.chargebackAtMs, zone),
    c.duplicatePayment, iso(msOf(data.createdAt)), localTime(msOf(data.createdAt), zone), iso(msOf(data.updatedAt)), localTime(msOf(data.updatedAt), zone), zone,
  ]);
}

async function refundLines(page: RefundRow[], names: Map<string, string>, zone: string): Promise<string> {
  const parents = await getFirestore().getAll(...[...new Set(page.map((r) => r.checkoutId))].map((id) => checkoutRef(id)));
  const checkout = new Map(parents.map((p) => [p.id, p]));
  return page
    .map((r) => {
      const parent = checkout.get(r.checkoutId);
      return csvLine([
        r.id, r.checkoutId, (parent?.get('gateway.id') as string | undefined) ?? '', (parent?.get('orderId') as string | undefined) ?? '', r.branchId, r.account, r.mode,
        r.source, r.currency, r.amount, r.status, r.applied, r.by, r.by ? (names.get(r.by) ?? '') : '', iso(r.atMs), localTime(r.atMs, zone), zone,
      ]);
    })
    .join('');
}

export async function streamCsv(
  kind: 'checkouts' | 'refunds',
  range: { startMs: number; endMs: number; timeZone: string },
  branchIds: readonly string[] | null,
  mode: ReportMode | null,
  write: (chunk: string) => unknown,
): Promise<{ rows: number }> {
  let rows = 0;
  const names = new Map<string, string>();
  const { startMs, endMs, timeZone } = range;
  write(csvLine([...(kind === 'checkouts' ? CHECKOUT_COLUMNS : REFUND_COLUMNS)]));
  if (kind === 'checkouts') {
    for await (const page of checkoutsCreatedBetween(startMs, endMs, branchIds, mode)) {
      await namesFor(page.map((c) => c.data.createdBy), names);
      write(page.map((c) => checkoutLine(c, names, timeZone)).join(''));
      rows += page.length;
    }
  } else {
    for await (const page of refundsBetween(startMs, endMs, branchIds, mode)) {
      await namesFor(page.map((r) => r.by), names);
      write(await refundLines(page, names, timeZone));
      rows += page.length;
    }
  }
  return { rows };
}
