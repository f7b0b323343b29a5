/** Builds the gateway client from the deployed params and secrets. Called at run time only. */
import {
  POINTCHECKOUT_API_KEY,
  POINTCHECKOUT_API_SECRET,
  POINTCHECKOUT_BASE_URL,
  POINTCHECKOUT_HEADER_FAMILY,
  POINTCHECKOUT_TIMEOUT_MS,
} from '../config';
import { PointCheckoutClient, type GatewayConfig } from './client';

let cached: { key: string; client: PointCheckoutClient } | undefined;

function configFromParams(): GatewayConfig {
  return {
    baseUrl: POINTCHECKOUT_BASE_URL.value(),
    apiKey: POINTCHECKOUT_API_KEY.value(),
    apiSecret: POINTCHECKOUT_API_SECRET.value(),
    timeoutMs: POINTCHECKOUT_TIMEOUT_MS.value(),
    headerFamily: POINTCHECKOUT_HEADER_FAMILY.value() === 'paymennt' ? 'paymennt' : 'pointcheckout',
  };
}

export function gatewayFromParams(): PointCheckoutClient {
  const config = configFromParams();
  // Reuse one client (and its keep-alive connections) per instance while the settings are unchanged.
  const key = JSON.stringify(config);
  if (cached?.key !== key) cached = { key, client: new PointCheckoutClient(config) };
  return cached.client;
}

/** A client that awaits `beforeRequest` before each request (a reconciliation shard's pacer); shares the agents. */
export function pacedGatewayFromParams(beforeRequest: () => Promise<void>): PointCheckoutClient {
  return new PointCheckoutClient({ ...configFromParams(), beforeRequest });
}
