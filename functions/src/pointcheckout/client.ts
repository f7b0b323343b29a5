/**
 * PointCheckout merchant API v2.0 client. Knows nothing of Firestore or of our callers: it sends requests,
 * retries what is safe to retry, validates answers and classifies failures.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosInstance } from 'axios';
import type { z } from 'zod';
import { GatewayAuthError, GatewayRateLimitedError, GatewayRejectedError, GatewayUnavailableError, retryAfterMsOf } from './errors';
import {
  envelopeSchema,
  wireCheckoutPageSchema,
  wireCheckoutSchema,
  wireQrCheckoutSchema,
  type CreateQrCheckoutRequest,
  type WireCheckout,
  type WireQrCheckout,
} from './wire';

export interface GatewayConfig {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  timeoutMs: number;
  /** `pointcheckout` sends X-PointCheckout-Api-*, `paymennt` the 2023+ spec's X-Paymennt-Api-*. */
  headerFamily: 'pointcheckout' | 'paymennt';
  /** Delays before each retry of a retryable request; its length is the number of retries. */
  retryDelaysMs?: number[];
  /** Awaited before every request (retries included): reconciliation's shards pace themselves with it. */
  beforeRequest?: () => Promise<void>;
}

const DEFAULT_RETRY_DELAYS_MS = [250, 1000];
/** A 429 is waited out and retried (idempotent requests only) when it asks for no more than this. */
const MAX_RATE_LIMIT_WAIT_MS = 5000;

// One keep-alive agent per process: a warm instance reuses its TLS connection to the gateway.
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

export class PointCheckoutClient {
  private readonly http: AxiosInstance;
  private readonly retryDelaysMs: number[];
  private readonly beforeRequest: (() => Promise<void>) | undefined;

