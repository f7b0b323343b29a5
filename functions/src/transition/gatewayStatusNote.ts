/** Statuses PointCheckout reports that our state machine does not model, noted beside `status`. */
import { getFirestore, Timestamp } from 'firebase-admin/firestore';
import { chargebackIncrements, countedOf, shardRef } from './aggregates';
import { reportTimeZone } from '../shared/timeZone';
import { CHECKOUT_TRANSACTION } from '../store/persist';
import { checkoutRef, parseCheckout } from '../store/repository';

export const CHARGEBACK = 'CHARGEBACK';

/**
 * Notes a status PointCheckout reported that the state machine does not model; `status` itself is untouched.
 * The first CHARGEBACK seen is stamped (`chargebackAt`, `chargebackMinor`: what the merchant still held) and
 * counted in that day's report in the same transaction; the stamp outlives `gatewayStatus`, so never twice.
 */
export async function noteGatewayStatus(checkoutId: string, gatewayStatus: string): Promise<void> {
  const ref = checkoutRef(checkoutId);
  await getFirestore().runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (!snap.exists) return;
    const at = Timestamp.now();
    const updates: Record<string, unknown> = { gatewayStatus, updatedAt: at };
    if (gatewayStatus === CHARGEBACK && snap.get('chargebackAt') === undefined) {
      const current = parseCheckout(snap.id, snap.data());
      const amountMinor = Math.max(0, current.data.amountMinor - current.data.totalRefundedMinor);
      const zone = reportTimeZone();
      const counted = countedOf(current.data);
      Object.assign(updates, { chargebackAt: at, chargebackMinor: amountMinor });
      tx.set(shardRef(current.id, counted, zone, at.toMillis()), chargebackIncrements(counted, amountMinor, at.toMillis(), zone), { merge: true });
    }
    tx.update(ref, updates);
  }, CHECKOUT_TRANSACTION);
}
