/**
 * Manages the merchant account's PointCheckout (paymennt) webhooks: `npm run webhook -- <command>`.
 * The logic is in `runWebhookCli` so tests can drive it against the simulator.
 */
import { parseArgs } from 'node:util';

const DEFAULT_BASE_URL = 'https://api.test.paymennt.com/mer/v2.0/';
const TIMEOUT_MS = 15_000;
const HMAC_SECRET = 'POINTCHECKOUT_WEBHOOK_HMAC_KEY';

export const USAGE = `Usage: npm run webhook -- <command> [options]

Manages the PointCheckout (paymennt) webhooks of the merchant account.

Commands:
  register --url <address>  Register a webhook; prints its hmacKey (shown only here)
  list                      List webhooks: id, enabled, failed, address
  get <id>                  Show one webhook
  test <id>                 Ask the gateway to send a test call to the webhook
  enable <id>               Enable a webhook
  disable <id>              Disable a webhook
  delete <id>               Delete a webhook

Options:
  --url <address>  Address for register, with ?token=<POINTCHECKOUT_WEBHOOK_TOKEN>
  --json           Print the gateway's result as JSON (hmacKey only for register)
  -h, --help       Show this text

Environment:
  POINTCHECKOUT_API_KEY        API key (required)
  POINTCHECKOUT_API_SECRET     API secret (required)
  POINTCHECKOUT_BASE_URL       Merchant API base URL (default ${DEFAULT_BASE_URL})
  POINTCHECKOUT_SIMULATOR_URL  If POINTCHECKOUT_BASE_URL is unset, use <this URL>/mer/v2.0/
  POINTCHECKOUT_HEADER_FAMILY  pointcheckout (X-PointCheckout-Api-*, default) or paymennt (X-Paymennt-Api-*)

Exit codes: 0 ok, 1 gateway refused or unreachable, 2 usage or configuration error.`;

/** The commands that take a webhook id, with the line printed after each. */
const ID_COMMANDS = {
  get: 'Webhook',
  test: 'Sent a test call to webhook',
  enable: 'Enabled webhook',
  disable: 'Disabled webhook',
  delete: 'Deleted webhook',
} as const;
type IdCommand = keyof typeof ID_COMMANDS;
type Command = { json: boolean } & ({ name: 'register'; url: string } | { name: 'list' } | { name: IdCommand; id: string });
type Print = (line: string) => void;

type Webhook = { id: string; address: string; enabled: boolean; failed: boolean; hmacKey?: string };

class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2) {
    super(message);
  }
}

