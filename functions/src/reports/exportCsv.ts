/** The CSV rows of `exportCheckouts`, written as each page of checkouts is read. */
import { checkoutRef } from '../checkouts/repository';
import { REFUNDS } from '../checkouts/refunds';
import type { Timestamp } from 'firebase-admin/firestore';
import { checkoutsCreatedBetween } from './dayCheckouts';
import { CHECKOUT_COLUMNS, csvLine, REFUND_COLUMNS } from './csv';

const iso = (t: Timestamp | undefined) => (t ? t.toDate().toISOString() : '');

export async function streamCsv(
  kind: 'checkouts' | 'refunds',
  startMs: number,
  endMs: number,
  branchIds: readonly string[] | null,
  write: (chunk: string) => unknown,
): Promise<{ rows: number }> {
  let rows = 0;
  write(csvLine([...(kind === 'checkouts' ? CHECKOUT_COLUMNS : REFUND_COLUMNS)]));
  for await (const page of checkoutsCreatedBetween(startMs, endMs, branchIds)) {
    let chunk = '';
    if (kind === 'checkouts') {
      for (const { id, data } of page) {
        chunk += csvLine([
          id, data.gateway.id, data.orderId, data.branchId, data.deviceReference, data.createdBy, data.account, data.mode,
          data.currency, data.amount, data.status, data.totalRefunded, data.refundsPending, iso(data.createdAt), iso(data.updatedAt),
        ]);
        rows += 1;
      }
    } else {
      // Only checkouts with a refund (or one pending) have refund records to read.
      const refunded = page.filter((c) => c.data.totalRefundedMinor > 0 || c.data.refundsPending > 0 || c.data.refundReservedMinor > 0);
      const records = await Promise.all(refunded.map((c) => checkoutRef(c.id).collection(REFUNDS).orderBy('at').get()));
      refunded.forEach((c, index) => {
        for (const r of records[index]?.docs ?? []) {
          chunk += csvLine([
            r.id, c.id, c.data.gateway.id, c.data.orderId, c.data.branchId, r.get('currency') as string, r.get('amount') as string,
            r.get('gatewayStatus') as string, r.get('by') as string, iso(r.get('at') as Timestamp),
          ]);
          rows += 1;
        }
      });
    }
    if (chunk) write(chunk);
  }
  return { rows };
}
