/** Maps any failure to the HttpsError a caller sees: precise codes, actionable messages, no internals. */
import { HttpsError } from 'firebase-functions/v2/https';
import { CheckoutError } from '../shared/errors';
import { isTransientFirestoreError } from '../store/persist';
import { logs } from '../logs';
import { GatewayAuthError, GatewayRateLimitedError, GatewayRejectedError, GatewayUnavailableError } from '../pointcheckout/errors';

export { isTransientFirestoreError };

export function toHttpsError(operation: string, error: unknown): HttpsError {
  if (error instanceof HttpsError) return error;
  if (error instanceof CheckoutError) return new HttpsError(error.code, error.message);
  if (error instanceof GatewayRateLimitedError) {
    logs.gatewayUnavailable(operation, undefined, error.detail);
    return new HttpsError('unavailable', `${error.message}.`);
  }
  if (error instanceof GatewayUnavailableError) {
    logs.gatewayUnavailable(operation, undefined, error.detail);
    return new HttpsError('unavailable', 'PointCheckout could not be reached. Please try again in a moment.');
  }
  if (error instanceof GatewayAuthError) {
    logs.gatewayAuthFailed(operation);
    return new HttpsError('failed-precondition', 'PointCheckout refused our merchant credentials; ask your administrator to check the API key and secret.');
  }
  if (error instanceof GatewayRejectedError) {
    return new HttpsError('failed-precondition', `PointCheckout refused the request: ${error.message}`);
  }
  if (error instanceof Error && error.name === 'UnknownAccountError') {
    logs.unexpected(operation, error);
    return new HttpsError('failed-precondition', `${error.message}; ask your administrator to restore it.`);
  }
  if (isTransientFirestoreError(error)) {
    return new HttpsError('unavailable', 'The database is busy. Please try again in a moment.');
  }
  logs.unexpected(operation, error);
  return new HttpsError('internal', 'Something went wrong on our side. Please try again; if it keeps failing, contact support.');
}
