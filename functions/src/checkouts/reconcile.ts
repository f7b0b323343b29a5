/**
 * Reconciliation: repairs missed webhooks and expires abandoned checkouts. Takes every open checkout
 * (PENDING, AUTHORIZED) unchanged for `staleAfterMinutes`, page by page in `updatedAt` order (composite
 * index status + updatedAt), asks PointCheckout for each with bounded concurrency, and applies what it says
 * (`source: "reconcile"`). A PENDING checkout past its expiry that the gateway still calls PENDING is
 * cancelled at the gateway and marked EXPIRED. One failure never stops the run.
 */
import { getFirestore, Timestamp, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import type { PointCheckoutClient } from '../pointcheckout/client';
import { GatewayRejectedError } from '../pointcheckout/errors';
import { forEachLimit } from '../util/pool';
import { refreshFromGateway } from './refresh';
import { applyObservation, CHECKOUTS, parseCheckout, type StoredCheckout } from './repository';
import { OPEN_STATUSES } from './status';

export interface ReconcileSummary {
  scanned: number;
  /** Checkouts whose status changed in this run (expired ones included). */
  changed: number;
  /** Checkouts this run cancelled at the gateway and marked EXPIRED. */
  expired: number;
  /** Checkouts that could not be reconciled this time (the next run tries again). */
  failed: number;
}

export interface ReconcileOptions {
  staleAfterMinutes: number;
  concurrency?: number;
  pageSize?: number;
  nowMs?: number;
}

async function expireAtGateway(checkout: StoredCheckout, gateway: PointCheckoutClient): Promise<boolean> {
  try {
    await gateway.cancelCheckout(checkout.data.gateway.id);
  } catch (error) {
    // Refused: it changed at the gateway meanwhile (paid, or expired there); the next run applies that.
    if (error instanceof GatewayRejectedError) return false;
    throw error;
  }
  const result = await applyObservation(
    checkout.id,
    { status: 'EXPIRED', totalRefundedMinor: checkout.data.totalRefundedMinor },
    'reconcile',
  );
  return result.outcome === 'applied';
}

async function reconcileOne(
  checkout: StoredCheckout,
  gateway: PointCheckoutClient,
  nowMs: number,
): Promise<'changed' | 'expired' | 'unchanged'> {
  const result = await refreshFromGateway(checkout, 'reconcile', gateway);
  if (result.outcome === 'applied') return 'changed';
  if (result.outcome === 'missing') return 'unchanged';
  const current = result.checkout.data;
  if (current.status === 'PENDING' && current.expiresAt.toMillis() <= nowMs) {
    return (await expireAtGateway(result.checkout, gateway)) ? 'expired' : 'unchanged';
  }
  return 'unchanged';
}

export async function reconcileCheckouts(gateway: PointCheckoutClient, options: ReconcileOptions): Promise<ReconcileSummary> {
  const nowMs = options.nowMs ?? Date.now();
  const pageSize = options.pageSize ?? 200;
  const cutoff = Timestamp.fromMillis(nowMs - options.staleAfterMinutes * 60_000);
  const summary: ReconcileSummary = { scanned: 0, changed: 0, expired: 0, failed: 0 };
  const base = getFirestore()
    .collection(CHECKOUTS)
    .where('status', 'in', [...OPEN_STATUSES])
    .where('updatedAt', '<', cutoff)
    .orderBy('updatedAt')
    .limit(pageSize);
  let last: QueryDocumentSnapshot | undefined;
  for (;;) {
    const page = await (last ? base.startAfter(last) : base).get();
    await forEachLimit(page.docs, options.concurrency ?? 8, async (snap) => {
      summary.scanned += 1;
      try {
        const outcome = await reconcileOne(parseCheckout(snap.id, snap.data()), gateway, nowMs);
        if (outcome !== 'unchanged') summary.changed += 1;
        if (outcome === 'expired') summary.expired += 1;
      } catch (error) {
        summary.failed += 1;
        logger.warn('reconcile: checkout not reconciled this run', {
          checkoutId: snap.id,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    });
    if (page.size < pageSize) break;
    last = page.docs[page.docs.length - 1];
  }
  logger.info('reconcile: run finished', { ...summary });
  return summary;
}
