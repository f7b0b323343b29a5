/** Maps any failure to the HttpsError a caller sees: precise codes, actionable messages, no internals. */
import { HttpsError } from 'firebase-functions/v2/https';
import { CheckoutError } from '../checkouts/errors';
import { logs } from '../logs';
import { GatewayAuthError, GatewayRejectedError, GatewayUnavailableError } from '../pointcheckout/errors';

/** gRPC codes Firestore uses for failures that a retry may fix. */
const TRANSIENT_GRPC_CODES = new Set([4, 8, 10, 14]); // DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE

export function isTransientFirestoreError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && TRANSIENT_GRPC_CODES.has(code);
}

export function toHttpsError(operation: string, error: unknown): HttpsError {
  if (error instanceof HttpsError) return error;
  if (error instanceof CheckoutError) return new HttpsError(error.code, error.message);
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
  if (isTransientFirestoreError(error)) {
    return new HttpsError('unavailable', 'The database is busy. Please try again in a moment.');
  }
  logs.unexpected(operation, error);
  return new HttpsError('internal', 'Something went wrong on our side. Please try again; if it keeps failing, contact support.');
}
