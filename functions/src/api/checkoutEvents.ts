/**
 * `publishCheckoutEvents`: the outbox's trigger. Each event document a transition creates is mirrored and
 * published here, outside the transaction and outside every caller's response path. No retry by the platform:
 * a failed attempt is left due and reconciliation drains it (every 5 minutes).
 */
import { onDocumentCreated } from 'firebase-functions/v2/firestore';
import { outboxEnabled } from '../events/outbox';

const trigger = () =>
  onDocumentCreated(
  { document: 'checkouts/{checkoutId}/events/{eventId}', retry: false, timeoutSeconds: 60 },
  async (event) => {
    if (!event.data) return;
    // Loaded on the first event, not at cold start (see callable.ts).
    const { processEvent } = await import('../events/process');
    await processEvent(event.data.ref);
  },
  );

/** Deployed only where events or the mirror are on (opt-in): otherwise every transition would start a function for nothing. */
export const publishCheckoutEvents = outboxEnabled() ? trigger() : undefined;
