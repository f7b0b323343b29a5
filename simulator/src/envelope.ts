/**
 * The response envelope shared by every merchant API answer (research §3):
 * `{ success, elapsed, error?, result? }`.
 */

export interface Envelope {
  success: boolean;
  /** Milliseconds of server-side processing. */
  elapsed: number;
  error?: string;
  result?: unknown;
}

/** An API failure with the HTTP status and the envelope's `error` text. */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A 400 validation / business-rule failure: the only error status the vendor documents. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, message);
}

export function successEnvelope(startedAt: number, result: unknown): Envelope {
  return { success: true, elapsed: Date.now() - startedAt, result };
}

export function errorEnvelope(startedAt: number, error: string): Envelope {
  return { success: false, elapsed: Date.now() - startedAt, error };
}

/** What an API handler produced, before fault injection decides how (or whether) to send it. */
export interface ApiReply {
  httpStatus: number;
  envelope: Envelope;
  /** Extra response headers, e.g. `X-Simulator-Warning` when the simulator read a malformed request kindly. */
  headers?: Record<string, string>;
}

/** Header naming what the default (kind) mode forgave in a request that strict mode refuses. */
export const WARNING_HEADER = 'X-Simulator-Warning';
