/**
 * `npm run go-live`: runs the checks in order and prints one row each. The logic is in `runGoLive` so tests
 * can drive it against the simulator; nothing here prints a secret (output is scrubbed of every one read).
 */
import { resolve } from 'node:path';
import { parseGoLiveArgs, USAGE, UsageError } from './args';
import { checkCredentials, missingCredentials } from './checks/credentials';
import { checkDelivery } from './checks/delivery';
import { checkProbe } from './checks/probe';
import { checkSettings } from './checks/settings';
import { checkWebhook } from './checks/webhook';
import type { CheckContext, HealthReader } from './context';
import { Gateway } from './gateway';
import { healthReader } from './health';
import { RunRecorder } from './record';
import { buildReport, formatReport, type Report, type Row } from './report';
import { loadSetup, secretValues } from './setup';

export interface GoLiveOptions {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  /** The functions' folder (default: this repository's functions/). */
  functionsDir?: string;
  /** Replaces the project access (tests). */
  health?: HealthReader;
  retryDelayMs?: number;
  deliveryTimeoutMs?: number;
}

export async function runGoLive(argv: string[], options: GoLiveOptions): Promise<number> {
  let args;
  let setup;
  try {
    args = parseGoLiveArgs(argv);
    if (args.help) {
      options.out(USAGE);
      return 0;
    }
    setup = loadSetup(args, options.env, options.functionsDir ?? resolve(__dirname, '../../functions'));
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof Error && /accounts|\.json/.test(error.message))) throw error;
    options.err(`go-live: ${error.message}`);
    return 2;
  }
  const secrets = secretValues(setup);
  const scrub = (line: string) => secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), line);
  const recorder = new RunRecorder(secrets);
  const gateway = new Gateway({
    baseUrl: setup.baseUrl,
    apiKey: setup.secrets.apiKey ?? '',
    apiSecret: setup.secrets.apiSecret ?? '',
    headerFamily: setup.headerFamily,
    recorder,
    retryDelayMs: options.retryDelayMs,
  });
  const ctx: CheckContext = {
    args,
    setup,
    gateway,
    health: options.health !== undefined ? options.health : healthReader(setup.projectId, options.env),
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 30_000,
    rerun: `npm run go-live -- ${argv.filter((arg) => arg !== '--fix').join(' ')}`.trimEnd(),
  };
  const rows: Row[] = [];
  const missing = missingCredentials(ctx);
  const credentials = missing ?? (await checkCredentials(ctx));
  rows.push(credentials);
  if (credentials.status === 'pass') {
    rows.push(await checkProbe(ctx), await checkWebhook(ctx));
    rows.push(await checkDelivery(ctx));
  } else {
    const skipped = (check: string): Row => ({ check, status: 'fail', seen: 'not checked: the gateway refused or did not answer the credentials check', fix: 'fix the credentials row, then run the check again' });
    rows.push(skipped('probe'), skipped('webhook'), skipped('delivery'));
  }
  rows.push(...checkSettings(ctx));
  const report: Report = buildReport({ account: setup.account, mode: setup.mode, baseUrl: setup.baseUrl, functionUrl: setup.functionUrl }, rows);
  if (args.record) {
    recorder.write(args.record, { headerFamily: setup.headerFamily, mode: setup.mode });
    if (!args.json) options.err(`go-live: ${recorder.exchanges.length} exchanges written to ${args.record} (secrets redacted)`);
  }
  if (args.json) options.out(scrub(JSON.stringify(report, null, 2)));
  else for (const line of formatReport(report)) options.out(scrub(line));
  return report.ok ? 0 : 1;
}
