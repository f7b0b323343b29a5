/** A gateway create that failed: recovered when PointCheckout already holds our checkout, else mapped for the caller. */
import { logs } from '../logs';
import type { PointCheckoutClient } from '../pointcheckout/client';
import { GatewayAuthError, GatewayRateLimitedError, GatewayUnavailableError } from '../pointcheckout/errors';
import type { WireCheckout } from '../pointcheckout/wire';
import { markClaimRetryable, type ClaimRequest } from './claims';
import { findAtGateway, matchesRequest } from './createRecovery';
import { CheckoutError } from '../shared/errors';

/**
 * PointCheckout refused the create. After a lost answer that refusal may be its duplicate-requestId rule
 * (it documents no idempotent return): look for the checkout it made under our requestId before believing it.
 */
export async function recoverRefusedCreate(
  checkoutId: string,
  request: ClaimRequest,
  gateway: PointCheckoutClient,
): Promise<WireCheckout | null> {
  const found = await findAtGateway(gateway, checkoutId);
  if (!found) return null;
  if (!matchesRequest(found, request)) {
    logs.gatewayMismatch(checkoutId, 'create recovery');
    throw new CheckoutError('unavailable', 'PointCheckout holds a different checkout under this request; nothing was stored. Contact support.');
  }
  logs.createRecovered(checkoutId, found.id, found.status);
  return found;
}

/** Maps a failure of the gateway create (after any recovery) to what the caller hears; the claim is kept retryable. */
export async function failCreate(error: unknown, checkoutId: string, holder: string): Promise<never> {
  await markClaimRetryable(checkoutId, holder).catch(() => undefined);
  if (error instanceof GatewayAuthError) {
    logs.gatewayAuthFailed('createQrCheckout');
    throw new CheckoutError('failed-precondition', 'PointCheckout refused our merchant credentials; ask your administrator to check the API key and secret.');
  }
  if (error instanceof GatewayRateLimitedError) {
    logs.createUnknownOutcome(checkoutId, error.detail);
    throw new CheckoutError('unavailable', `${error.message}. Retry with the same idempotencyKey.`);
  }
  if (error instanceof GatewayUnavailableError) {
    logs.createUnknownOutcome(checkoutId, error.detail);
    throw new CheckoutError('unavailable', 'PointCheckout could not be reached. Try again: with the same idempotencyKey no second charge can be made.');
  }
  throw error;
}