export async function runWebhookCli(argv: string[], env: NodeJS.ProcessEnv, out: Print, err: Print): Promise<number> {
  try {
    const command = parseCommand(argv);
    if (command === 'help' || command === 'missing') {
      (command === 'help' ? out : err)(USAGE);
      return command === 'help' ? 0 : 2;
    }
    const gateway = gatewayFrom(env);
    const print = (value: unknown) => out(JSON.stringify(value ?? null, null, 2));
    if (command.name === 'register') {
      for (const warning of addressWarnings(command.url)) err(`warning: ${warning}`);
      const result = await gateway('POST', 'webhooks', { address: command.url });
      if (command.json) print(result);
      else printRegistered(toWebhook(result), out, err);
    } else if (command.name === 'list') {
      const result = await gateway('GET', 'webhooks');
      if (!Array.isArray(result)) throw new CliError('the gateway answered the list with something other than an array', 1);
      if (command.json) print(result.map(withoutHmacKey));
      else printTable(result.map(toWebhook), out);
    } else {
      const path = `webhooks/${encodeURIComponent(command.id)}`;
      const result = await (command.name === 'get' ? gateway('GET', path) : gateway('POST', `${path}/${command.name}`));
      if (command.json) print(withoutHmacKey(result));
      else printAction(command.name, command.id, result, out);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    err(`webhook: ${e.message}`);
    return e.exitCode;
  }
}

function parseCommand(argv: string[]): Command | 'help' | 'missing' {
  let parsed;
  try {
    const options = { url: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
    parsed = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (e) {
    throw usageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  const [name, id, ...extra] = positionals;
  const json = values.json === true;
  if (values.help) return 'help';
  if (name === undefined) return 'missing';
  if (name !== 'register' && values.url !== undefined) throw usageError('--url is only for register');
  const idCommand = Object.keys(ID_COMMANDS).find((key): key is IdCommand => key === name);
  const unexpected = idCommand ? extra : [id, ...extra].filter((arg) => arg !== undefined);
  if (unexpected.length > 0) throw usageError(`unexpected argument "${unexpected.join(' ')}"`);
  if (name === 'list') return { name, json };
  if (name === 'register') {
    if (!values.url) throw usageError('register needs --url <address>');
    return { name, url: values.url, json };
  }
  if (idCommand === undefined) throw usageError(`unknown command "${name}"`);
  if (!id) throw usageError(`${idCommand} needs a webhook id`);
  return { name: idCommand, id, json };
}

function usageError(message: string): CliError {
  return new CliError(`${message} (see --help)`, 2);
}

type Gateway = (method: 'GET' | 'POST', path: string, body?: object) => Promise<unknown>;

function gatewayFrom(env: NodeJS.ProcessEnv): Gateway {
  const apiKey = requiredEnv(env, 'POINTCHECKOUT_API_KEY');
  const apiSecret = requiredEnv(env, 'POINTCHECKOUT_API_SECRET');
  const family = env.POINTCHECKOUT_HEADER_FAMILY || 'pointcheckout';
  if (family !== 'pointcheckout' && family !== 'paymennt') {
    throw new CliError(`POINTCHECKOUT_HEADER_FAMILY must be "pointcheckout" or "paymennt", not "${family}"`, 2);
  }
  const prefix = family === 'paymennt' ? 'X-Paymennt-Api' : 'X-PointCheckout-Api';
  const simulator = env.POINTCHECKOUT_SIMULATOR_URL;
  const rawBase = env.POINTCHECKOUT_BASE_URL || (simulator ? `${simulator.replace(/\/+$/, '')}/mer/v2.0/` : DEFAULT_BASE_URL);
  let base: URL;
  try {
    // Without the trailing slash, relative paths would replace the last segment ("v2.0").
    base = new URL(rawBase.endsWith('/') ? rawBase : `${rawBase}/`);
  } catch {
    throw new CliError(`the gateway base URL is not a valid URL: ${rawBase}`, 2);
  }

  return async (method, path, body) => {
    const url = new URL(path, base);
    const headers = { Accept: 'application/json', [`${prefix}-Key`]: apiKey, [`${prefix}-Secret`]: apiSecret };
    let status: number;
    let text: string;
    try {
      const init = body ? { body: JSON.stringify(body), headers: { ...headers, 'Content-Type': 'application/json' } } : { headers };
      const res = await fetch(url, { method, ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
      status = res.status;
      text = await res.text();
    } catch (e) {
      throw new CliError(`could not reach the gateway at ${url.host}: ${networkReason(e)}`, 1);
    }
    const envelope = parseEnvelope(text);
    if (envelope?.success === true && status >= 200 && status < 300) return envelope.result;
    const detail = envelope?.error ?? (envelope ? `HTTP ${status}` : `HTTP ${status}, not a JSON reply`);
    throw new CliError(`the gateway refused the request: ${detail}`, 1);
  };
}

function requiredEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new CliError(`${name} is not set (see --help)`, 2);
  return value;
}

function networkReason(e: unknown): string {
  if (e instanceof Error && e.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  // fetch reports "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND, ...) is in `cause`.
  const cause: unknown = e instanceof Error ? e.cause : undefined;
  if (cause instanceof Error) return 'code' in cause && typeof cause.code === 'string' ? cause.code : cause.message;
  return e instanceof Error ? e.message : String(e);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseEnvelope(text: string): { success: boolean; error?: string; result?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value)) return undefined;
    const error = typeof value.error === 'string' ? value.error : undefined;
    return { success: value.success === true, error, result: value.result };
  } catch {
    return undefined;
  }
}

function toWebhook(value: unknown): Webhook {
  const { id, address, enabled, failed, hmacKey } = isRecord(value) ? value : {};
  if ((typeof id !== 'string' && typeof id !== 'number') || typeof address !== 'string') {
    throw new CliError('the gateway answered with something other than a webhook', 1);
  }
  const key = typeof hmacKey === 'string' ? hmacKey : undefined;
  return { id: String(id), address, enabled: enabled === true, failed: failed === true, hmacKey: key };
}

function withoutHmacKey(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const { hmacKey: _hmacKey, ...rest } = value;
  return rest;
}

/** The token authenticates the gateway to our webhook function, so it must not land in terminals or logs. */
export function maskToken(address: string): string {
  return address.replace(/([?&]token=)[^&#]*/g, '$1****');
}

function addressWarnings(address: string): string[] {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw usageError(`--url is not a valid URL: ${maskToken(address)}`);
  }
  const warnings: string[] = [];
  if (!url.searchParams.get('token')) {
    warnings.push('the address has no ?token=<POINTCHECKOUT_WEBHOOK_TOKEN>; the webhook function will refuse every call');
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    warnings.push('the address is not https (plain http is only for 127.0.0.1/localhost)');
  }
  return warnings;
}

function printDetails(hook: Webhook, out: Print): void {
  const fields = { id: hook.id, enabled: hook.enabled, failed: hook.failed, address: maskToken(hook.address) };
  for (const [label, value] of Object.entries(fields)) out(`  ${label.padEnd(7)}  ${value}`);
}

function printRegistered(hook: Webhook, out: Print, err: Print): void {
  out(`Registered webhook ${hook.id}`);
  printDetails(hook, out);
  if (hook.hmacKey === undefined) {
    err('warning: the gateway returned no hmacKey');
  } else {
    out(`  hmacKey  ${hook.hmacKey}`);
    out('\nStore the hmacKey as a Firebase secret (paste the key when prompted):');
    out(`  firebase functions:secrets:set ${HMAC_SECRET}`);
  }
  out('\nThe address must carry ?token=<POINTCHECKOUT_WEBHOOK_TOKEN>: the webhook function refuses calls without it.');
}

function printTable(hooks: Webhook[], out: Print): void {
  if (hooks.length === 0) {
    out('No webhooks registered.');
    return;
  }
  const rows = [
    ['ID', 'ENABLED', 'FAILED', 'ADDRESS'],
    ...hooks.map((hook) => [hook.id, String(hook.enabled), String(hook.failed), maskToken(hook.address)]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  rows.forEach((row) => out(row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()));
}

function printAction(name: IdCommand, id: string, result: unknown, out: Print): void {
  // Older SDKs read delete's result as a boolean, so a webhook object is not guaranteed there.
  if (name === 'delete' && (typeof result !== 'object' || result === null)) {
    out(`${ID_COMMANDS.delete} ${id}`);
    return;
  }
  const hook = toWebhook(result);
  out(`${ID_COMMANDS[name]} ${hook.id}`);
  printDetails(hook, out);
}

if (process.argv[1]?.endsWith('webhook-cli.ts')) {
  void runWebhookCli(process.argv.slice(2), process.env, console.log, console.error).then((code) => (process.exitCode = code));
}
