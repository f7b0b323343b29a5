/**
 * The PointCheckout (paymennt) Merchant API v2.0 simulator: one `http` server serving the
 * merchant API (/mer/v2.0), the hosted payment page (/checkout/{key}) and the test
 * controls (/_sim). Everything lives in memory.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_PREFIX, handleApi, type ApiContext } from './api';
import { RuntimeConfig } from './config';
import { CONTROL_PREFIX, handleControl } from './control';
import { Faults } from './faults';
import { sendJson } from './http-util';
import { toCheckoutResponse } from './model';
import { handlePaymentPage, type PageContext } from './payment-routes';
import { RateLimiter } from './rate-limit';
import { ExchangeRecorder } from './recorder';
import { CheckoutStore } from './store';
import { Webhooks } from './webhooks';

export interface SimulatorOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port to bind; default 8089. 0 picks a free port (see `Simulator.port`). */
  port?: number;
  /** Expected API key; default `sim_test_key`. */
  apiKey?: string;
  /** Expected API secret; default `sim_test_secret`. */
  apiSecret?: string;
  /** Shown on the payment page; default `Demo Merchant`. */
  merchantName?: string;
  /** Base of `redirectUrl` (and so of the QR text); default `http://<host>:<port>`. */
  publicUrl?: string;
  /** Waits between webhook attempts; default [200, 500, 1000, 2000, 4000] (6 attempts in all). */
  webhookRetryDelaysMs?: number[];
  /** Per-attempt webhook timeout; default 10 000 ms. */
  webhookTimeoutMs?: number;
  /** Receives one line per request and per webhook attempt (never bodies or secrets). */
  log?: (line: string) => void;
  /**
   * Records every /mer/v2.0 exchange (no secrets) for contract tests: `GET /_sim/exchanges`,
   * cleared by `POST /_sim/reset` and `DELETE /_sim/exchanges`. Default false.
   */
  recordExchanges?: boolean;
  /**
   * Strict mode: a repeated requestId is always refused and refunds are never de-duplicated
   * (README "Strict mode"). Default false, the kind mode demos use. Changeable via /_sim/config.
   */
  strict?: boolean;
  /** Wait before each merchant API request is processed, in ms; default 0. */
  latencyMs?: number;
  /** Merchant API requests allowed per API key per second, beyond which 429; default unlimited. */
  rateLimitPerSecond?: number | null;
}

export interface Simulator {
  /** Base URL the server answers on, e.g. `http://127.0.0.1:8089`. */
  url: string;
  /** The bound port (the real one when 0 was asked for). */
  port: number;
  /** Stops timers, webhook retries and every open connection (including withheld responses). */
  close(): Promise<void>;
  store: CheckoutStore;
  webhooks: Webhooks;
  faults: Faults;
  /** Present when `recordExchanges` is on. */
  recorder?: ExchangeRecorder;
  /** Strict mode, latency and rate limit, as GET/POST /_sim/config see them. */
  config: RuntimeConfig;
}

export const DEFAULT_PORT = 8089;
export const DEFAULT_API_KEY = 'sim_test_key';
export const DEFAULT_API_SECRET = 'sim_test_secret';
export const DEFAULT_RETRY_DELAYS_MS = [200, 500, 1000, 2000, 4000];
/** Assumption: the vendor documents no timeout for webhook calls; 10 s is ours. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
/** How often the clock sweeps open checkouts for expiry (reads also check lazily). */
const EXPIRY_SWEEP_MS = 1000;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  // Validated first, so bad options fail before anything listens (throws ConfigError naming the field).
  const config = new RuntimeConfig({
    strict: options.strict,
    latencyMs: options.latencyMs,
    rateLimitPerSecond: options.rateLimitPerSecond,
  });
  let closed = false;
  const log = options.log;
  let publicUrl = '';

  const webhooks = new Webhooks({
    retryDelaysMs: options.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: options.webhookTimeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
    log,
  });
  const store = new CheckoutStore({
    publicUrl: () => publicUrl,
    defaultBranch: { id: '1601731695315563241', name: 'Main branch' },
  });
  // Create does not notify; every later status / totalRefunded change does, unless silenced.
  store.listener = (record, change, notify) => {
    log?.(`checkout ${record.id} ${change.from ?? '-'} -> ${change.to} (${change.source})${notify ? '' : ' [no webhook]'}`);
    if (notify) webhooks.deliverCheckout(toCheckoutResponse(record, publicUrl));
  };
  const faults = new Faults();
  const recorder = options.recordExchanges ? new ExchangeRecorder() : undefined;
  const ctx: PageContext & ApiContext = {
    store,
    webhooks,
    faults,
    apiKey: options.apiKey ?? DEFAULT_API_KEY,
    apiSecret: options.apiSecret ?? DEFAULT_API_SECRET,
    publicUrl: () => publicUrl,
    merchantName: options.merchantName ?? 'Demo Merchant',
    log,
    recorder,
    config,
    rateLimiter: new RateLimiter(),
    closed: () => closed,
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    if (log) res.on('finish', () => log(`${req.method} ${url.pathname} ${res.statusCode}`));
    dispatch(ctx, req, res, url).catch((err: unknown) => {
      log?.(`internal error on ${req.method} ${url.pathname}: ${err instanceof Error ? err.message : String(err)}`);
      sendJson(res, 500, { success: false, elapsed: 0, error: 'Internal server error' });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');

  const sweep = setInterval(() => store.expireDue(), EXPIRY_SWEEP_MS);
  sweep.unref();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      closed = true;
      clearInterval(sweep);
      webhooks.stopAll();
      server.close(() => resolve());
      // Withheld ("timeout" fault) and keep-alive connections would otherwise keep close() waiting.
      server.closeAllConnections();
    });
    return closing;
  };

  return { url, port, close, store, webhooks, faults, recorder, config };
}

async function dispatch(ctx: PageContext, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const path = url.pathname;
  if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) return handleApi(ctx, req, res, url);
  if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) return handleControl(ctx, req, res, url);
  if (await handlePaymentPage(ctx, req, res, url)) return;
  if (path === '/' && req.method === 'GET') {
    sendJson(res, 200, { name: 'PointCheckout simulator', api: `${API_PREFIX}/`, controls: `${CONTROL_PREFIX}/` });
    return;
  }
  req.resume();
  sendJson(res, 404, { error: 'Not found' });
}

export { CheckoutStore } from './store';
export type { ApiStats, CheckoutAction } from './store';
export type { CheckoutResponse, CheckoutQRResponse, CheckoutStatus } from './model';
export type { DeliveryLogEntry, WebhookResponse } from './webhooks';
export { SIGNATURE_HEADER, signBody } from './webhooks';
export type { Fault, FaultMode } from './faults';
export { ConfigError, type SimConfig } from './config';
export type { RecordedExchange } from './recorder';
