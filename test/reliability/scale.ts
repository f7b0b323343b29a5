/**
 * How big the reliability suite runs: `RELIABILITY_SCALE=full` (npm run test:reliability, the issue's
 * figures) or `small` (the default, inside npm test, to keep the whole test run short).
 */
export type Scale = 'full' | 'small';

const raw = process.env.RELIABILITY_SCALE ?? 'small';
if (raw !== 'full' && raw !== 'small') throw new Error(`RELIABILITY_SCALE must be "full" or "small", not "${raw}"`);
export const SCALE: Scale = raw;

const full = SCALE === 'full';

export const sizes = {
  /** Webhook storm: checkouts driven through random legal paths at the simulator. */
  stormCheckouts: full ? 200 : 40,
  /** fast-check runs per property (the issue asks for at least 500 at full size). */
  propertyRuns: full ? 500 : 100,
  /** Create-under-faults rounds per fault mode. */
  createFaultRounds: full ? 3 : 1,
  /** Concurrent createQrCheckout calls with one idempotency key. */
  concurrentCreates: 20,
  /** Concurrent refunds of one checkout. */
  concurrentRefunds: 10,
  /** Checkouts raced by webhook + getCheckout + cancelCheckout + reconciliation. */
  racedCheckouts: full ? 24 : 8,
  /** Paid checkouts refunded three times each under random lost or refused answers (strict gateway). */
  strictRefundCheckouts: full ? 60 : 8,
  /** Creates under random lost or refused answers, each retried with its key (strict gateway). */
  strictCreateRounds: full ? 40 : 6,
};

/** Seed of the suite's own randomness (paths, shuffles, faults); printed in the report so a run can be replayed. */
export const SEED = Number(process.env.RELIABILITY_SEED ?? Date.now() % 2_147_483_647);
