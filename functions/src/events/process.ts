/**
 * One outbox step for one event document: claim it, mirror the status, publish the event, mark it done. Used by
 * the trigger (first attempt) and by the drain (everything left pending). A failure gives the event back to the
 * drain; a crash leaves a lease that runs out. Either way the next attempt publishes the same CloudEvent id.
 */
import { logger } from 'firebase-functions';
import type { DocumentReference, Timestamp } from 'firebase-admin/firestore';
import type { CheckoutStatus } from '../domain/status';
import { maybeInjectFault } from './faults';
import { mirrorPath, mirrorStatus } from './mirror';
import { claim, markDone, release, type Claimed, type OutboxResult } from '../transition/outbox';
import { publishCheckoutEvent } from './publish';
import { eventSettings, type EventSettings } from './settings';
import { eventTypeFor, type CheckoutEventData } from './types';

export type ProcessOutcome = 'done' | 'skipped' | 'failed';

function eventData(checkoutId: string, claimed: Claimed): CheckoutEventData {
  const { event, checkout } = claimed;
  return {
    checkoutId,
    orderId: String(checkout.orderId),
    status: event.to as CheckoutStatus,
    amount: String(checkout.amount),
    currency: String(checkout.currency),
    totalRefunded: String(event.totalRefunded),
    // Branches are recorded on checkouts by a later change; until then every event says null.
    branchId: typeof checkout.branchId === 'string' ? checkout.branchId : null,
    version: Number(event.version),
    account: typeof checkout.account === 'string' ? checkout.account : 'default',
    mode: checkout.mode === 'test' || checkout.mode === 'live' ? checkout.mode : null,
  };
}

/** By default only live money is told: a test payment must never mark an order paid (EVENTS_INCLUDE_TEST_MODE). */
export function deliverable(data: Pick<CheckoutEventData, 'mode'>, includeTestMode: boolean): boolean {
  return data.mode === 'live' || includeTestMode;
}

async function deliver(settings: EventSettings, checkoutId: string, claimed: Claimed): Promise<OutboxResult> {
  const data = eventData(checkoutId, claimed);
  const at = claimed.event.at as Timestamp;
  if (!deliverable(data, settings.includeTestMode) && (settings.mirrorPath || settings.channel)) {
    return { published: 'test-mode', mirrored: 'test-mode' };
  }
  let mirrored: OutboxResult['mirrored'] = 'off';
  // Adopted after its order moved on to another checkout: recorded, never the order's status.
  const superseded = typeof claimed.checkout.supersededBy === 'string';
  if (settings.mirrorPath && !superseded) {
    const path = mirrorPath(settings.mirrorPath, data);
    mirrored = path
      ? await mirrorStatus(path, settings.mirrorField, data.status, {
          checkoutId,
          checkoutCreatedAt: claimed.checkout.createdAt as Timestamp,
          version: data.version,
          at,
          account: data.account,
          mode: data.mode,
        })
      : 'invalid-path';
  }
  const type = eventTypeFor(data.status, { duplicatePayment: claimed.checkout.duplicatePayment === true });
  let published: OutboxResult['published'] = 'off';
  if (type === null) published = 'none';
  else if (settings.channel) {
    await publishCheckoutEvent(settings.channel, type, data, at.toDate());
    published = 'sent';
  }
  return { published, mirrored };
}

export async function processEvent(eventRef: DocumentReference): Promise<ProcessOutcome> {
  const checkoutId = eventRef.parent.parent?.id ?? '?';
  const claimed = await claim(eventRef);
  if (!claimed) return 'skipped';
  let result: OutboxResult;
  try {
    result = await deliver(eventSettings(), checkoutId, claimed);
    await maybeInjectFault('failMarks');
    await markDone(eventRef, result);
  } catch (error) {
    logger.warn('checkout event not delivered; the drain will retry it', {
      checkoutId,
      eventId: eventRef.id,
      attempt: claimed.attempt,
      error: error instanceof Error ? error.name : 'unknown',
      // e.g. eventarc/unknown-error; codes carry no request data, unlike some messages.
      code: typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined,
    });
    // If this write fails too, the claim's lease runs out and the drain takes the event then.
    await release(eventRef, error).catch(() => undefined);
    return 'failed';
  }
  if (result.published === 'sent' || result.mirrored === 'invalid-path') {
    logger.info('checkout event delivered', { checkoutId, eventId: eventRef.id, ...result, attempt: claimed.attempt });
  }
  return 'done';
}
