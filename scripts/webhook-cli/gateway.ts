/** The webhook CLI's calls to the merchant API (key and secret headers, the success envelope) and its errors. */

export const DEFAULT_BASE_URL = 'https://api.test.paymennt.com/mer/v2.0/';
const TIMEOUT_MS = 15_000;

export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2) {
    super(message);
  }
}

export function usageError(message: string): CliError {
  return new CliError(`${message} (see --help)`, 2);
}

export type Gateway = (method: 'GET' | 'POST', path: string, body?: object) => Promise<unknown>;

export function gatewayFrom(env: NodeJS.ProcessEnv): Gateway {
  const apiKey = requiredEnv(env, 'POINTCHECKOUT_API_KEY');
  const apiSecret = requiredEnv(env, 'POINTCHECKOUT_API_SECRET');
  const family = env.POINTCHECKOUT_HEADER_FAMILY || 'pointcheckout';
  if (family !== 'pointcheckout' && family !== 'paymennt') {
    throw new CliError(`POINTCHECKOUT_HEADER_FAMILY must be "pointcheckout" or "paymennt", not "${family}"`, 2);
  }
  const prefix = family === 'paymennt' ? 'X-Paymennt-Api' : 'X-PointCheckout-Api';
  const simulator = env.POINTCHECKOUT_SIMULATOR_URL;
  const rawBase = env.POINTCHECKOUT_BASE_URL || (simulator ? `${simulator.replace(/\/+$/, '')}/mer/v2.0/` : DEFAULT_BASE_URL);
  let base: URL;
  try {
    // Without the trailing slash, relative paths would replace the last segment ("v2.0").
    base = new URL(rawBase.endsWith('/') ? rawBase : `${rawBase}/`);
  } catch {
    throw new CliError(`the gateway base URL is not a valid URL: ${rawBase}`, 2);
  }

  return async (method, path, body) => {
    const url = new URL(path, base);
    const headers = { Accept: 'application/json', [`${prefix}-Key`]: apiKey, [`${prefix}-Secret`]: apiSecret };
    let status: number;
    let text: string;
    try {
      const init = body ? { body: JSON.stringify(body), headers: { ...headers, 'Content-Type': 'application/json' } } : { headers };
      const res = await fetch(url, { method, ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
      status = res.status;
      text = await res.text();
    } catch (e) {
      throw new CliError(`could not reach the gateway at ${url.host}: ${networkReason(e)}`, 1);
    }
    const envelope = parseEnvelope(text);
    if (envelope?.success === true && status >= 200 && status < 300) return envelope.result;
    const detail = envelope?.error ?? (envelope ? `HTTP ${status}` : `HTTP ${status}, not a JSON reply`);
    throw new CliError(`the gateway refused the request: ${detail}`, 1);
  };
}

function requiredEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new CliError(`${name} is not set (see --help)`, 2);
  return value;
}

function networkReason(e: unknown): string {
  if (e instanceof Error && e.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  // fetch reports "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND, ...) is in `cause`.
  const cause: unknown = e instanceof Error ? e.cause : undefined;
  if (cause instanceof Error) return 'code' in cause && typeof cause.code === 'string' ? cause.code : cause.message;
  return e instanceof Error ? e.message : String(e);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseEnvelope(text: string): { success: boolean; error?: string; result?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value)) return undefined;
    const error = typeof value.error === 'string' ? value.error : undefined;
    return { success: value.success === true, error, result: value.result };
  } catch {
    return undefined;
  }
}
