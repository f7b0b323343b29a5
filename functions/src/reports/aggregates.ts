/**
 * Daily aggregates, kept in the same transaction as every status change, so the end-of-day report reads a few
 * documents instead of scanning a day's checkouts. A checkout counts in the day (and hour) it was created, in
 * the report time zone. Each day is spread over shards (`dailyReports/{day}/shards/{branch}__{n}`, n chosen by
 * the checkout id) so that a busy day's transitions do not all contend for one document. Pure, but for the
 * references it builds.
 */
import { createHash } from 'node:crypto';
import { FieldValue, getFirestore, type DocumentReference } from 'firebase-admin/firestore';
import type { CheckoutStatus } from '../checkouts/status';

export const DAILY_REPORTS = 'dailyReports';
export const SHARDS = 'shards';
export const SHARD_COUNT = 32;
/** The shard key of checkouts without a branch. */
export const NO_BRANCH = '_';

export interface Counted {
  status: CheckoutStatus;
  currency: string;
  amountMinor: number;
  createdBy: string;
  branchId: string | null;
  createdAtMs: number;
}

/** `YYYY-MM-DD` and the hour (0–23) of an instant in a time zone. */
export function dayAndHour(ms: number, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}

export function shardRef(checkoutId: string, checkout: Counted, timeZone: string): DocumentReference {
  const { day } = dayAndHour(checkout.createdAtMs, timeZone);
  const n = (createHash('sha256').update(checkoutId).digest()[0] ?? 0) % SHARD_COUNT;
  return getFirestore().collection(DAILY_REPORTS).doc(day).collection(SHARDS).doc(`${checkout.branchId ?? NO_BRANCH}__${n}`);
}

type Increments = Record<string, unknown>;

/** Adds `sign` × (1 checkout, its amount) to the cells of `status`: by currency, by cashier, by hour. */
function addTo(target: Increments, checkout: Counted, status: CheckoutStatus, sign: 1 | -1, hour: number): void {
  const cell = () => ({ count: FieldValue.increment(sign), amountMinor: FieldValue.increment(sign * checkout.amountMinor) });
  const merge = (path: string[]) => {
    let node = target;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Increments;
    node[path[path.length - 1] as string] = cell();
  };
  merge(['byStatus', status, checkout.currency]);
  merge(['byCashier', checkout.createdBy, status, checkout.currency]);
  merge(['byHour', String(hour).padStart(2, '0'), status, checkout.currency]);
}

/**
 * What one change does to its day's shard: the checkout leaves `from` (none at creation) and enters `to`; the
 * refunded total grows by `refundedMinorDelta`. Written with set(…, { merge: true }) and increments.
 */
export function shardIncrements(
  checkout: Counted,
  from: CheckoutStatus | null,
  to: CheckoutStatus,
  refundedMinorDelta: number,
  timeZone: string,
): Increments {
  const { day, hour } = dayAndHour(checkout.createdAtMs, timeZone);
  const increments: Increments = { day, branchId: checkout.branchId };
  if (from !== to) {
    if (from) addTo(increments, checkout, from, -1, hour);
    addTo(increments, checkout, to, 1, hour);
  }
  if (refundedMinorDelta !== 0) {
    increments.refunds = {
      [checkout.currency]: {
        amountMinor: FieldValue.increment(refundedMinorDelta),
        count: FieldValue.increment(refundedMinorDelta > 0 ? 1 : 0),
      },
    };
  }
  return increments;
}
