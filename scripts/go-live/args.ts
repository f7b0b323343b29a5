/** Command line of `npm run go-live`. */
import { parseArgs } from 'node:util';
import { ACCOUNT_ID_PATTERN, DEFAULT_ACCOUNT } from '../../functions/src/accounts';

export interface GoLiveArgs {
  account: string;
  mode?: 'test' | 'live';
  baseUrl?: string;
  functionUrl?: string;
  fix: boolean;
  json: boolean;
  record?: string;
  help: boolean;
}

/** A usage or configuration problem: exit code 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: npm run go-live -- [--account <id>] [--mode test|live] [--base-url <url>]
                          [--function-url <deployed webhook url>] [--fix] [--json] [--record <file>]

Checks one PointCheckout account of this deployment against the real gateway: credentials, a probe checkout
(created for the smallest amount, read back, cancelled), webhook registration, a delivery that arrives, and
the settings. Each row says pass, fail or warn, what was seen, and the command that fixes it.

Options:
  --account <id>        Account of functions/pointcheckout.accounts.json (default: default)
  --mode test|live      Override the account's mode
  --base-url <url>      Override the account's merchant API URL
  --function-url <url>  The deployed pointcheckoutWebhook URL (default: from the project id and FUNCTIONS_REGION)
  --fix                 Register the webhook, or re-enable it, when the registration check fails
  --json                Print the rows as JSON
  --record <file>       Write every request and response of the run (secrets redacted), for
                        npm run test:contract -- --replay <file>

Credentials are read as the deployed functions name them: environment variables (e.g.
POINTCHECKOUT_API_SECRET, or POINTCHECKOUT_API_SECRET__UAE_LIVE for account uae-live), else
functions/.secret.local. Settings: functions/.env and functions/.env.<project-id>. Secrets are never printed.

Exit codes: 0 no check failed, 1 a check failed, 2 usage or configuration error.`;

export function parseGoLiveArgs(argv: string[]): GoLiveArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        account: { type: 'string' },
        mode: { type: 'string' },
        'base-url': { type: 'string' },
        'function-url': { type: 'string' },
        fix: { type: 'boolean' },
        json: { type: 'boolean' },
        record: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)} (see --help)`);
  }
  const account = values.account ?? DEFAULT_ACCOUNT;
  if (!ACCOUNT_ID_PATTERN.test(account)) throw new UsageError(`--account must be 1–31 of a-z 0-9 - (got "${account}")`);
  const mode = values.mode;
  if (mode !== undefined && mode !== 'test' && mode !== 'live') throw new UsageError(`--mode must be test or live (got "${mode}")`);
  for (const [flag, value] of [['--base-url', values['base-url']], ['--function-url', values['function-url']]] as const) {
    if (value !== undefined && !/^https?:\/\/\S+$/.test(value)) throw new UsageError(`${flag} must be an http(s) URL`);
  }
  if (values.record === '') throw new UsageError('--record needs a file name');
  return {
    account,
    mode,
    baseUrl: values['base-url'],
    functionUrl: values['function-url'],
    fix: values.fix === true,
    json: values.json === true,
    record: values.record,
    help: values.help === true,
  };
}
