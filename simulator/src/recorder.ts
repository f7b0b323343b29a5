/**
 * Records every merchant API exchange (`/mer/v2.0/*` only) for contract tests, which validate
 * each request and response against the vendor's OpenAPI spec. Never stores a secret: request
 * headers are kept by name only (plus whether a complete credential pair was present), and
 * webhook `hmacKey`s in response bodies are replaced with a placeholder string.
 */

export interface RecordedExchange {
  seq: number;
  /** ISO time the request arrived (wall clock, not the simulated clock). */
  at: string;
  method: string;
  /** Full path including the API prefix, e.g. `/mer/v2.0/checkout/qr`. */
  path: string;
  /** Query parameters; a repeated name gives an array. */
  query: Record<string, string | string[]>;
  /** Lowercase names of the request headers; never their values. */
  headers: string[];
  /** The request's Content-Type (not a secret), or null. */
  contentType: string | null;
  /** Whether a complete key + secret header pair was sent (right or wrong). */
  authPresent: boolean;
  /** Parsed JSON body; the raw text when it is not JSON; null when empty or refused as too large. */
  requestBody: unknown;
  /** HTTP status sent; null when a "timeout" fault withheld the response. */
  status: number | null;
  /** Parsed JSON body sent; the raw text when it is not JSON (the "malformed" fault). */
  responseBody: unknown;
  /** The injected fault that shaped this exchange, if any: it is deliberately off-contract. */
  fault: string | null;
}

/** Placeholder that replaces secret values in recorded bodies (still a string, so schemas hold). */
export const REDACTED = '[redacted]';
const SECRET_FIELDS = new Set(['hmacKey']);
const MAX_TEXT_BODY = 2048;
/** Cap on kept exchanges so a long-running simulator cannot grow without bound. */
export const DEFAULT_MAX_EXCHANGES = 20_000;

export type ExchangeInput = Omit<RecordedExchange, 'seq' | 'at' | 'requestBody' | 'responseBody'> & {
  requestBody: Buffer | null;
  responseBody: string | undefined;
};

export class ExchangeRecorder {
  private readonly entries: RecordedExchange[] = [];
  private seq = 0;
  private droppedCount = 0;

  constructor(private readonly max = DEFAULT_MAX_EXCHANGES) {}

  record(input: ExchangeInput, startedAt: number): void {
    if (this.entries.length >= this.max) {
      this.droppedCount++;
      return;
    }
    this.entries.push({
      ...input,
      seq: ++this.seq,
      at: new Date(startedAt).toISOString(),
      requestBody: input.requestBody === null ? null : decode(input.requestBody.toString('utf8')),
      responseBody: input.responseBody === undefined ? null : redact(decode(input.responseBody)),
    });
  }

  list(): RecordedExchange[] {
    return this.entries.map((entry) => structuredClone(entry));
  }

  get dropped(): number {
    return this.droppedCount;
  }

  clear(): void {
    this.entries.length = 0;
    this.seq = 0;
    this.droppedCount = 0;
  }
}

export function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return out;
}

function decode(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.length > MAX_TEXT_BODY ? `${text.slice(0, MAX_TEXT_BODY)}…` : text;
  }
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_FIELDS.has(key) && typeof inner === 'string' ? REDACTED : redact(inner);
  }
  return out;
}
