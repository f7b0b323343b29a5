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
