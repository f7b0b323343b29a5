/**
 * The day's aggregates summed over their shards (a few reads, whatever the day's volume), for one mode and the
 * caller's branches. Pure, but for readDailyTotals.
 */
import { getFirestore } from 'firebase-admin/firestore';
import type { CheckoutStatus } from '../domain/status';
import { DAILY_REPORTS, SHARD_COUNT, SHARDS, shardId, type ReportMode } from '../transition/aggregates';

export interface Cell {
  count: number;
  amountMinor: number;
}
export type ByCurrency = Record<string, Cell>;
export type ByStatus = Partial<Record<CheckoutStatus, ByCurrency>>;

export interface Totals {
  byStatus: ByStatus;
  byCashier: Record<string, ByStatus>;
  byHour: Record<string, ByStatus>;
  chargebacks: ByCurrency;
  /** Shards of the day in the format before modes (`{branch}__{n}`): not read; the day needs a rebuild. */
  oldFormatShards: number;
}

export function addCell(target: ByCurrency, currency: string, cell: Partial<Cell>): void {
  const into = (target[currency] ??= { count: 0, amountMinor: 0 });
  into.count += cell.count ?? 0;
  into.amountMinor += cell.amountMinor ?? 0;
}

function addByStatus(target: ByStatus, source: unknown): void {
  for (const [status, currencies] of Object.entries((source ?? {}) as Record<string, Record<string, Partial<Cell>>>)) {
    const into = (target[status as CheckoutStatus] ??= {});
    for (const [currency, cell] of Object.entries(currencies)) addCell(into, currency, cell);
  }
}

/** Sums shard documents. Pure. */
export function sumShards(shards: Record<string, unknown>[], oldFormatShards = 0): Totals {
  const totals: Totals = { byStatus: {}, byCashier: {}, byHour: {}, chargebacks: {}, oldFormatShards };
  for (const shard of shards) {
    addByStatus(totals.byStatus, shard.byStatus);
    for (const [uid, byStatus] of Object.entries((shard.byCashier ?? {}) as Record<string, unknown>)) addByStatus((totals.byCashier[uid] ??= {}), byStatus);
    for (const [hour, byStatus] of Object.entries((shard.byHour ?? {}) as Record<string, unknown>)) addByStatus((totals.byHour[hour] ??= {}), byStatus);
    for (const [currency, cell] of Object.entries((shard.chargebacks ?? {}) as Record<string, Partial<Cell>>)) addCell(totals.chargebacks, currency, cell);
  }
  return totals;
}

/** Reads and sums the day's shards of one mode in these branches (null: every branch, and checkouts without one). */
export async function readDailyTotals(date: string, branchIds: readonly string[] | null, mode: ReportMode): Promise<Totals> {
  const shards = getFirestore().collection(DAILY_REPORTS).doc(date).collection(SHARDS);
  if (branchIds === null) {
    const docs = (await shards.get()).docs;
    const old = docs.filter((d) => /__\d+$/.test(d.id)).length;
    return sumShards(docs.filter((d) => d.id.startsWith(`${mode}.`)).map((d) => d.data()), old);
  }
  if (branchIds.length === 0) return sumShards([]);
  // Shard ids are `<mode>.<branch>.<n>`: read each branch's shards by id, no query needed.
  const docs = await getFirestore().getAll(...branchIds.flatMap((branch) => Array.from({ length: SHARD_COUNT }, (_, n) => shards.doc(shardId(mode, branch, n)))));
  return sumShards(docs.filter((d) => d.exists).map((d) => d.data() as Record<string, unknown>));
}
