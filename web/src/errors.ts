/**
 * Turns any callable or sign-in error into a sentence a cashier can act on, in the page's language.
 * Internals (HTTP codes such as "[400]", field names the cashier never typed) are never shown.
 */
import { t } from './i18n';

/** Fields a cashier fills in; a problem with any other field is the app's, not theirs. */
const CASHIER_FIELDS = new Set(['amount', 'orderId', 'currency']);

/** Removes what only a developer could read: "[400]", "(code 123)", ids in backticks. */
function clean(message: string): string {
  return message
    .replace(/\[\d{3}\]\s*/g, '')
    .replace(/\s*\(?(?:code|status)[: ]\s*\d+\)?/gi, '')
    .trim();
}

function codeOf(error: unknown): string {
  return String((error as { code?: unknown } | null)?.code ?? '').replace(/^functions\//, '');
}

function messageOf(error: unknown): string {
  return String((error as { message?: unknown } | null)?.message ?? '');
}

function invalidArgument(message: string): string {
  const parts = message.split('; ').map((part) => /^([A-Za-z]+)(?:[.\w]*)?: (.*)$/.exec(part));
  if (parts.length > 0 && parts.every((part) => part && CASHIER_FIELDS.has(part[1] ?? ''))) {
    return t('errInvalid', { detail: parts.map((part) => `${part?.[1]}: ${part?.[2]}`).join('; ') });
  }
  return t('errInvalidOther');
}

function failedPrecondition(message: string): string {
  if (/open checkout|cancel it first/i.test(message)) return t('errOpenCheckout');
  if (/already been paid|charged twice/i.test(message)) return t('errAlreadyPaid');
  if (/PointCheckout refused/i.test(message)) return t('errGatewayRefused');
  // The backend's own sentences ("This checkout is PAID; refund it instead of cancelling.") are for people.
  const text = clean(message);
  return text ? `${t('errPrecondition')} ${text}` : t('errPrecondition');
}

/** A sentence for any error a callable, the sign-in or a listener can throw. */
export function describeError(error: unknown): string {
  const message = messageOf(error);
  switch (codeOf(error)) {
    case 'auth/invalid-credential':
    case 'auth/invalid-login-credentials':
    case 'auth/wrong-password':
    case 'auth/user-not-found':
    case 'auth/invalid-email':
    case 'auth/user-disabled':
      return t('wrongPassword');
    case 'auth/too-many-requests':
      return t('tooManyAttempts');
    case 'auth/network-request-failed':
      return t('signInOffline');
    case 'unauthenticated':
      return t('errUnauthenticated');
    case 'permission-denied':
      return /manager/i.test(message) ? t('errPermissionStaffAuthorized') : t('errPermission');
    case 'invalid-argument':
      return invalidArgument(message);
    case 'already-exists':
      return t('errAlreadyExists');
    case 'failed-precondition':
      return failedPrecondition(message);
    case 'not-found':
      return t('errNotFound');
    case 'unavailable':
    case 'deadline-exceeded':
    case 'internal':
      return t('errUnavailable');
    default:
      return t('errOther');
  }
}
