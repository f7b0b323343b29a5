/**
 * Builds the gateway client of a PointCheckout account from the deployed params and secrets (accounts.ts).
 * Called at run time only.
 */
import { accountSpec, DEFAULT_ACCOUNT, secretsOf } from '../accounts';
import { POINTCHECKOUT_BASE_URL, POINTCHECKOUT_HEADER_FAMILY, POINTCHECKOUT_MODE, POINTCHECKOUT_TIMEOUT_MS } from '../config';
import { PointCheckoutClient, type GatewayConfig } from './client';

/** A checkout names an account this deployment does not configure (removed from pointcheckout.accounts.json). */
export class UnknownAccountError extends Error {
  constructor(readonly accountId: string) {
    super(`PointCheckout account "${accountId}" is not configured`);
    this.name = 'UnknownAccountError';
  }
}

/** Resolves an account id to its gateway client: the one seam every service uses to reach PointCheckout. */
export type GatewayFor = (accountId: string) => PointCheckoutClient;

const cached = new Map<string, { key: string; client: PointCheckoutClient }>();

function configOf(accountId: string): GatewayConfig {
  const spec = accountSpec(accountId);
  const secrets = secretsOf(accountId);
  if (!spec || !secrets) throw new UnknownAccountError(accountId);
  const family = spec.headerFamily ?? POINTCHECKOUT_HEADER_FAMILY.value();
  return {
    baseUrl: spec.baseUrl ?? POINTCHECKOUT_BASE_URL.value(),
    apiKey: secrets.apiKey.value(),
    apiSecret: secrets.apiSecret.value(),
    timeoutMs: POINTCHECKOUT_TIMEOUT_MS.value(),
    headerFamily: family === 'paymennt' ? ('paymennt' as const) : ('pointcheckout' as const),
  };
}

export function gatewayFor(accountId: string): PointCheckoutClient {
  const config = configOf(accountId);
  // Reuse one client (and its keep-alive connections) per account and instance while the settings are unchanged.
  const key = JSON.stringify(config);
  const hit = cached.get(accountId);
  if (hit?.key === key) return hit.client;
  const client = new PointCheckoutClient(config);
  cached.set(accountId, { key, client });
  return client;
}

/** The default account's client (the only one of a one-account merchant). */
export function gatewayFromParams(): PointCheckoutClient {
  return gatewayFor(DEFAULT_ACCOUNT);
}

/** Whether an account is PointCheckout's test or live environment. */
export function modeOf(accountId: string): 'test' | 'live' {
  const spec = accountSpec(accountId);
  if (!spec) throw new UnknownAccountError(accountId);
  if (spec.mode) return spec.mode;
  return POINTCHECKOUT_MODE.value() === 'live' ? 'live' : 'test';
}

/** An account's client that awaits `beforeRequest` before each request (a reconciliation shard's pacer). */
export function pacedGatewayFor(accountId: string, beforeRequest: () => Promise<void>): PointCheckoutClient {
  return new PointCheckoutClient({ ...configOf(accountId), beforeRequest });
}
