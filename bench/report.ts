/**
 * The end of day at scale: a day of `size` checkouts (50,000 at full size), then `dailyReport` and the CSV export
 * of that day, timed. The day is written as the transitions would write it: each checkout document, and for each
 * of its changes (creation, then its final status, then its refunds) the same aggregate increments the transition
 * transactions add (functions/src/transition/aggregates.ts), so the report reads exactly what production would hold.
 * The figures are checked against what was seeded before they are timed.
 */
import { getAuth } from 'firebase/auth';
import { Timestamp } from 'firebase-admin/firestore';
import { formatMinor } from '../functions/src/domain/money';
import { shardIncrements, shardRef, type Counted } from '../functions/src/transition/aggregates';
import { dayRangeMs } from '../functions/src/reports/dayRange';
import type { CheckoutStatus } from '../functions/src/domain/status';
import { adminDb, FUNCTIONS_URL, type Session } from '../test/emulators/harness';
import { median, percentile, round } from './stats';

const TIME_ZONE = 'Asia/Dubai'; // REPORT_TIME_ZONE in the local stack
const CASHIERS = 20;

export interface ReportBench {
  checkouts: number;
  day: string;
  seedSeconds: number;
  /** dailyReport, the callable a manager's page calls (no comparison with the gateway). */
  reportP50Ms: number;
  reportMaxMs: number;
  reportCalls: number;
  /** exportCheckouts: the day as CSV, streamed. */
  csvSeconds: number;
  csvRows: number;
  csvRowsPerSecond: number;
  csvMiB: number;
}

/** Status mix of a busy day: mostly paid, some open, expired, failed and refunded. Deterministic. */
function statusOf(i: number): CheckoutStatus {
  const r = i % 100;
  if (r < 70) return 'PAID';
  if (r < 78) return 'EXPIRED';
  if (r < 85) return 'FAILED';
  if (r < 90) return 'PENDING';
  if (r < 93) return 'CANCELLED';
  if (r < 97) return 'REFUNDED';
  return 'PARTIALLY_REFUNDED';
}

export async function benchReport(size: number, manager: Session, log: (what: string) => void): Promise<ReportBench> {
  const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  const start = dayRangeMs(day, TIME_ZONE).startMs;
  const expected: Record<string, number> = {};
  const seedStart = performance.now();
  const writer = adminDb.bulkWriter();
  writer.onWriteError((error) => error.failedAttempts < 5);
  for (let i = 0; i < size; i += 1) {
    const checkoutId = `day-${day}-${i}`;
    const status = statusOf(i);
    const amountMinor = 500 + ((i * 37) % 20_000);
    const refundedMinor = status === 'REFUNDED' ? amountMinor : status === 'PARTIALLY_REFUNDED' ? Math.floor(amountMinor / 2) : 0;
    const createdAtMs = start + Math.floor((i / size) * 86_400_000);
    const counted: Counted = { status, currency: 'AED', amountMinor, createdBy: `cashier-${i % CASHIERS}`, branchId: null, mode: 'test', account: 'default', createdAtMs };
    expected[status] = (expected[status] ?? 0) + 1;
    const at = Timestamp.fromMillis(createdAtMs);
    const amount = (minor: number) => formatMinor(minor, 'AED');
    writer.set(adminDb.doc(`checkouts/${checkoutId}`), {
      orderId: `DAY-${i}`, description: null, amount: amount(amountMinor), amountMinor, currency: 'AED', status,
      qrImage: '', checkoutUrl: 'http://127.0.0.1/none', expiresAt: Timestamp.fromMillis(createdAtMs + 900_000),
      createdBy: counted.createdBy, branchId: null, account: 'default', mode: 'test',
      createdAt: at, updatedAt: at, totalRefunded: amount(refundedMinor), totalRefundedMinor: refundedMinor, refundReservedMinor: 0,
      version: status === 'PENDING' ? 1 : 2,
      gateway: { id: `gw-${checkoutId}`, displayId: null, checkoutKey: 'none', requestId: checkoutId, firebaseDatabase: null, firebaseCollection: null, firebaseDocument: null },
    });
    // The increments of each change, as the transition transactions write them.
    const shard = shardRef(checkoutId, counted, TIME_ZONE);
    const paidFirst = status === 'REFUNDED' || status === 'PARTIALLY_REFUNDED';
    const changes: [CheckoutStatus | null, CheckoutStatus][] = [[null, 'PENDING']];
    if (paidFirst) changes.push(['PENDING', 'PAID'], ['PAID', status]);
    else if (status !== 'PENDING') changes.push(['PENDING', status]);
    for (const [from, to] of changes) writer.set(shard, shardIncrements(counted, from, to, TIME_ZONE), { merge: true });
    if (i > 0 && i % 10_000 === 0) log(`report: ${i} of ${size} checkouts written`);
  }
  await writer.close();
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const report = async () => {
    const t0 = performance.now();
    const result = await manager.call<{ byStatus: Record<string, { AED?: { count: number } }> }>('dailyReport', { date: day, mode: 'test' });
    return { ms: performance.now() - t0, result };
  };
  const first = await report();
  for (const [status, count] of Object.entries(expected)) {
    const got = first.result.byStatus[status]?.AED?.count;
    if (got !== count) throw new Error(`report: ${status} counted ${got}, seeded ${count}`);
  }
  const times = [first.ms];
  for (let i = 0; i < 9; i += 1) times.push((await report()).ms);

  const token = await getAuth(manager.app).currentUser?.getIdToken();
  const t0 = performance.now();
  const res = await fetch(`${FUNCTIONS_URL}/exportCheckouts?${new URLSearchParams({ from: day, mode: 'test' }).toString()}`, { headers: { Authorization: `Bearer ${token}` } });
  if (res.status !== 200 || !res.body) throw new Error(`export: HTTP ${res.status} ${await res.text()}`);
  let bytes = 0;
  let newlines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) newlines += 1;
  }
  const csvSeconds = (performance.now() - t0) / 1000;
  const csvRows = newlines - 1; // minus the header
  if (csvRows !== size) throw new Error(`export: ${csvRows} rows for ${size} checkouts`);
  return {
    checkouts: size,
    day,
    seedSeconds: round(seedSeconds, 1),
    reportP50Ms: round(median(times)),
    reportMaxMs: round(percentile(times, 100)),
    reportCalls: times.length,
    csvSeconds: round(csvSeconds, 1),
    csvRows,
    csvRowsPerSecond: round(csvRows / csvSeconds),
    csvMiB: round(bytes / 2 ** 20, 1),
  };
}
