/** Builds the gateway client from the deployed params and secrets. Called at run time only. */
import {
  POINTCHECKOUT_API_KEY,
  POINTCHECKOUT_API_SECRET,
  POINTCHECKOUT_BASE_URL,
  POINTCHECKOUT_HEADER_FAMILY,
  POINTCHECKOUT_TIMEOUT_MS,
} from '../config';
import { PointCheckoutClient } from './client';

let cached: { key: string; client: PointCheckoutClient } | undefined;

export function gatewayFromParams(): PointCheckoutClient {
  const config = {
    baseUrl: POINTCHECKOUT_BASE_URL.value(),
    apiKey: POINTCHECKOUT_API_KEY.value(),
    apiSecret: POINTCHECKOUT_API_SECRET.value(),
    timeoutMs: POINTCHECKOUT_TIMEOUT_MS.value(),
    headerFamily: POINTCHECKOUT_HEADER_FAMILY.value() === 'paymennt' ? ('paymennt' as const) : ('pointcheckout' as const),
  };
  // Reuse one client (and its keep-alive connections) per instance while the settings are unchanged.
  const key = JSON.stringify(config);
  if (cached?.key !== key) cached = { key, client: new PointCheckoutClient(config) };
  return cached.client;
}
