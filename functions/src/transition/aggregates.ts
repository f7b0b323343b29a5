/**
 * Daily aggregates, kept in the same transaction as every status change, so the end-of-day report reads a few
 * documents instead of scanning a day's checkouts. A checkout counts in the day (and hour) it was created, in
 * the report time zone; a chargeback counts in the day it was first observed. Each day is spread over shards
 * (`dailyReports/{day}/shards/{mode}.{branch}.{n}`, n chosen by the checkout id) so that a busy day's
 * transitions do not all contend for one document. Refunds are not aggregated: they are read from their own
 * records, on the day each was made (refundsOfDay.ts). Pure, but for the references it builds.
 */
import { createHash } from 'node:crypto';
import { FieldValue, getFirestore, type DocumentReference } from 'firebase-admin/firestore';
import { DEFAULT_ACCOUNT } from '../accounts';
import type { CheckoutDocument } from '../store/document';
import { modeOf as accountMode } from '../pointcheckout/fromParams';
import type { CheckoutStatus } from '../domain/status';

export const DAILY_REPORTS = 'dailyReports';
export const SHARDS = 'shards';
export const SHARD_COUNT = 32;
/** The shard key of checkouts without a branch: `~` is outside every branch id's alphabet (A-Z a-z 0-9 _ -). */
export const NO_BRANCH = '~';
export type ReportMode = 'live' | 'test';

export interface Counted {
  status: CheckoutStatus;
  currency: string;
  amountMinor: number;
  createdBy: string;
  branchId: string | null;
  /** null: a checkout older than accounts (see modeOf). */
  mode: ReportMode | null;
  account: string;
  createdAtMs: number;
}

export function countedOf(data: CheckoutDocument): Counted {
  return {
    status: data.status,
    currency: data.currency,
    amountMinor: data.amountMinor,
    createdBy: data.createdBy,
    branchId: data.branchId,
    mode: data.mode,
    account: data.account,
    createdAtMs: data.createdAt.toMillis(),
  };
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

/**
 * The mode a checkout counts in: its own, or for one older than accounts (null) its account's (the default
 * account's POINTCHECKOUT_MODE); live when even that cannot be read.
 */
export function modeOf(mode: ReportMode | null | undefined, account = DEFAULT_ACCOUNT): ReportMode {
  if (mode === 'test' || mode === 'live') return mode;
  try {
    return accountMode(account);
  } catch {
    return 'live';
  }
}

/** A shard's id: `.` and `~` cannot occur in a branch id, so no branch can read another key's shards. */
export function shardId(mode: ReportMode, branchId: string | null, n: number): string {
  return `${mode}.${branchId ?? NO_BRANCH}.${n}`;
}

export function shardNumber(checkoutId: string): number {
  return (createHash('sha256').update(checkoutId).digest()[0] ?? 0) % SHARD_COUNT;
}

/** The shard of `checkoutId` in the day of `atMs` (its creation, unless said otherwise). */
export function shardRef(checkoutId: string, checkout: Counted, timeZone: string, atMs = checkout.createdAtMs): DocumentReference {
  const { day } = dayAndHour(atMs, timeZone);
  return getFirestore().collection(DAILY_REPORTS).doc(day).collection(SHARDS)
    .doc(shardId(modeOf(checkout.mode, checkout.account), checkout.branchId, shardNumber(checkoutId)));
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

function header(checkout: Counted, day: string): Increments {
  return { day, branchId: checkout.branchId, mode: modeOf(checkout.mode, checkout.account) };
}

/**
 * What one change does to its day's shard: the checkout leaves `from` (none at creation) and enters `to`.
 * Written with set(…, { merge: true }) and increments.
 */
export function shardIncrements(checkout: Counted, from: CheckoutStatus | null, to: CheckoutStatus, timeZone: string): Increments {
  const { day, hour } = dayAndHour(checkout.createdAtMs, timeZone);
  const increments = header(checkout, day);
  if (from !== to) {
    if (from) addTo(increments, checkout, from, -1, hour);
    addTo(increments, checkout, to, 1, hour);
  }
  return increments;
}

/** A chargeback of `amountMinor`, in the shard of the day it was observed (`atMs`). */
export function chargebackIncrements(checkout: Counted, amountMinor: number, atMs: number, timeZone: string): Increments {
  return {
    ...header(checkout, dayAndHour(atMs, timeZone).day),
    chargebacks: { [checkout.currency]: { count: FieldValue.increment(1), amountMinor: FieldValue.increment(amountMinor) } },
  };
}
