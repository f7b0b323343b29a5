/**
 * The go-live check's view of the merchant API: raw answers (so they can be judged against our wire schemas and
 * the vendor spec, and recorded), each request retried once on 429, 5xx or no answer, then a clear message.
 */
import type { RunRecorder } from './record';

export interface GatewayAnswer {
  status: number;
  /** Parsed JSON, or the raw text when it is not JSON. */
  body: unknown;
  envelope: { success: boolean; error?: string; result?: unknown } | null;
}

/** The gateway stayed unavailable after the one retry. */
export class GatewayDownError extends Error {}

export interface GatewayOptions {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  headerFamily: 'pointcheckout' | 'paymennt';
  recorder: RunRecorder;
  timeoutMs?: number;
  /** Wait before the retry when the gateway names none (Retry-After), in ms; a Retry-After is capped at 5 s. */
  retryDelayMs?: number;
}

const MAX_RETRY_WAIT_MS = 5000;

export class Gateway {
  private readonly base: URL;

  constructor(private readonly options: GatewayOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  }

  get host(): string {
    return this.base.host;
  }

  /** The last exchange recorded (the answer `request` returned, after any retry). */
  lastExchange() {
    return this.options.recorder.exchanges.at(-1);
  }

  async request(method: 'GET' | 'POST', path: string, body?: object): Promise<GatewayAnswer> {
    let last = '';
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const outcome = await this.once(method, path, body);
      if ('answer' in outcome && outcome.answer.status !== 429 && outcome.answer.status < 500) return outcome.answer;
      last = 'answer' in outcome ? `HTTP ${outcome.answer.status}` : outcome.error;
      if (attempt === 1) await new Promise((resolve) => setTimeout(resolve, outcome.waitMs));
    }
    const what = last.startsWith('HTTP 429') ? 'is rate limiting this account' : 'is unavailable';
    throw new GatewayDownError(
      `PointCheckout (${this.host}) ${what}: ${method} ${path.split('?')[0]} got ${last} twice (retried once); run the check again in a few minutes`,
    );
  }

  private async once(method: string, path: string, body?: object): Promise<{ answer: GatewayAnswer; waitMs: number } | { error: string; waitMs: number }> {
    const url = new URL(path, this.base);
    const prefix = this.options.headerFamily === 'paymennt' ? 'X-Paymennt-Api' : 'X-PointCheckout-Api';
    const headers: Record<string, string> = { Accept: 'application/json', [`${prefix}-Key`]: this.options.apiKey, [`${prefix}-Secret`]: this.options.apiSecret };
    if (body) headers['Content-Type'] = 'application/json';
    const startedAt = Date.now();
    const record = (status: number | null, responseBody: unknown) =>
      this.options.recorder.add({ method, url, headers: Object.keys(headers), contentType: headers['Content-Type'] ?? null, requestBody: body, status, responseBody }, startedAt);
    const delay = this.options.retryDelayMs ?? 1000;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined, redirect: 'manual', signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000) });
      text = await res.text();
    } catch (error) {
      record(null, null);
      return { error: networkReason(error), waitMs: delay };
    }
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    record(res.status, parsed);
    const retryAfter = Number(res.headers.get('retry-after'));
    const waitMs = Number.isFinite(retryAfter) && res.headers.has('retry-after') ? Math.min(retryAfter * 1000, MAX_RETRY_WAIT_MS) : delay;
    return { answer: { status: res.status, body: parsed, envelope: envelopeOf(parsed) }, waitMs };
  }
}

function envelopeOf(value: unknown): GatewayAnswer['envelope'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { success?: unknown }).success !== 'boolean') return null;
  const { success, error, result } = value as { success: boolean; error?: unknown; result?: unknown };
  return { success, error: typeof error === 'string' ? error : undefined, result };
}

function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return 'code' in cause && typeof cause.code === 'string' ? cause.code : cause.message;
  return error instanceof Error ? error.message : String(error);
}
