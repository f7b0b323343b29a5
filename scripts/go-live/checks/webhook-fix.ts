/**
 * `--fix` for the registration check: re-enable this account's webhook at the function, or register one. A new
 * registration's hmacKey is a secret: it is written to a file only this user can read, never printed, and the
 * row names the command that stores it and the redeploy that loads it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT } from '../../../functions/src/accounts';
import type { CheckContext } from '../context';
import { redeploy } from '../fixes';
import { GatewayDownError } from '../gateway';
import { redactToken } from '../record';
import type { Row } from '../report';
import type { Hook } from './webhook';

/** The address to register: the function's, with `?account=` (other than default) and the token. */
export function addressFor(functionUrl: string, account: string, token: string): string {
  const url = new URL(functionUrl);
  if (account !== DEFAULT_ACCOUNT) url.searchParams.set('account', account);
  url.searchParams.set('token', token);
  return url.toString();
}

export async function fixRegistration(ctx: CheckContext, ours: Hook[], problem: { seen: string }): Promise<Row> {
  const { setup } = ctx;
  const row = (status: Row['status'], seen: string, fix?: string): Row => ({ check: 'webhook', status, seen: `${problem.seen}; ${seen}`, fix });
  try {
    const [off] = ours;
    if (off) {
      const answer = await ctx.gateway.request('POST', `webhooks/${encodeURIComponent(off.id)}/enable`);
      if (!answer.envelope?.success) return row('fail', `--fix could not re-enable it: HTTP ${answer.status} ${answer.envelope?.error ?? ''}`.trim(), `npm run webhook -- enable ${off.id}`);
      ctx.webhookId = off.id;
      return row('pass', `--fix re-enabled webhook ${off.id}`);
    }
    const address = addressFor(setup.functionUrl ?? '', setup.account, setup.secrets.webhookToken ?? '');
    const answer = await ctx.gateway.request('POST', 'webhooks', { address });
    const result = answer.envelope?.success ? (answer.envelope.result as Partial<Hook> | undefined) : undefined;
    if (!result?.id) return row('fail', `--fix could not register it: HTTP ${answer.status} ${answer.envelope?.error ?? ''}`.trim(), `npm run webhook -- register --url "${redactToken(address)}"`);
    ctx.webhookId = String(result.id);
    if (typeof result.hmacKey !== 'string') return row('warn', `--fix registered webhook ${result.id} at ${redactToken(address)}, but the gateway returned no hmacKey`, `${redeploy()}`);
    const dir = mkdtempSync(join(tmpdir(), 'go-live-'));
    const file = join(dir, 'hmac-key');
    writeFileSync(file, result.hmacKey, { mode: 0o600 });
    return row(
      'warn',
      `--fix registered webhook ${result.id} at ${redactToken(address)}; its hmacKey (not shown) is in ${file}, and the function does not hold it yet`,
      `npx firebase functions:secrets:set ${setup.secretNames.hmacKey} --data-file ${file} && rm ${file} && ${redeploy()}`,
    );
  } catch (error) {
    if (error instanceof GatewayDownError) return row('fail', error.message, ctx.rerun);
    throw error;
  }
}
