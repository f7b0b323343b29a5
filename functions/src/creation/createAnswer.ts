/**
 * What a create that did not call the gateway answers: the checkout another call with the same key made (after
 * waiting for its claim), or the order's refusal.
 */
import type { Caller } from '../access/caller';
import type { PointCheckoutClient } from '../pointcheckout/client';
import { orderRefusal } from '../orders/orderRefusal';
import { claimCreation, peekClaim, type ClaimDecision, type ClaimRequest } from './claims';
import { CheckoutError } from '../shared/errors';
import { refreshFromGateway } from '../lifecycle/refresh';
import { getCheckout, type StoredCheckout } from '../store/repository';
import type { CreateQrCheckoutOutput } from '../domain/schemas';
import { OPEN_STATUSES } from '../domain/status';

/** How long one caller may hold a create before another caller with the same key may take it over. */
export const CLAIM_LEASE_MS = 45_000;
const WAIT_POLL_MS = 250;

export function outputOf(checkout: StoredCheckout): CreateQrCheckoutOutput {
  const { data } = checkout;
  return {
    checkoutId: checkout.id,
    status: data.status,
    qrImage: data.qrImage,
    checkoutUrl: data.checkoutUrl,
    amount: data.amount,
    currency: data.currency,
    expiresAt: data.expiresAt.toDate().toISOString(),
    branchId: data.branchId,
    account: data.account,
    mode: data.mode,
  };
}

/**
 * A checkout we already hold, as the caller should see it now: an open one is first confirmed with the gateway
 * (best effort), so a retry never shows a QR that was paid, cancelled or expired meanwhile as payable.
 */
async function currentOutput(checkoutId: string, gateway: PointCheckoutClient): Promise<CreateQrCheckoutOutput> {
  const stored = await getCheckout(checkoutId);
  if (!stored) throw new CheckoutError('unavailable', 'The checkout is still being created; try again in a moment.');
  if (!OPEN_STATUSES.includes(stored.data.status)) return outputOf(stored);
  try {
    const result = await refreshFromGateway(stored, 'refresh', gateway);
    return outputOf(result.outcome === 'missing' ? stored : result.checkout);
  } catch {
    return outputOf(stored); // the gateway is unreachable: what we hold is still the best answer
  }
}

/** Waits for another call with the same key to finish; returns the decision this call acts on. */
export async function takeClaim(
  checkoutId: string,
  caller: Caller,
  payloadHash: string,
  request: ClaimRequest,
  merchantWide: boolean,
): Promise<Exclude<ClaimDecision, { kind: 'wait' } | { kind: 'conflict' }>> {
  for (;;) {
    const decision = await claimCreation(checkoutId, caller, payloadHash, request, CLAIM_LEASE_MS, merchantWide);
    if (decision.kind === 'conflict') {
      throw new CheckoutError(
        'already-exists',
        'This idempotencyKey was already used for a different checkout; use a new key for a new payment.',
      );
    }
    if (decision.kind !== 'wait') return decision;
    // Another call holds the claim: poll cheaply until it finishes, fails, or its lease runs out.
    while (Date.now() < decision.leaseExpiresAtMs + WAIT_POLL_MS) {
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
      const peek = await peekClaim(checkoutId, caller.uid, payloadHash);
      if (peek?.kind === 'created') return { kind: 'created' };
      if (!peek || peek.kind !== 'wait') break;
    }
  }
}

/** Says what a claim that did not let us proceed means for the caller (or returns the checkout to show). */
export async function settleWithoutCreating(
  decision: Exclude<ClaimDecision, { kind: 'proceed' } | { kind: 'wait' } | { kind: 'conflict' }>,
  checkoutId: string,
  orderId: string,
  gateway: PointCheckoutClient,
): Promise<CreateQrCheckoutOutput> {
  switch (decision.kind) {
    case 'created':
      return currentOutput(checkoutId, gateway);
    case 'order-open':
      if (decision.sameSale) return currentOutput(decision.checkoutId, gateway);
      throw orderRefusal(decision, orderId);
    default:
      throw orderRefusal(decision, orderId);
  }
}
