/**
 * Named log lines. They carry ids, statuses and sources only: never request bodies, card data, tokens or
 * secrets, so nothing sensitive can reach Cloud Logging by accident. Text someone else wrote (order ids, webhook
 * ids, the gateway's messages, error messages) goes through `maskCardNumbers`: a card number typed or sent
 * there is logged as its length and last four digits.
 */
import { logger } from 'firebase-functions';
import type { Hop, TransitionSource } from './domain/status';
import { maskCardNumbers as mask, maskedOrAbsent } from './util/maskCards';

export const logs = {
  checkoutCreated(checkoutId: string, gatewayId: string, orderId: string, amount: string, currency: string) {
    logger.info('checkout created', { checkoutId, gatewayId, orderId: mask(orderId), amount, currency });
  },
  createRefused(checkoutId: string, reason: string) {
    logger.warn('checkout create refused by PointCheckout', { checkoutId, reason: mask(reason) });
  },
  createUnknownOutcome(checkoutId: string, detail: string | undefined) {
    logger.warn('checkout create outcome unknown; a retry with the same key will resume it', { checkoutId, detail: maskedOrAbsent(detail) });
  },
  createRecovered(checkoutId: string, gatewayId: string, status: string) {
    logger.warn('checkout create resumed from the gateway after a lost answer', { checkoutId, gatewayId, status });
  },
  createAdopted(checkoutId: string, gatewayId: string, status: string) {
    logger.warn('abandoned checkout create adopted from the gateway', { checkoutId, gatewayId, status });
  },
  duplicatePayment(checkoutId: string, paidCheckoutId: string) {
    logger.error('duplicate payment: an adopted checkout was paid for an order another checkout had already charged; decide on a refund', {
      checkoutId,
      paidCheckoutId,
    });
  },
  createDropped(checkoutId: string) {
    logger.info('abandoned checkout create dropped: the gateway never made it', { checkoutId });
  },
  refundsSettled(checkoutId: string, applied: number, released: number) {
    logger.warn('refunds with an unknown outcome settled from the gateway total', { checkoutId, applied, released });
  },
  transitionApplied(checkoutId: string, source: TransitionSource, hops: Hop[]) {
    logger.info('checkout status changed', {
      checkoutId,
      source,
      from: hops[0]?.from ?? null,
      to: hops[hops.length - 1]?.to,
      path: hops.map((hop) => hop.to),
    });
  },
  transitionSkipped(checkoutId: string, source: TransitionSource, outcome: string, reason: string, current: string, observed: string) {
    const log = outcome === 'ignored' ? logger.warn : logger.debug;
    log('checkout status not changed', { checkoutId, source, outcome, reason, current, observed });
  },
  unknownGatewayStatus(checkoutId: string, status: string) {
    logger.warn('PointCheckout reported a status we do not model; ignored', { checkoutId, status: mask(status) });
  },
  gatewayMismatch(checkoutId: string, field: string) {
    logger.error('PointCheckout returned a checkout that does not match ours; ignored', { checkoutId, field });
  },
  gatewayUnavailable(operation: string, checkoutId: string | undefined, detail: string | undefined) {
    logger.warn('PointCheckout unavailable', { operation, checkoutId, detail: maskedOrAbsent(detail) });
  },
  webhookHmacKeyMissing(account: string) {
    logger.error(
      'CONFIGURATION ERROR: the webhook HMAC key secret is empty; deliveries are refused (503) until it holds the key PointCheckout gave at registration, or "none" to opt out',
      { account },
    );
  },
  gatewayAuthFailed(operation: string) {
    logger.error('PointCheckout refused our API credentials: check POINTCHECKOUT_API_KEY/SECRET', { operation });
  },
  webhookRejected(reason: string, status: number) {
    logger.warn('webhook rejected', { reason: mask(reason), status });
  },
  webhookUnknownCheckout(gatewayId: string | undefined, requestId: string | undefined) {
    logger.info('webhook for a checkout we do not know; acknowledged', { gatewayId: maskedOrAbsent(gatewayId), requestId: maskedOrAbsent(requestId) });
  },
  webhookHandled(checkoutId: string, outcome: string) {
    logger.info('webhook handled', { checkoutId, outcome: mask(outcome) });
  },
  unexpected(operation: string, error: unknown) {
    logger.error('unexpected failure', {
      operation,
      error: mask(error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
    });
  },
};
