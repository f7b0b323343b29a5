/**
 * The checkout state machine. The vendor documents statuses but no transition table (research
 * §9.1); the moves below are our reading of the status texts:
 *
 *   PENDING              → AUTHORIZED | PENDING_CONFIRMATION | PAID | FAILED | CANCELLED | EXPIRED
 *   AUTHORIZED           → PAID | FAILED | CANCELLED | EXPIRED
 *   PENDING_CONFIRMATION → PAID | FAILED | CANCELLED | EXPIRED   (only by a control, never the clock)
 *   PAID | PARTIALLY_REFUNDED → PARTIALLY_REFUNDED | REFUNDED    (refunds, in the store)
 *   PAID | PARTIALLY_REFUNDED → CHARGEBACK                        (a control)
 */
import type { CheckoutStatus } from './model';

export type CheckoutAction = 'pay' | 'fail' | 'cancel' | 'authorize' | 'expire' | 'pending-confirmation' | 'chargeback';

export const MOVES: Record<CheckoutAction, { from: readonly CheckoutStatus[]; to: CheckoutStatus }> = {
  pay: { from: ['PENDING', 'AUTHORIZED', 'PENDING_CONFIRMATION'], to: 'PAID' },
  fail: { from: ['PENDING', 'AUTHORIZED', 'PENDING_CONFIRMATION'], to: 'FAILED' },
  cancel: { from: ['PENDING', 'AUTHORIZED', 'PENDING_CONFIRMATION'], to: 'CANCELLED' },
  authorize: { from: ['PENDING'], to: 'AUTHORIZED' },
  expire: { from: ['PENDING', 'AUTHORIZED', 'PENDING_CONFIRMATION'], to: 'EXPIRED' },
  // 2026-spec statuses whose meaning the vendor does not document (research §9.1, §11.7).
  'pending-confirmation': { from: ['PENDING'], to: 'PENDING_CONFIRMATION' },
  chargeback: { from: ['PAID', 'PARTIALLY_REFUNDED'], to: 'CHARGEBACK' },
};

export const CHECKOUT_ACTIONS = Object.keys(MOVES) as CheckoutAction[];

/**
 * Statuses the merchant's Cancel API accepts. Assumption: a payment awaiting confirmation is the
 * gateway's to settle, so the merchant cannot cancel PENDING_CONFIRMATION (the customer can't pay it either).
 */
export const API_CANCELLABLE: readonly CheckoutStatus[] = ['PENDING', 'AUTHORIZED'];

/** Statuses in which the customer can still pay (and the clock can still expire the checkout). */
export function isOpen(status: CheckoutStatus): boolean {
  return status === 'PENDING' || status === 'AUTHORIZED';
}

export class TransitionError extends Error {
  constructor(
    readonly status: CheckoutStatus,
    readonly action: CheckoutAction,
  ) {
    super(`Checkout cannot be moved by '${action}' in status ${status}`);
    this.name = 'TransitionError';
  }
}
