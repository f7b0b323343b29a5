/**
 * Reconciliation: repairs missed webhooks, expires abandoned checkouts, settles refunds whose outcome was never
 * heard, and resolves creates that never came back. It takes the checkouts that are due (`nextCheckAt` ≤ now,
 * oldest first; each check moves its checkout's `nextCheckAt` forward, so runs never revisit the same oldest
 * ones), asks PointCheckout with bounded concurrency, and stops taking new work at its time budget so a run
 * fits its interval; what is left is due first in the next run. A 429 pauses every worker for its Retry-After.
 * One failure never stops the run.
 */
import { getFirestore, Timestamp, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import type { GatewayFor } from '../pointcheckout/fromParams';
import { GatewayRateLimitedError } from '../pointcheckout/errors';
import { forEachLimit } from '../util/pool';
import { RateGate } from '../util/rateGate';
import { ABANDONED_AFTER_MS, type ClaimData } from './claims';
import { adoptAbandonedCreate } from './createRecovery';
import { reconcileOne, DEFAULT_UNKNOWN_POLICY, type UnknownPolicy } from './reconcileOne';
import { CHECKOUTS, CLAIMS, parseCheckout } from './repository';

export interface ReconcileSummary {
  scanned: number;
  /** Checkouts whose status changed in this run (expired ones included). */
  changed: number;
  /** Checkouts this run cancelled at the gateway and marked EXPIRED. */
  expired: number;
  /** Checkouts that could not be reconciled this time (the next run tries again). */
  failed: number;
  /** Checkouts marked `gatewayUnknown` in this run (PointCheckout kept answering "not found"). */
  unknown: number;
  /** Gateway answers of 429 (every worker then waited for the Retry-After). */
  rateLimited: number;
  /** Abandoned creates adopted from the gateway, and dropped because it never made them. */
  adopted: number;
  dropped: number;
  /** False when the time budget ended the run with checkouts still due (the next run takes them first). */
  complete: boolean;
}

export interface ReconcileOptions {
  concurrency?: number;
  pageSize?: number;
  nowMs?: number;
  /** Stop taking new checkouts after this long (default: no limit). */
  budgetMs?: number;
  unknownPolicy?: UnknownPolicy;
}

async function sweepAbandonedCreates(gatewayFor: GatewayFor, nowMs: number, summary: ReconcileSummary): Promise<void> {
  const stale = await getFirestore()
    .collection(CLAIMS)
    .where('state', 'in', ['creating', 'retryable'])
    .where('updatedAt', '<', Timestamp.fromMillis(nowMs - ABANDONED_AFTER_MS))
    .limit(100)
    .get();
  for (const snap of stale.docs) {
    try {
      const outcome = await adoptAbandonedCreate(snap.id, snap.data() as ClaimData, gatewayFor);
      if (outcome === 'adopted') summary.adopted += 1;
      if (outcome === 'dropped') summary.dropped += 1;
    } catch (error) {
      summary.failed += 1;
      logger.warn('reconcile: abandoned create not resolved this run', { checkoutId: snap.id, error: error instanceof Error ? error.name : 'unknown' });
    }
  }
}

/** Each checkout is asked about with its own account's gateway (`gatewayFor`): test and live never mix. */
export async function reconcileCheckouts(gatewayFor: GatewayFor, options: ReconcileOptions = {}): Promise<ReconcileSummary> {
  const startedMs = Date.now();
  const nowMs = options.nowMs ?? startedMs;
  const deadlineMs = options.budgetMs === undefined ? Infinity : startedMs + options.budgetMs;
  const pageSize = options.pageSize ?? 200;
  const policy = options.unknownPolicy ?? DEFAULT_UNKNOWN_POLICY;
  const gate = new RateGate();
  const summary: ReconcileSummary = {
    scanned: 0, changed: 0, expired: 0, failed: 0, unknown: 0, rateLimited: 0, adopted: 0, dropped: 0, complete: true,
  };
  const base = getFirestore()
    .collection(CHECKOUTS)
    .where('nextCheckAt', '<=', Timestamp.fromMillis(nowMs))
    .orderBy('nextCheckAt')
    .limit(pageSize);
  let last: QueryDocumentSnapshot | undefined;
  for (;;) {
    const page = await (last ? base.startAfter(last) : base).get();
    await forEachLimit(page.docs, options.concurrency ?? 32, async (snap) => {
      if (Date.now() >= deadlineMs) {
        summary.complete = false;
        return;
      }
      await gate.wait();
      summary.scanned += 1;
      try {
        const checkout = parseCheckout(snap.id, snap.data());
        const outcome = await reconcileOne(checkout, gatewayFor(checkout.data.account), nowMs, policy);
        if (outcome === 'changed' || outcome === 'expired') summary.changed += 1;
        if (outcome === 'expired') summary.expired += 1;
        if (outcome === 'unknown-at-gateway') summary.unknown += 1;
      } catch (error) {
        summary.failed += 1;
        if (error instanceof GatewayRateLimitedError) {
          summary.rateLimited += 1;
          gate.pause(error.retryAfterMs);
        }
        logger.warn('reconcile: checkout not reconciled this run', {
          checkoutId: snap.id,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    });
    if (page.size < pageSize || !summary.complete) break;
    last = page.docs[page.docs.length - 1];
  }
  if (Date.now() < deadlineMs) await sweepAbandonedCreates(gatewayFor, nowMs, summary);
  logger.info('reconcile: run finished', { ...summary, seconds: Math.round((Date.now() - startedMs) / 1000) });
  return summary;
}
