/**
 * 1. Credentials: a Get Checkout of an id that cannot exist must answer PointCheckout's "not found" (HTTP 400
 * with its envelope), not 401/403 (key or secret refused), and not a page that is not the merchant API.
 */
import type { CheckContext } from '../context';
import { exportSecret, MODE_BASE_URL, setBaseUrl, setSecret } from '../fixes';
import { GatewayDownError } from '../gateway';
import type { Row } from '../report';

/** No PointCheckout checkout has id 0 (ids are positive). */
export const IMPOSSIBLE_CHECKOUT_ID = '0';

export async function checkCredentials(ctx: CheckContext): Promise<Row> {
  const { setup } = ctx;
  const names = `${setup.secretNames.apiKey} and ${setup.secretNames.apiSecret}`;
  try {
    const answer = await ctx.gateway.request('GET', `checkout/${IMPOSSIBLE_CHECKOUT_ID}`);
    const error = answer.envelope?.error ?? '';
    if (answer.status === 401 || answer.status === 403) {
      return {
        check: 'credentials',
        status: 'fail',
        seen: `Get Checkout answered HTTP ${answer.status}${error ? ` "${error}"` : ''}: the gateway refused ${names} (are they the ${setup.mode} account's, for ${ctx.gateway.host}?)`,
        fix: `${setSecret(setup.secretNames.apiKey)} && ${setSecret(setup.secretNames.apiSecret)}`,
      };
    }
    if (answer.envelope && !answer.envelope.success && /not found/i.test(error)) {
      return { check: 'credentials', status: 'pass', seen: `Get Checkout of id ${IMPOSSIBLE_CHECKOUT_ID} answered HTTP ${answer.status} "${error}": ${names} are accepted` };
    }
    const what = answer.envelope ? `HTTP ${answer.status}, success ${answer.envelope.success}${error ? ` "${error}"` : ''}` : `HTTP ${answer.status} without PointCheckout's envelope`;
    return {
      check: 'credentials',
      status: 'fail',
      seen: `Get Checkout of id ${IMPOSSIBLE_CHECKOUT_ID} answered ${what}, not "not found": is ${setup.baseUrl} the merchant API (…/mer/v2.0/)?`,
      fix: setBaseUrl(setup, MODE_BASE_URL[setup.mode]),
    };
  } catch (error) {
    if (error instanceof GatewayDownError) return { check: 'credentials', status: 'fail', seen: error.message, fix: ctx.rerun };
    throw error;
  }
}

/** The row when the credentials cannot even be read. */
export function missingCredentials(ctx: CheckContext): Row | null {
  const missing = (['apiKey', 'apiSecret'] as const).filter((key) => !ctx.setup.secrets[key]).map((key) => ctx.setup.secretNames[key]);
  if (missing.length === 0) return null;
  return {
    check: 'credentials',
    status: 'fail',
    seen: `${missing.join(' and ')} not set (neither in the environment nor in functions/.secret.local)`,
    fix: missing.map(exportSecret).join(' && '),
  };
}
