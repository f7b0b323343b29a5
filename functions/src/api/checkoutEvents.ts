/**
 * `publishCheckoutEvents`: the outbox's trigger. Each event document a transition creates is mirrored and
 * published here, outside the transaction and outside every caller's response path. No retry by the platform:
 * a failed attempt is left due and reconciliation drains it (every 5 minutes).
 */
import { onDocumentCreated } from 'firebase-functions/v2/firestore';
import { outboxEnabled } from '../events/outbox';

/**
 * Always deployed: the CLI loads the code to find its functions without the params' values (firebase-tools
 * gives discovery only its own variables), so the code cannot leave the trigger out when events are off. Off,
 * it returns at once (no read, no write): event documents then carry no outbox marker, and the cost is one
 * short invocation per transition.
 */
export const publishCheckoutEvents = onDocumentCreated(
  { document: 'checkouts/{checkoutId}/events/{eventId}', retry: false, timeoutSeconds: 60 },
  async (event) => {
    if (!event.data || !outboxEnabled()) return;
    // Loaded on the first event, not at cold start (see callable.ts).
    const { processEvent } = await import('../events/process');
    await processEvent(event.data.ref);
  },
);
