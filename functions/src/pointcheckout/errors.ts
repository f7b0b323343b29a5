/** Failures of a call to PointCheckout, classified by what the caller should do about them. */

/** The gateway answered and refused (HTTP 400 or `success: false`): retrying the same request will not help. */
export class GatewayRejectedError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
    this.name = 'GatewayRejectedError';
  }

  /** PointCheckout's documented text for an id it does not know. */
  get isNotFound(): boolean {
    return /not found/i.test(this.message);
  }
}

/** The gateway refused our API key or secret: a configuration problem, not the caller's. */
export class GatewayAuthError extends Error {
  constructor(readonly httpStatus: number) {
    super('PointCheckout refused the API key or secret');
    this.name = 'GatewayAuthError';
  }
}

/** Unreachable, timed out, 5xx, or an answer we cannot read: the outcome is unknown and a retry may succeed. */
export class GatewayUnavailableError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'GatewayUnavailableError';
  }
}

/**
 * HTTP 429: the gateway refused to process the request now. Not retried blindly (that would multiply traffic
 * under rate limiting); `retryAfterMs` is what its Retry-After header asked for (1 s when it named none).
 */
export class GatewayRateLimitedError extends GatewayUnavailableError {
  constructor(
    readonly retryAfterMs: number,
    detail?: string,
  ) {
    super(`PointCheckout is rate limiting our requests; try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s`, detail);
    this.name = 'GatewayRateLimitedError';
  }
}

/** Reads a Retry-After header (delay-seconds or an HTTP date) as milliseconds from `nowMs`; 1 s when absent or unreadable. */
export function retryAfterMsOf(header: string | undefined, nowMs: number): number {
  if (!header) return 1000;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Math.max(0, Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - nowMs);
}
