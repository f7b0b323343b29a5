/**
 * The "does PointCheckout know this checkout?" bookkeeping: `gatewayLookup` counts "not found" answers and
 * `gatewayUnknown` marks one it kept not knowing. Any successful lookup (refresh, webhook, reconciliation) clears
 * both and puts the checkout back on its ordinary schedule.
 */
import { FieldValue, getFirestore, Timestamp } from 'firebase-admin/firestore';
import { CHECKOUT_TRANSACTION } from '../store/persist';
import { checkoutRef, parseCheckout } from '../store/repository';
import { nextCheckAtMs, scheduleInputOf } from '../domain/schedule';

export async function clearGatewayUnknown(checkoutId: string, nowMs: number): Promise<void> {
  const ref = checkoutRef(checkoutId);
  await getFirestore().runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (!snap.exists) return;
    const { data } = parseCheckout(snap.id, snap.data());
    if (!data.gatewayUnknown && !data.gatewayLookup) return;
    // Back on the ordinary schedule: the checkout is no longer unknown.
    const next = nextCheckAtMs({ ...scheduleInputOf(data), gatewayUnknown: undefined }, nowMs);
    tx.update(ref, {
      gatewayUnknown: FieldValue.delete(),
      gatewayLookup: FieldValue.delete(),
      nextCheckAt: next === null ? FieldValue.delete() : Timestamp.fromMillis(next),
    });
  }, CHECKOUT_TRANSACTION);
}
