/**
 * Money operations re-check the caller's sign-in with Firebase Auth itself: a callable's token is only checked
 * for signature and expiry, so a manager who was disabled, demoted or signed out everywhere (refresh tokens
 * revoked) could otherwise refund for up to an hour. verifyIdToken(token, true) looks the user up: disabled or
 * revoked is refused at once, as `unauthenticated` with what to do.
 */
import { getAuth } from 'firebase-admin/auth';
import { CheckoutError } from '../shared/errors';

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return /^Bearer\s+(\S+)$/i.exec(value ?? '')?.[1];
}

/** The decoded token, checked against revocation and the user's `disabled` flag. */
export async function verifyNotRevoked(rawToken: string | undefined) {
  if (!rawToken) throw new CheckoutError('unauthenticated', 'Sign in to do this (no ID token was sent).');
  try {
    return await getAuth().verifyIdToken(rawToken, true);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'auth/user-disabled') {
      throw new CheckoutError('unauthenticated', 'Your account has been disabled; ask the owner to enable it, then sign in again.');
    }
    if (code === 'auth/id-token-revoked') {
      throw new CheckoutError('unauthenticated', 'Your sign-in was revoked (your role changed or you were signed out everywhere); sign in again.');
    }
    if (code === 'auth/internal-error' || code === 'app/network-error' || code === 'auth/network-request-failed') {
      throw new CheckoutError('unavailable', 'Your sign-in could not be checked just now; try again in a moment.');
    }
    throw new CheckoutError('unauthenticated', 'Your sign-in is invalid or expired; sign in again.');
  }
}
