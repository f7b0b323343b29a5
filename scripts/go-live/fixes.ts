/** The exact commands the rows suggest. */
import type { Setup } from './setup';

/** Stores a deployed secret (prompts for the value, so it never lands in shell history). */
export function setSecret(name: string): string {
  return `npx firebase functions:secrets:set ${name}`;
}

/** Makes a deployed secret readable by this check, the way the functions read it (an environment variable). */
export function exportSecret(name: string): string {
  return `export ${name}="$(npx firebase functions:secrets:access ${name})"`;
}

export function redeploy(): string {
  return 'npx firebase deploy --only functions';
}

/** The edit that sets a param (default account) or an account's field in the accounts file. */
export function setBaseUrl(setup: Setup, url: string): string {
  return setup.baseUrlSetting === 'POINTCHECKOUT_BASE_URL'
    ? `set POINTCHECKOUT_BASE_URL=${url} in ${setup.envFile}, then ${redeploy()}`
    : `set "baseUrl": "${url}" for "${setup.account}" in functions/pointcheckout.accounts.json, then ${redeploy()}`;
}

export function goLive(setup: Setup, extra: string): string {
  const account = setup.account === 'default' ? '' : ` --account ${setup.account}`;
  return `npm run go-live --${account} ${extra}`.trimEnd();
}

/** PointCheckout's merchant API for each mode (docs/deploying.md, "Settings"). */
export const MODE_BASE_URL = { test: 'https://api.test.paymennt.com/mer/v2.0/', live: 'https://api.paymennt.com/mer/v2.0/' } as const;
