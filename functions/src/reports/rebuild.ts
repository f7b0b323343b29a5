/**
 * Rebuilds a day's aggregates from the checkouts, for when they no longer match (REPORT_TIME_ZONE changed, or
 * the day predates the aggregates or their test/live keys): deletes the day's shards (every format) and counts
 * again each checkout created that day in its day and hour in `timeZone`, and each chargeback observed that day.
 * Refund records of the day without their checkout's `branchId`/`mode`/`account` are given them, so scoped
 * reports find them. Run it while the day sees no changes (a change landing meanwhile may count twice or not).
 */
import { getFirestore, Timestamp, type WriteBatch } from 'firebase-admin/firestore';
import { REFUNDS } from '../refunds/refunds';
import { CHECKOUTS } from '../store/repository';
import { chargebackIncrements, countedOf, DAILY_REPORTS, SHARDS, shardIncrements, shardRef } from '../transition/aggregates';
import { checkoutsCreatedBetween, reportCheckoutOf } from './dayCheckouts';
import { dayRangeMs } from './dayRange';

const BATCH = 400;

class Batches {
  private batch: WriteBatch = getFirestore().batch();
  private size = 0;
  async add(write: (batch: WriteBatch) => void): Promise<void> {
    write(this.batch);
    this.size += 1;
    if (this.size >= BATCH) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.size > 0) await this.batch.commit();
    this.batch = getFirestore().batch();
    this.size = 0;
  }
}

export interface RebuildResult {
  date: string;
  checkouts: number;
  chargebacks: number;
  refundsStamped: number;
}

export async function rebuildDay(date: string, timeZone: string): Promise<RebuildResult> {
  const db = getFirestore();
  const { startMs, endMs } = dayRangeMs(date, timeZone);
  const batches = new Batches();
  for (const shard of (await db.collection(DAILY_REPORTS).doc(date).collection(SHARDS).get()).docs) await batches.add((b) => b.delete(shard.ref));
  await batches.flush();
  const result: RebuildResult = { date, checkouts: 0, chargebacks: 0, refundsStamped: 0 };
  for await (const page of checkoutsCreatedBetween(startMs, endMs, null)) {
    for (const checkout of page) {
      const counted = countedOf(checkout.data);
      await batches.add((b) => b.set(shardRef(checkout.id, counted, timeZone), shardIncrements(counted, null, counted.status, timeZone), { merge: true }));
      result.checkouts += 1;
    }
  }
  const range = (field: string) => db.collection(CHECKOUTS).where(field, '>=', Timestamp.fromMillis(startMs)).where(field, '<', Timestamp.fromMillis(endMs));
  for (const snap of (await range('chargebackAt').get()).docs) {
    const checkout = reportCheckoutOf(snap);
    const counted = countedOf(checkout.data);
    const atMs = checkout.chargebackAtMs ?? startMs;
    const increments = chargebackIncrements(counted, checkout.chargebackMinor ?? checkout.data.amountMinor, atMs, timeZone);
    await batches.add((b) => b.set(shardRef(checkout.id, counted, timeZone, atMs), increments, { merge: true }));
    result.chargebacks += 1;
  }
  const refunds = await db.collectionGroup(REFUNDS).where('at', '>=', Timestamp.fromMillis(startMs)).where('at', '<', Timestamp.fromMillis(endMs)).get();
  for (const record of refunds.docs.filter((d) => d.get('mode') === undefined || d.get('branchId') === undefined || d.get('account') === undefined)) {
    const parent = record.ref.parent.parent;
    const checkout = parent ? await parent.get() : undefined;
    if (!checkout?.exists) continue;
    const fields = { branchId: checkout.get('branchId') ?? null, mode: checkout.get('mode') ?? null, account: checkout.get('account') ?? 'default' };
    await batches.add((b) => b.update(record.ref, fields));
    result.refundsStamped += 1;
  }
  await batches.flush();
  return result;
}
