/** How the webhook CLI shows webhooks: tables and details with the token masked, and warnings on an address. */
import { CliError, isRecord, usageError } from './gateway';

const HMAC_SECRET = 'POINTCHECKOUT_WEBHOOK_HMAC_KEY';

export type Print = (line: string) => void;

/** The commands that take a webhook id, with the line printed after each. */
export const ID_COMMANDS = {
  get: 'Webhook',
  test: 'Sent a test call to webhook',
  enable: 'Enabled webhook',
  disable: 'Disabled webhook',
  delete: 'Deleted webhook',
} as const;
export type IdCommand = keyof typeof ID_COMMANDS;

export type Webhook = { id: string; address: string; enabled: boolean; failed: boolean; hmacKey?: string };

export function toWebhook(value: unknown): Webhook {
  const { id, address, enabled, failed, hmacKey } = isRecord(value) ? value : {};
  if ((typeof id !== 'string' && typeof id !== 'number') || typeof address !== 'string') {
    throw new CliError('the gateway answered with something other than a webhook', 1);
  }
  const key = typeof hmacKey === 'string' ? hmacKey : undefined;
  return { id: String(id), address, enabled: enabled === true, failed: failed === true, hmacKey: key };
}

export function withoutHmacKey(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const { hmacKey: _hmacKey, ...rest } = value;
  return rest;
}

/** The token authenticates the gateway to our webhook function, so it must not land in terminals or logs. */
export function maskToken(address: string): string {
  return address.replace(/([?&]token=)[^&#]*/g, '$1****');
}

export function addressWarnings(address: string): string[] {
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

export function printRegistered(hook: Webhook, out: Print, err: Print): void {
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

export function printTable(hooks: Webhook[], out: Print): void {
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

export function printAction(name: IdCommand, id: string, result: unknown, out: Print): void {
  // Older SDKs read delete's result as a boolean, so a webhook object is not guaranteed there.
  if (name === 'delete' && (typeof result !== 'object' || result === null)) {
    out(`${ID_COMMANDS.delete} ${id}`);
    return;
  }
  const hook = toWebhook(result);
  out(`${ID_COMMANDS[name]} ${hook.id}`);
  printDetails(hook, out);
}
