/**
 * What the deployed functions would use for one account, read the way they read it: params from
 * functions/.env and functions/.env.<project-id> (and .env.local for an emulator-only `demo-` project),
 * secrets from environment variables or functions/.secret.local, accounts from pointcheckout.accounts.json.
 * Environment variables win over files, as they do for the functions.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_ACCOUNT, parseAccountsFile, secretName } from '../../functions/src/accounts';
import { UsageError, type GoLiveArgs } from './args';
import { declaredParams, parseDotenv } from './params';

export const DEFAULT_BASE_URL = 'https://api.test.paymennt.com/mer/v2.0/';
export const SECRET_BASES = {
  apiKey: 'POINTCHECKOUT_API_KEY',
  apiSecret: 'POINTCHECKOUT_API_SECRET',
  webhookToken: 'POINTCHECKOUT_WEBHOOK_TOKEN',
  hmacKey: 'POINTCHECKOUT_WEBHOOK_HMAC_KEY',
} as const;
type SecretKey = keyof typeof SECRET_BASES;

export interface Setup {
  account: string;
  projectId: string | null;
  functionsDir: string;
  mode: 'test' | 'live';
  baseUrl: string;
  /** Where the base URL comes from, for fix commands: the default account's param or the accounts file. */
  baseUrlSetting: string;
  headerFamily: 'pointcheckout' | 'paymennt';
  secrets: Partial<Record<SecretKey, string>>;
  secretNames: Record<SecretKey, string>;
  /** Param values from the files (then the environment); only what is set. */
  params: Record<string, string>;
  paramFiles: string[];
  /** The file a fix should edit: functions/.env.<project-id>. */
  envFile: string;
  region: string;
  /** Origin and path of the deployed webhook function (never a query string), or null when unknown. */
  functionUrl: string | null;
}

function readIfExists(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

function projectIdOf(env: NodeJS.ProcessEnv, root: string): string | null {
  const fromEnv = env.GCLOUD_PROJECT || env.GOOGLE_CLOUD_PROJECT;
  if (fromEnv) return fromEnv;
  const rc = readIfExists(join(root, '.firebaserc'));
  if (!rc) return null;
  try {
    const id = (JSON.parse(rc) as { projects?: { default?: unknown } }).projects?.default;
    return typeof id === 'string' && id ? id : null;
  } catch {
    throw new UsageError('.firebaserc is not valid JSON');
  }
}

/** The webhook function's address without a query string (a pasted ?token= must never be echoed). */
function functionUrlOf(args: GoLiveArgs, projectId: string | null, region: string): string | null {
  if (args.functionUrl) {
    const url = new URL(args.functionUrl);
    return `${url.origin}${url.pathname}`;
  }
  if (!projectId) return null;
  // An emulator-only project's function is the local emulator's.
  if (projectId.startsWith('demo-')) return `http://127.0.0.1:5001/${projectId}/${region}/pointcheckoutWebhook`;
  return `https://${region}-${projectId}.cloudfunctions.net/pointcheckoutWebhook`;
}

export function loadSetup(args: GoLiveArgs, env: NodeJS.ProcessEnv, functionsDir: string): Setup {
  const root = resolve(functionsDir, '..');
  const projectId = projectIdOf(env, root);
  const names = ['.env', ...(projectId ? [`.env.${projectId}`] : []), ...(projectId?.startsWith('demo-') ? ['.env.local'] : [])];
  const params: Record<string, string> = {};
  const paramFiles: string[] = [];
  for (const name of names) {
    const text = readIfExists(join(functionsDir, name));
    if (text === null) continue;
    paramFiles.push(`functions/${name}`);
    Object.assign(params, parseDotenv(text));
  }
  // Params only (never a secret), as the functions would see them in their environment.
  for (const key of [...declaredParams(), 'POINTCHECKOUT_ACCOUNTS_FILE']) if (env[key]) params[key] = env[key];

  const accountsName = params.POINTCHECKOUT_ACCOUNTS_FILE || 'pointcheckout.accounts.json';
  const accountsPath = isAbsolute(accountsName) ? accountsName : join(functionsDir, accountsName);
  const accountsText = readIfExists(accountsPath);
  const accounts = accountsText === null ? [] : parseAccountsFile(accountsText, `functions/${accountsName}`);
  const spec = accounts.find((entry) => entry.id === args.account);
  if (args.account !== DEFAULT_ACCOUNT && !spec) {
    throw new UsageError(`account "${args.account}" is not in functions/${accountsName} (known: ${[DEFAULT_ACCOUNT, ...accounts.map((a) => a.id)].join(', ')})`);
  }
  const configuredMode = spec?.mode ?? (params.POINTCHECKOUT_MODE === 'live' ? 'live' : 'test');
  const family = spec?.headerFamily ?? params.POINTCHECKOUT_HEADER_FAMILY;
  const region = params.FUNCTIONS_REGION || 'us-central1';

  const secretFile = parseDotenv(readIfExists(join(functionsDir, '.secret.local')) ?? '');
  const secretNames = Object.fromEntries(
    Object.entries(SECRET_BASES).map(([key, base]) => [key, secretName(base, args.account)]),
  ) as Record<SecretKey, string>;
  const secrets: Partial<Record<SecretKey, string>> = {};
  for (const [key, name] of Object.entries(secretNames) as [SecretKey, string][]) {
    const value = env[name] || secretFile[name];
    if (value) secrets[key] = value;
  }
  return {
    account: args.account,
    projectId,
    functionsDir,
    mode: args.mode ?? configuredMode,
    baseUrl: args.baseUrl ?? spec?.baseUrl ?? params.POINTCHECKOUT_BASE_URL ?? DEFAULT_BASE_URL,
    baseUrlSetting: spec ? `baseUrl of "${args.account}" in functions/${accountsName}` : 'POINTCHECKOUT_BASE_URL',
    headerFamily: family === 'paymennt' ? 'paymennt' : 'pointcheckout',
    secrets,
    secretNames,
    params,
    paramFiles,
    envFile: `functions/.env.${projectId ?? '<project-id>'}`,
    region,
    functionUrl: functionUrlOf(args, projectId, region),
  };
}

/** Every secret value of the setup: what output and recordings must never contain. */
export function secretValues(setup: Setup): string[] {
  return Object.values(setup.secrets).filter((value): value is string => typeof value === 'string' && value.length >= 4 && value !== 'none');
}
