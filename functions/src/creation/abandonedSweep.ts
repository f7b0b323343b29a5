/**
 * Reconciliation's sweep of creates whose caller never came back (claim untouched for 10 minutes): each is
 * adopted from the gateway or dropped (createRecovery.ts). One that can never be resolved (its claim kept no
 * request, the gateway's checkout for its requestId is not what we asked, or its account is no longer
 * configured) is closed with that reason once it has been abandoned for UNRESOLVABLE_CLOSE_AFTER_MS, and the
 * sweep pages past those it cannot resolve yet, so they never stop it reaching newer abandoned creates.
 */
import { getFirestore, Timestamp, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import type { GatewayFor } from '../pointcheckout/fromParams';
import { UnknownAccountError } from '../pointcheckout/fromParams';
import { ABANDONED_AFTER_MS, claimRef, type ClaimData } from './claims';
import { adoptAbandonedCreate } from './createRecovery';
import type { ReconcileSummary } from '../reconciliation/reconcile';
import { CLAIMS } from '../store/repository';

/** An unresolvable abandoned create is closed this long after its claim was last touched. */
export const UNRESOLVABLE_CLOSE_AFTER_MS = 60 * 60_000;
const PAGE = 100;
/** Claims one sweep looks at, at most (the rest wait for the next run). */
const MAX_PER_SWEEP = 300;

export type UnresolvableReason = 'no-request' | 'mismatch' | 'unknown-account';

/** Closes the claim with its reason, unless someone resumed or resolved it meanwhile. */
async function closeClaim(snap: QueryDocumentSnapshot, reason: UnresolvableReason): Promise<boolean> {
  const seen = snap.data() as ClaimData;
  return getFirestore().runTransaction(async (tx) => {
    const now = (await tx.get(claimRef(snap.id))).data() as ClaimData | undefined;
    if (!now || now.holder !== seen.holder || now.state === 'created' || now.state === 'closed') return false;
    if (now.updatedAt.toMillis() !== seen.updatedAt.toMillis()) return false;
    tx.update(claimRef(snap.id), { state: 'closed', closedReason: reason, closedAt: Timestamp.now() });
    return true;
  });
}

async function resolveOne(snap: QueryDocumentSnapshot, gatewayFor: GatewayFor, nowMs: number, summary: ReconcileSummary): Promise<void> {
  const claim = snap.data() as ClaimData;
  let reason: UnresolvableReason | null = null;
  try {
    const outcome = await adoptAbandonedCreate(snap.id, claim, gatewayFor);
    if (outcome === 'adopted') summary.adopted += 1;
    if (outcome === 'dropped') summary.dropped += 1;
    if (outcome === 'mismatch' || outcome === 'no-request') reason = outcome;
  } catch (error) {
    if (!(error instanceof UnknownAccountError)) {
      summary.failed += 1;
      logger.warn('reconcile: abandoned create not resolved this run', { checkoutId: snap.id, error: error instanceof Error ? error.name : 'unknown' });
      return;
    }
    reason = 'unknown-account';
  }
  if (!reason) return;
  if (nowMs - claim.updatedAt.toMillis() < UNRESOLVABLE_CLOSE_AFTER_MS) return; // asked again by the next runs, then closed
  if (await closeClaim(snap, reason)) {
    summary.closed += 1;
    logger.warn('reconcile: abandoned create closed, it cannot be resolved', { checkoutId: snap.id, reason });
  }
}

export async function sweepAbandonedCreates(gatewayFor: GatewayFor, nowMs: number, summary: ReconcileSummary): Promise<void> {
  const base = getFirestore()
    .collection(CLAIMS)
    .where('state', 'in', ['creating', 'retryable'])
    .where('updatedAt', '<', Timestamp.fromMillis(nowMs - ABANDONED_AFTER_MS))
    .orderBy('updatedAt');
  let last: QueryDocumentSnapshot | undefined;
  for (let seen = 0; seen < MAX_PER_SWEEP; ) {
    const page = await (last ? base.startAfter(last) : base).limit(PAGE).get();
    for (const snap of page.docs) await resolveOne(snap, gatewayFor, nowMs, summary);
    seen += page.size;
    if (page.size < PAGE) break;
    last = page.docs[page.docs.length - 1];
  }
}