  constructor(config: GatewayConfig) {
    const prefix = config.headerFamily === 'paymennt' ? 'X-Paymennt' : 'X-PointCheckout';
    this.retryDelaysMs = config.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.beforeRequest = config.beforeRequest;
    this.http = axios.create({
      baseURL: config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`,
      timeout: config.timeoutMs,
      httpAgent,
      httpsAgent,
      // We parse ourselves so that a malformed body is classified, not thrown from inside axios.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      headers: {
        [`${prefix}-Api-Key`]: config.apiKey,
        [`${prefix}-Api-Secret`]: config.apiSecret,
        Accept: 'application/json',
      },
    });
  }

  /**
   * POST /checkout/qr. Retried on an unknown outcome only with the same `requestId`: PointCheckout then either
   * returns the checkout it already made or refuses the duplicate (HTTP 400); createQrCheckout resolves that
   * refusal with a search by requestId (creation/createRecovery.ts), so no second checkout can be made.
   */
  createQrCheckout(request: CreateQrCheckoutRequest): Promise<WireQrCheckout> {
    return this.withRetries(() => this.call('post', 'checkout/qr', wireQrCheckoutSchema, request));
  }

  /**
   * GET /checkout/{id}: safe to retry. `waitOutRateLimit: false` hands a 429 straight back, for callers that
   * pace many requests themselves (reconciliation pauses all its workers instead).
   */
  getCheckout(checkoutId: string, options: { waitOutRateLimit?: boolean } = {}): Promise<WireCheckout> {
    return this.withRetries(
      () => this.call('get', `checkout/${encodeURIComponent(checkoutId)}`, wireCheckoutSchema),
      options.waitOutRateLimit ?? true,
    );
  }

  /** GET /checkout?requestId=…: the gateway's checkouts for one of our request ids (or order ids). */
  async searchCheckouts(query: { requestId?: string; orderId?: string; status?: string }): Promise<WireCheckout[]> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
    const page = await this.withRetries(() =>
      this.call('get', `checkout?${params.toString()}`, wireCheckoutPageSchema),
    );
    return page.content;
  }

  /** One page of GET /checkout (search) with any of the spec's filters, e.g. `afterTimestamp`, `page`, `size`. */
  searchCheckoutsPage(query: Record<string, string>): Promise<z.output<typeof wireCheckoutPageSchema>> {
    const params = new URLSearchParams(query);
    return this.withRetries(() => this.call('get', `checkout?${params.toString()}`, wireCheckoutPageSchema));
  }

  /**
   * POST /checkout/{id}/cancel. Not retried: a repeat of a cancel that did go through is refused
   * ("cannot be cancelled in status CANCELLED"); callers confirm with getCheckout instead.
   */
  cancelCheckout(checkoutId: string): Promise<WireCheckout> {
    return this.call('post', `checkout/${encodeURIComponent(checkoutId)}/cancel`, wireCheckoutSchema);
  }

  /**
   * POST /checkout/{id}/refund with the spec's query parameters. NEVER retried: PointCheckout documents no
   * de-duplication by `referenceId`, so a repeat after an unknown outcome could refund twice. Callers settle an
   * unknown outcome from Get Checkout's `totalRefunded` instead (refunds/refundSettlement.ts).
   */
  refundCheckout(
    checkoutId: string,
    refund: { amount: number; currency: string; note: string; referenceId: string },
  ): Promise<WireCheckout> {
    const params = new URLSearchParams({
      amount: String(refund.amount),
      currency: refund.currency,
      note: refund.note,
      referenceId: refund.referenceId,
    });
    return this.call('post', `checkout/${encodeURIComponent(checkoutId)}/refund?${params.toString()}`, wireCheckoutSchema);
  }

  /**
   * Runs `attempt`, retrying only on an unknown outcome (never after the gateway refused). A 429 is retried only
   * after the wait its Retry-After asks for, and only when that wait is short; otherwise the caller hears it.
   */
  private async withRetries<T>(attempt: () => Promise<T>, waitOutRateLimit = true): Promise<T> {
    for (let index = 0; ; index += 1) {
      try {
        return await attempt();
      } catch (error) {
        const delay = this.retryDelaysMs[index];
        if (!(error instanceof GatewayUnavailableError) || delay === undefined) throw error;
        let wait = delay;
        if (error instanceof GatewayRateLimitedError) {
          if (!waitOutRateLimit || error.retryAfterMs > MAX_RATE_LIMIT_WAIT_MS) throw error;
          wait = Math.max(delay, error.retryAfterMs);
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private async call<S extends z.ZodType>(
    method: 'get' | 'post',
    path: string,
    resultSchema: S,
    body?: unknown,
  ): Promise<z.output<S>> {
    if (this.beforeRequest) await this.beforeRequest();
    let response;
    try {
      response = await this.http.request<string>({ method, url: path, data: body });
    } catch (error) {
      const code = error instanceof AxiosError ? (error.code ?? 'network error') : 'network error';
      throw new GatewayUnavailableError('PointCheckout could not be reached', `${method.toUpperCase()} ${path}: ${code}`);
    }
    const where = `${method.toUpperCase()} ${path.split('?')[0] ?? path}`;
    if (response.status === 401 || response.status === 403) throw new GatewayAuthError(response.status);
    if (response.status === 429) {
      const header = response.headers['retry-after'] as string | undefined;
      throw new GatewayRateLimitedError(retryAfterMsOf(header, Date.now()), `${where}: HTTP 429`);
    }
    if (response.status >= 500) {
      throw new GatewayUnavailableError('PointCheckout is temporarily unavailable', `${where}: HTTP ${response.status}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(response.data);
    } catch {
      throw new GatewayUnavailableError('PointCheckout sent an unreadable answer', `${where}: invalid JSON`);
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
      throw new GatewayUnavailableError('PointCheckout sent an unexpected answer', `${where}: no envelope`);
    }
    if (!envelope.data.success || response.status >= 400) {
      throw new GatewayRejectedError(envelope.data.error ?? `PointCheckout refused the request (HTTP ${response.status})`, response.status);
    }
    const result = resultSchema.safeParse(envelope.data.result);
    if (!result.success) {
      const field = result.error.issues[0]?.path.join('.') ?? '';
      throw new GatewayUnavailableError('PointCheckout sent an unexpected answer', `${where}: bad result field ${field}`);
    }
    return result.data;
  }
}
