/**
 * Reconciliation: repairs missed webhooks, expires abandoned checkouts, settles refunds whose outcome was never
 * heard, and resolves creates that never came back. A run (reconcileDispatch.ts) takes the due checkouts and
 * hands them out in shards through a Cloud Tasks queue; each shard checks its checkouts here, with bounded
 * concurrency, at the pace its share of the gateway budget allows (a 429 holds the whole shard back for its
 * Retry-After), and every check moves the checkout's `nextCheckAt` forward. One failure never stops a shard.
 */
import { getFirestore, Timestamp } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import type { GatewayFor } from '../pointcheckout/fromParams';
import { GatewayRateLimitedError } from '../pointcheckout/errors';
import type { Pacer } from '../util/pacer';
import { forEachLimit } from '../util/pool';
import { reconcileOne, DEFAULT_UNKNOWN_POLICY, type UnknownPolicy } from './reconcileOne';
import { CHECKOUTS, parseCheckout } from '../store/repository';

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
  /** Gateway answers of 429 (the shard then waited for the Retry-After). */
  rateLimited: number;
  /** Abandoned creates adopted from the gateway, and dropped because it never made them. */
  adopted: number;
  dropped: number;
  /** Abandoned creates that could never be resolved (no request kept, a mismatch, an account no longer configured), closed with a reason. */
  closed: number;
  /** False when checkouts were still due when the run (or a shard) ran out of time: the next run takes them. */
  complete: boolean;
}

export const COUNTERS = ['scanned', 'changed', 'expired', 'failed', 'unknown', 'rateLimited', 'adopted', 'dropped', 'closed'] as const;

export function emptySummary(): ReconcileSummary {
  return { scanned: 0, changed: 0, expired: 0, failed: 0, unknown: 0, rateLimited: 0, adopted: 0, dropped: 0, closed: 0, complete: true };
}

export interface ShardOptions {
  /** Checks in flight at most (the pacer bounds the rate). */
  concurrency: number;
  /** Stop taking new checkouts at this time (what is left stays due). */
  deadlineMs: number;
  /** The pace of each account's requests (one Pacer per account, shared by the shard's workers). */
  pacerFor: (accountId: string) => Pacer;
  unknownPolicy?: UnknownPolicy;
}

/** A request whose pace slot came after the shard's deadline is not sent. */
export class ShardOutOfTimeError extends Error {
  constructor() {
    super('reconciliation shard out of time');
    this.name = 'ShardOutOfTimeError';
  }
}

/** What a shard's client awaits before each request: its pace slot, and never a request past the deadline. */
export function pacedUntil(pacer: Pacer, deadlineMs: number): () => Promise<void> {
  return async () => {
    await pacer.take();
    if (Date.now() >= deadlineMs) throw new ShardOutOfTimeError();
  };
}

/**
 * Checks the given checkouts that are still due (a checkout another shard or run checked meanwhile is skipped,
 * so a repeated task never asks twice). Each checkout is asked about with its own account's gateway, and
 * `gatewayFor(account)` must wait on `options.pacerFor(account)` before each request: every account has its own
 * rate limit at PointCheckout, so each has its own pace.
 */
export async function reconcileCheckoutIds(ids: readonly string[], gatewayFor: GatewayFor, options: ShardOptions): Promise<ReconcileSummary> {
  const summary = emptySummary();
  if (ids.length === 0) return summary;
  const nowMs = Date.now();
  const policy = options.unknownPolicy ?? DEFAULT_UNKNOWN_POLICY;
  const db = getFirestore();
  const snaps = await db.getAll(...ids.map((id) => db.collection(CHECKOUTS).doc(id)));
  const due = snaps.filter((snap) => {
    const next: unknown = snap.get('nextCheckAt');
    return snap.exists && next instanceof Timestamp && next.toMillis() <= nowMs;
  });
  await forEachLimit(due, options.concurrency, async (snap) => {
    if (Date.now() >= options.deadlineMs) {
      summary.complete = false;
      return;
    }
    summary.scanned += 1;
    let account: string | undefined;
    try {
      const checkout = parseCheckout(snap.id, snap.data());
      account = checkout.data.account;
      const outcome = await reconcileOne(checkout, gatewayFor(account), nowMs, policy);
      if (outcome === 'changed' || outcome === 'expired') summary.changed += 1;
      if (outcome === 'expired') summary.expired += 1;
      if (outcome === 'unknown-at-gateway') summary.unknown += 1;
    } catch (error) {
      if (error instanceof ShardOutOfTimeError) {
        // Its turn came after the budget (a Retry-After used it up): not checked, still due, the next run's.
        summary.scanned -= 1;
        summary.complete = false;
        return;
      }
      summary.failed += 1;
      if (error instanceof GatewayRateLimitedError) {
        summary.rateLimited += 1;
        // Never past the shard's budget: a longer Retry-After is left to the next run, not waited out here.
        const left = Math.max(0, options.deadlineMs - Date.now());
        if (account !== undefined) options.pacerFor(account).pause(Math.min(error.retryAfterMs, left));
      }
      logger.warn('reconcile: checkout not reconciled this run', {
        checkoutId: snap.id,
        error: error instanceof Error ? error.name : 'unknown',
      });
    }
  });
  return summary;
}
