/**
 * PointCheckout merchant accounts, test and live. The `default` account always exists and uses the original
 * settings (POINTCHECKOUT_BASE_URL, POINTCHECKOUT_MODE, the POINTCHECKOUT_* secrets), so a one-account merchant
 * configures nothing more. Further accounts are listed in `pointcheckout.accounts.json` beside the functions'
 * package.json (or the file named by the environment variable POINTCHECKOUT_ACCOUNTS_FILE, relative to it):
 *
 *   { "accounts": [ { "id": "uae-live", "mode": "live", "baseUrl": "https://api.paymennt.com/mer/v2.0/" } ] }
 *
 * Each account has its own four secrets in Secret Manager: the default names with `__<ID>` appended (id upper
 * case, `-` as `_`), e.g. POINTCHECKOUT_API_KEY__UAE_LIVE. Read at module load because secrets must be declared
 * when the functions are deployed; kept free of zod so that loading stays cheap (see api/callable.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { defineSecret } from 'firebase-functions/params';

export const DEFAULT_ACCOUNT = 'default';
export const ACCOUNT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,30}$/;

export interface AccountSpec {
  id: string;
  /** For the default account: read from POINTCHECKOUT_MODE at run time (null here). */
  mode: 'test' | 'live' | null;
  /** For the default account: read from POINTCHECKOUT_BASE_URL at run time (null here). */
  baseUrl: string | null;
  headerFamily: 'pointcheckout' | 'paymennt' | null;
}

type SecretParam = ReturnType<typeof defineSecret>;

export interface AccountSecrets {
  apiKey: SecretParam;
  apiSecret: SecretParam;
  webhookToken: SecretParam;
  webhookHmacKey: SecretParam;
}

function fail(file: string, problem: string): never {
  throw new Error(`${file}: ${problem}`);
}

/** The accounts file's entries, checked field by field (a bad file must stop the deploy, not a payment). */
export function parseAccountsFile(text: string, file = 'pointcheckout.accounts.json'): AccountSpec[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail(file, 'is not valid JSON');
  }
  const list = (json as { accounts?: unknown } | null)?.accounts;
  if (!Array.isArray(list)) fail(file, 'must be { "accounts": [ … ] }');
  const seen = new Set<string>([DEFAULT_ACCOUNT]);
  return list.map((entry: unknown, index): AccountSpec => {
    const { id, mode, baseUrl, headerFamily } = (entry ?? {}) as Record<string, unknown>;
    const where = `accounts[${index}]`;
    if (typeof id !== 'string' || !ACCOUNT_ID_PATTERN.test(id)) fail(file, `${where}.id must be 1–31 of a-z 0-9 - (not starting with -)`);
    if (seen.has(id)) fail(file, `${where}.id "${id}" is used twice (or is "default", which always exists)`);
    seen.add(id);
    if (mode !== 'test' && mode !== 'live') fail(file, `${where}.mode must be "test" or "live"`);
    if (typeof baseUrl !== 'string' || !/^https?:\/\/\S+$/.test(baseUrl)) fail(file, `${where}.baseUrl must be the merchant API URL`);
    if (headerFamily !== undefined && headerFamily !== 'pointcheckout' && headerFamily !== 'paymennt') {
      fail(file, `${where}.headerFamily must be "pointcheckout" or "paymennt"`);
    }
    return { id, mode, baseUrl, headerFamily: headerFamily ?? null };
  });
}

/**
 * The accounts file: relative names are looked up in the codebase folder the functions run from (the working
 * directory, also when this package is installed as a kit), then beside this package.
 */
function accountsFile(): string | null {
  const named = process.env.POINTCHECKOUT_ACCOUNTS_FILE;
  if (named && isAbsolute(named)) return named;
  const name = named || 'pointcheckout.accounts.json';
  const found = [join(process.cwd(), name), join(__dirname, '..', name)].find((candidate) => existsSync(candidate));
  if (!found && named) fail(name, 'POINTCHECKOUT_ACCOUNTS_FILE names a file that does not exist');
  return found ?? null;
}

function loadAccounts(): AccountSpec[] {
  const file = accountsFile();
  const extra = file ? parseAccountsFile(readFileSync(file, 'utf8'), file) : [];
  return [{ id: DEFAULT_ACCOUNT, mode: null, baseUrl: null, headerFamily: null }, ...extra];
}

export const ACCOUNTS: readonly AccountSpec[] = loadAccounts();

/** The Secret Manager name of one of an account's secrets. */
export function secretName(base: string, accountId: string): string {
  return accountId === DEFAULT_ACCOUNT ? base : `${base}__${accountId.toUpperCase().replace(/-/g, '_')}`;
}

const SECRETS = new Map<string, AccountSecrets>(
  ACCOUNTS.map((account) => [
    account.id,
    {
      apiKey: defineSecret(secretName('POINTCHECKOUT_API_KEY', account.id)),
      apiSecret: defineSecret(secretName('POINTCHECKOUT_API_SECRET', account.id)),
      webhookToken: defineSecret(secretName('POINTCHECKOUT_WEBHOOK_TOKEN', account.id)),
      webhookHmacKey: defineSecret(secretName('POINTCHECKOUT_WEBHOOK_HMAC_KEY', account.id)),
    },
  ]),
);

export function accountSpec(accountId: string): AccountSpec | undefined {
  return ACCOUNTS.find((account) => account.id === accountId);
}

export function secretsOf(accountId: string): AccountSecrets | undefined {
  return SECRETS.get(accountId);
}

/** Every account's API key and secret: what any function that calls PointCheckout must be bound to. */
export const gatewaySecrets: SecretParam[] = [...SECRETS.values()].flatMap((s) => [s.apiKey, s.apiSecret]);
/** Every account's webhook token and HMAC key. */
export const webhookSecrets: SecretParam[] = [...SECRETS.values()].flatMap((s) => [s.webhookToken, s.webhookHmacKey]);
