/**
 * `publishCheckoutEvents`: the outbox's trigger. Each event a transition records is mirrored and published here,
 * outside the transaction and outside every caller's response path. No retry by the platform: a failed attempt
 * is left due and reconciliation drains it (every 5 minutes).
 *
 * It fires on `checkoutOutbox/{checkoutId}__{eventId}`, which transitions write only while events or the order
 * mirror are on (events/outbox.ts): with both off (the default) it is deployed but never runs.
 */
import { onDocumentCreated } from 'firebase-functions/v2/firestore';

const ID = /^[A-Za-z0-9_-]{1,128}$/;

export const publishCheckoutEvents = onDocumentCreated(
  { document: 'checkoutOutbox/{kickId}', retry: false, timeoutSeconds: 60 },
  async (event) => {
    const kick = event.data?.data();
    const checkoutId = kick?.checkoutId;
    const eventId = kick?.eventId;
    // Written only by our own transactions; anything else is not a path to follow.
    if (typeof checkoutId !== 'string' || typeof eventId !== 'string' || !ID.test(checkoutId) || !ID.test(eventId)) return;
    // Loaded on the first event, not at cold start (see callable.ts).
    const [{ processEvent }, { getFirestore }] = await Promise.all([import('../../events/process'), import('firebase-admin/firestore')]);
    await processEvent(getFirestore().doc(`checkouts/${checkoutId}/events/${eventId}`));
  },
);
