/**
 * A failure the caller can act on, with the callable error code it maps to. Plain data: services throw it
 * without knowing about firebase-functions; the API layer turns it into an HttpsError.
 */
export type CheckoutErrorCode =
  | 'invalid-argument'
  | 'not-found'
  | 'permission-denied'
  | 'failed-precondition'
  | 'already-exists'
  | 'unavailable'
  | 'unauthenticated';

export class CheckoutError extends Error {
  constructor(
    readonly code: CheckoutErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CheckoutError';
  }
}
