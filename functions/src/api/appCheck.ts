/**
 * App Check for the HTTPS (onRequest) entry points clients call directly, such as exportCheckouts: callables
 * get `request.app` from firebase-functions, these read the `X-Firebase-AppCheck` header themselves. One param,
 * ENFORCE_APP_CHECK, covers both, so a deployment never enforces it on some client entry points only.
 */
import { CheckoutError } from '../shared/errors';

export const APP_CHECK_REFUSAL = 'This app could not be verified (App Check). Update the app or contact support.';

export async function assertAppCheck(
  token: string | undefined,
  enforce: boolean,
  verify: (token: string) => Promise<void>,
): Promise<void> {
  if (!enforce) return;
  if (!token) throw new CheckoutError('unauthenticated', APP_CHECK_REFUSAL);
  try {
    await verify(token);
  } catch {
    throw new CheckoutError('unauthenticated', APP_CHECK_REFUSAL);
  }
}
