/**
 * The webhook's steps: find our checkout from the ids in the body, then confirm with PointCheckout and apply.
 * Answers what the HTTP layer should say: 200 for handled or permanently irrelevant, 503 for a transient
 * failure (so PointCheckout retries).
 */
import { creationState } from '../creation/claims';
import { adoptAbandonedCreate } from '../creation/createRecovery';
import { refreshFromGateway } from '../lifecycle/refresh';
import { findCheckoutByGatewayId, getCheckout, type StoredCheckout } from '../store/repository';
import { logs } from '../logs';
import { DEFAULT_ACCOUNT } from '../accounts';
import type { GatewayFor } from '../pointcheckout/fromParams';
import { GatewayRejectedError } from '../pointcheckout/errors';
import type { WebhookIds } from './parse';

export interface WebhookOutcome {
  httpStatus: 200 | 503;
  outcome: string;
  checkoutId?: string;
}

/** A requestId that can be one of our checkout ids (and a Firestore document id). */
function isOurId(id: string | undefined): id is string {
  return id !== undefined && /^[A-Za-z0-9_-]{1,128}$/.test(id) && !/^__.*__$/.test(id);
}

async function findOurs(ids: WebhookIds, account: string): Promise<StoredCheckout | null> {
  if (isOurId(ids.requestId)) {
    const byRequest = await getCheckout(ids.requestId);
    if (byRequest) return byRequest;
  }
  return ids.gatewayId ? findCheckoutByGatewayId(ids.gatewayId, account) : null;
}

export async function handleWebhookIds(ids: WebhookIds, account: string, gatewayFor: GatewayFor): Promise<WebhookOutcome> {
  // The delivery came to this account's address: only its gateway is asked, only its checkouts are touched.
  const gateway = gatewayFor(account);
  // Ask the gateway while we look the checkout up: the two are independent (one round trip less per event).
  // The body's id is untrusted, so the answer is used only for the checkout we hold under that gateway id,
  // and it is still checked against our requestId, currency and amount.
  const prefetched = ids.gatewayId ? gateway.getCheckout(ids.gatewayId) : undefined;
  prefetched?.catch(() => undefined); // its failure is handled where it is awaited
  let checkout = await findOurs(ids, account);
  let requestId = ids.requestId;
  if (!checkout && !requestId && prefetched) {
    // Only the gateway id: ask the gateway whose checkout it is (it may be ours, created a moment ago).
    try {
      requestId = (await prefetched).requestId;
    } catch (error) {
      if (error instanceof GatewayRejectedError) {
        logs.webhookUnknownCheckout(ids.gatewayId, undefined);
        return { httpStatus: 200, outcome: 'unknown-checkout' };
      }
      throw error;
    }
    if (isOurId(requestId)) checkout = await getCheckout(requestId);
  }
  if (!checkout && requestId && isOurId(requestId)) {
    const creation = await creationState(requestId);
    // The webhook beat our own write of a checkout being created: ask PointCheckout to deliver it again.
    if (creation.state === 'in-flight') return { httpStatus: 503, outcome: 'creation-in-flight' };
    // Nobody came back for that create: resolve it from the gateway now rather than asking for retries forever.
    if (creation.state === 'abandoned' && creation.claim && (creation.claim.request?.account ?? DEFAULT_ACCOUNT) === account) {
      const adopted = await adoptAbandonedCreate(requestId, creation.claim, gatewayFor);
      if (adopted === 'adopted') checkout = await getCheckout(requestId);
    }
  }
  if (!checkout) {
    logs.webhookUnknownCheckout(ids.gatewayId, requestId);
    return { httpStatus: 200, outcome: 'unknown-checkout' };
  }
  if (checkout.data.account !== account) {
    // Test and live never mix: an id that another account's checkout carries is not this account's business.
    logs.webhookHandled(checkout.id, `other-account: delivered for ${account}, checkout of ${checkout.data.account}`);
    return { httpStatus: 200, outcome: 'other-account', checkoutId: checkout.id };
  }
  try {
    const matching = ids.gatewayId === checkout.data.gateway.id ? prefetched : undefined;
    const result = await refreshFromGateway(checkout, 'webhook', gateway, matching);
    logs.webhookHandled(checkout.id, result.outcome);
    return { httpStatus: 200, outcome: result.outcome, checkoutId: checkout.id };
  } catch (error) {
    if (error instanceof GatewayRejectedError) {
      // The gateway no longer knows a checkout we hold: nothing a retry could change.
      logs.webhookHandled(checkout.id, `gateway-refused: ${error.message}`);
      return { httpStatus: 200, outcome: 'gateway-refused', checkoutId: checkout.id };
    }
    throw error;
  }
}
