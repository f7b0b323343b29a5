/**
 * Test-only sample consumer (firebase.test.json, never deployed): what a merchant's own codebase would do with
 * checkout events. Every delivery is recorded in `eventDeliveries` (so tests can count them); each event is
 * applied once, keyed by its CloudEvent id in `eventsApplied`, which is the de-duplication consumers must do.
 */
import { initializeApp } from 'firebase-admin/app';
import { FieldValue, getFirestore } from 'firebase-admin/firestore';
import type { CloudEvent } from 'firebase-functions/v2';
import { onCustomEventPublished } from 'firebase-functions/v2/eventarc';

initializeApp();

type Suffix = 'paid' | 'authorized' | 'failed' | 'cancelled' | 'expired' | 'refunded' | 'partially_refunded' | 'duplicate_payment';
const ALREADY_EXISTS = 6;

async function record(event: CloudEvent<unknown>): Promise<void> {
  const db = getFirestore();
  await db.collection('eventDeliveries').add({ id: event.id, type: event.type, data: event.data, receivedAt: FieldValue.serverTimestamp() });
  try {
    await db.collection('eventsApplied').doc(event.id).create({ type: event.type, data: event.data, appliedAt: FieldValue.serverTimestamp() });
  } catch (error) {
    // A repeated delivery of the same transition: already applied, nothing to do.
    if ((error as { code?: unknown }).code !== ALREADY_EXISTS) throw error;
  }
}

function consumer(suffix: Suffix) {
  return onCustomEventPublished(
    { eventType: `com.pointcheckout.checkout.${suffix}`, channel: 'locations/us-central1/channels/firebase' },
    record,
  );
}

export const onCheckoutPaid = consumer('paid');
export const onCheckoutAuthorized = consumer('authorized');
export const onCheckoutFailed = consumer('failed');
export const onCheckoutCancelled = consumer('cancelled');
export const onCheckoutExpired = consumer('expired');
export const onCheckoutRefunded = consumer('refunded');
export const onCheckoutPartiallyRefunded = consumer('partially_refunded');
export const onCheckoutDuplicatePayment = consumer('duplicate_payment');
