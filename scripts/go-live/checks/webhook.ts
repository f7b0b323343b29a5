/**
 * 3. Webhook registration: exactly one enabled webhook points at the deployed function with this account's
 * `?account=` and token. Missing, disabled (or failed), duplicated, without `?account=`, or pointing elsewhere:
 * fail; `--fix` registers or re-enables it (fix.ts).
 */
import { DEFAULT_ACCOUNT } from '../../../functions/src/accounts';
import { secretsMatch } from '../../../functions/src/webhook/token';
import type { CheckContext } from '../context';
import { goLive, redeploy, setSecret } from '../fixes';
import { GatewayDownError } from '../gateway';
import { redactToken } from '../record';
import type { Row } from '../report';
import { fixRegistration } from './webhook-fix';

export interface Hook {
  id: string;
  address: string;
  enabled: boolean;
  failed: boolean;
  hmacKey?: string;
}

function toHook(value: unknown): Hook | null {
  const { id, address, enabled, failed, hmacKey } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if ((typeof id !== 'string' && typeof id !== 'number') || typeof address !== 'string') return null;
  return { id: String(id), address, enabled: enabled === true, failed: failed === true, hmacKey: typeof hmacKey === 'string' ? hmacKey : undefined };
}

function endpointOf(address: string): { base: string; account: string | null; token: string | null } | null {
  try {
    const url = new URL(address);
    return { base: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, account: url.searchParams.get('account'), token: url.searchParams.get('token') };
  } catch {
    return null;
  }
}

const row = (status: Row['status'], seen: string, fix?: string, details?: string[]): Row => ({ check: 'webhook', status, seen, fix, details });

export async function checkWebhook(ctx: CheckContext): Promise<Row> {
  const { setup } = ctx;
  if (!setup.functionUrl) {
    return row('fail', 'no webhook function URL: no project id (.firebaserc, GCLOUD_PROJECT) and no --function-url', goLive(setup, '--function-url https://<region>-<project-id>.cloudfunctions.net/pointcheckoutWebhook'));
  }
  const token = setup.secrets.webhookToken;
  if (!token) return row('fail', `${setup.secretNames.webhookToken} is not set (environment or functions/.secret.local)`, `export ${setup.secretNames.webhookToken}="$(npx firebase functions:secrets:access ${setup.secretNames.webhookToken})"`);
  let listed;
  try {
    listed = await ctx.gateway.request('GET', 'webhooks');
  } catch (error) {
    if (error instanceof GatewayDownError) return row('fail', error.message, ctx.rerun);
    throw error;
  }
  const result = listed.envelope?.success ? listed.envelope.result : undefined;
  if (!Array.isArray(result)) return row('fail', `List Webhooks answered HTTP ${listed.status} without a list of webhooks`, ctx.rerun);
  const hooks = result.map(toHook).filter((hook): hook is Hook => hook !== null);
  const target = endpointOf(setup.functionUrl)?.base;
  const here = hooks.filter((hook) => endpointOf(hook.address)?.base === target);
  const accountOf = (hook: Hook) => endpointOf(hook.address)?.account ?? DEFAULT_ACCOUNT;
  const ours = here.filter((hook) => accountOf(hook) === setup.account);
  const enabled = ours.filter((hook) => hook.enabled && !hook.failed);
  const list = (items: Hook[]) => items.map((hook) => `${hook.id} ${hook.enabled ? 'enabled' : 'disabled'}${hook.failed ? ' failed' : ''} ${redactToken(hook.address)}`);

  if (enabled.length > 1) {
    const extra = enabled.slice(1).map((hook) => `npm run webhook -- delete ${hook.id}`).join(' && ');
    return row('fail', `${enabled.length} enabled webhooks point at ${target} for account ${setup.account}: every event is delivered ${enabled.length} times`, extra, list(enabled));
  }
  const [hook] = enabled;
  if (hook) {
    // Test it even when it looks wrong: the delivery row then shows how the function answers.
    ctx.webhookId = hook.id;
    if (!secretsMatch(endpointOf(hook.address)?.token ?? '', token)) {
      return row('fail', `webhook ${hook.id} points here, but its token is not ${setup.secretNames.webhookToken}: the function answers 401`, `npm run webhook -- delete ${hook.id} && ${goLive(setup, '--fix')}`);
    }
    const localKey = setup.secrets.hmacKey;
    if (hook.hmacKey && localKey && localKey !== 'none' && !secretsMatch(hook.hmacKey, localKey)) {
      return row('fail', `webhook ${hook.id} is signed with an HMAC key that is not ${setup.secretNames.hmacKey}: the function refuses its deliveries (bad signature)`, `${setSecret(setup.secretNames.hmacKey)} (paste the hmacKey of webhook ${hook.id}) && ${redeploy()}`);
    }
    return row('pass', `webhook ${hook.id} is enabled at ${redactToken(hook.address)}`);
  }
  const problem = describeMissing(setup.account, target ?? '', ours, here.filter((h) => accountOf(h) !== setup.account), hooks.filter((h) => !here.includes(h)));
  if (ctx.args.fix) return fixRegistration(ctx, ours, problem);
  const manual = ours[0] ? `npm run webhook -- enable ${ours[0].id}` : undefined;
  return row('fail', problem.seen, manual ? `${manual} (or ${goLive(setup, '--fix')})` : goLive(setup, '--fix'), list(hooks));
}

function describeMissing(account: string, target: string, ours: Hook[], otherAccounts: Hook[], elsewhere: Hook[]): { seen: string } {
  const [off] = ours;
  if (off) return { seen: `webhook ${off.id} points at ${target} but is ${off.enabled ? 'failed (PointCheckout gave up after its retries)' : 'disabled'}: no events arrive` };
  const bare = otherAccounts.find((hook) => endpointOf(hook.address)?.account === null);
  if (bare) return { seen: `webhook ${bare.id} points at ${target} without ?account=${account}: the function checks its deliveries with the default account's token and key, and refuses them` };
  if (otherAccounts.length > 0) return { seen: `the webhooks at ${target} are for account(s) ${otherAccounts.map((h) => endpointOf(h.address)?.account).join(', ')}, none for ${account}` };
  if (elsewhere.length > 0) return { seen: `no webhook points at ${target}; ${elsewhere.length} point(s) elsewhere` };
  return { seen: 'no webhook is registered: no event reaches the function' };
}
