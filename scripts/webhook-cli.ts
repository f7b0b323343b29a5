/**
 * Manages the merchant account's PointCheckout (paymennt) webhooks: `npm run webhook -- <command>`.
 * The logic is in `runWebhookCli` so tests can drive it against the simulator.
 */
import { parseArgs } from 'node:util';
import { CliError, DEFAULT_BASE_URL, gatewayFrom, usageError } from './webhook-cli/gateway';
import { addressWarnings, ID_COMMANDS, printAction, printRegistered, printTable, toWebhook, withoutHmacKey, type IdCommand, type Print } from './webhook-cli/print';

export { maskToken } from './webhook-cli/print';

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

type Command = { json: boolean } & ({ name: 'register'; url: string } | { name: 'list' } | { name: IdCommand; id: string });

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

if (process.argv[1]?.endsWith('webhook-cli.ts')) {
  void runWebhookCli(process.argv.slice(2), process.env, console.log, console.error).then((code) => (process.exitCode = code));
}
