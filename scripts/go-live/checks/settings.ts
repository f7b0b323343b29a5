/**
 * 5. Settings, read from the project's params files and compared with what the deploy guide (docs/deploying.md) recommends for
 * production: every param set (a non-interactive deploy needs them all), region, App Check, the HMAC key,
 * the account's mode against its base URL, and the reconciliation schedule.
 */
import type { CheckContext } from '../context';
import { exportSecret, MODE_BASE_URL, redeploy, setBaseUrl, setSecret } from '../fixes';
import { declaredParams, recommendedParams } from '../params';
import type { Row } from '../report';
import type { Setup } from '../setup';

const TEST_HOSTS = ['api.test.paymennt.com', 'api.test.pointcheckout.com'];
const LIVE_HOSTS = ['api.paymennt.com', 'api.pointcheckout.com'];
/** The reconciliation params and the deploy guide's (docs/deploying.md) reasoning for their production values. */
const RECONCILE = ['RECONCILE_AFTER_MINUTES', 'RECONCILE_CONCURRENCY', 'RECONCILE_BUDGET_SECONDS', 'RECONCILE_GATEWAY_RATE', 'RECONCILE_SHARDS_AT_ONCE'];
/** reconcileCheckouts runs every 5 minutes: a budget over this overlaps the next run. */
const MAX_BUDGET_SECONDS = 270;

const set = (setup: Setup, name: string, value: string) => `set ${name}=${value} in ${setup.envFile}, then ${redeploy()}`;

export function checkSettings(ctx: CheckContext): Row[] {
  const { setup } = ctx;
  const recommended = recommendedParams();
  const p = setup.params;
  const rows: Row[] = [];
  const add = (check: string, status: Row['status'], seen: string, fix?: string, details?: string[]) => rows.push({ check: `settings.${check}`, status, seen, fix, details });

  const missing = declaredParams().filter((name) => p[name] === undefined);
  const files = setup.paramFiles.length ? setup.paramFiles.join(', ') : 'no params file';
  if (missing.length) add('params', 'fail', `${missing.length} param(s) not set in ${files}: a non-interactive deploy stops at the first`, `add to ${setup.envFile}: ${missing.map((n) => `${n}=${recommended[n] ?? ''}`).join(' ')}`);
  else add('params', 'pass', `every param is set (${files})`);

  if (!p.FUNCTIONS_REGION) add('region', 'warn', 'FUNCTIONS_REGION not set: the functions deploy to us-central1', set(setup, 'FUNCTIONS_REGION', '<the region of your Firestore database>'));
  else add('region', 'pass', `FUNCTIONS_REGION=${p.FUNCTIONS_REGION}`);

  if (p.ENFORCE_APP_CHECK === 'true') add('app-check', 'pass', 'ENFORCE_APP_CHECK=true: callables refuse requests without App Check');
  else add('app-check', setup.mode === 'live' ? 'fail' : 'warn', `ENFORCE_APP_CHECK=${p.ENFORCE_APP_CHECK ?? '(unset, false)'}: any client can call the callables (the README recommends true in production)`, set(setup, 'ENFORCE_APP_CHECK', 'true'));

  const hmac = setup.secrets.hmacKey;
  const hmacName = setup.secretNames.hmacKey;
  if (hmac === undefined) add('hmac-key', 'warn', `${hmacName} is not readable here (environment or functions/.secret.local)`, exportSecret(hmacName));
  else if (hmac.trim() === '' || hmac.trim() === 'none') add('hmac-key', 'fail', `${hmacName} is "none": webhook signatures are not checked, only the token in the address`, `${setSecret(hmacName)} && ${redeploy()}`);
  else add('hmac-key', 'pass', `${hmacName} is set (not shown): deliveries must be signed`);

  rows.push(modeRow(setup));

  const diff = RECONCILE.filter((name) => recommended[name] !== undefined && p[name] !== undefined && p[name] !== recommended[name]);
  const budget = Number(p.RECONCILE_BUDGET_SECONDS ?? recommended.RECONCILE_BUDGET_SECONDS);
  const details = diff.map((name) => `${name}=${p[name]} (README: ${recommended[name]})`);
  if (budget > MAX_BUDGET_SECONDS) add('reconcile', 'fail', `RECONCILE_BUDGET_SECONDS=${budget}: a run outlasts the 5-minute schedule and overlaps the next`, set(setup, 'RECONCILE_BUDGET_SECONDS', String(MAX_BUDGET_SECONDS)), details);
  else if (diff.length) add('reconcile', 'warn', `${diff.length} reconciliation setting(s) differ from the README's production values (every 5 minutes, first look after ${p.RECONCILE_AFTER_MINUTES ?? 10} min)`, diff.map((n) => set(setup, n, recommended[n] ?? '')).join('; '), details);
  else add('reconcile', 'pass', `every 5 minutes, first look after ${p.RECONCILE_AFTER_MINUTES ?? recommended.RECONCILE_AFTER_MINUTES} min, budget ${budget} s, ${p.RECONCILE_GATEWAY_RATE ?? recommended.RECONCILE_GATEWAY_RATE}/s to the gateway`);
  return rows;
}

/** The account's mode against the host of its base URL (test keys never reach live, nor live keys test). */
export function modeRow(setup: Setup): Row {
  const check = 'settings.mode';
  let url: URL;
  try {
    url = new URL(setup.baseUrl);
  } catch {
    return { check, status: 'fail', seen: `the base URL is not a URL: ${setup.baseUrl}`, fix: setBaseUrl(setup, MODE_BASE_URL[setup.mode]) };
  }
  const host = url.hostname;
  const hostMode = TEST_HOSTS.includes(host) ? 'test' : LIVE_HOSTS.includes(host) ? 'live' : host === '127.0.0.1' || host === 'localhost' ? 'simulator' : null;
  const fix = setBaseUrl(setup, MODE_BASE_URL[setup.mode]);
  if (hostMode === setup.mode && url.protocol === 'https:') return { check, status: 'pass', seen: `mode ${setup.mode} with PointCheckout's ${setup.mode} API (${url.host})` };
  if (hostMode === 'simulator') {
    return setup.mode === 'test'
      ? { check, status: 'pass', seen: `mode test with a local simulator (${url.host})` }
      : { check, status: 'fail', seen: `mode live with a local simulator (${url.host}): no real payment can be taken`, fix };
  }
  if (hostMode === null) return { check, status: 'warn', seen: `${url.host} is not a PointCheckout host we know (mode ${setup.mode})`, fix };
  if (hostMode !== setup.mode) return { check, status: 'fail', seen: `mode ${setup.mode}, but ${url.host} is PointCheckout's ${hostMode} API: checkouts would be stored as ${setup.mode}`, fix };
  return { check, status: 'fail', seen: `${setup.baseUrl} is not https`, fix };
}
