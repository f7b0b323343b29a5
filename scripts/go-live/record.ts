/**
 * Every request and response of a run, in the simulator recorder's format (`RecordedExchange`), with secrets
 * and card-like numbers redacted, so a merchant can send it to us and `npm run test:contract -- --replay` can
 * validate it. Header values are never kept (names only), `hmacKey`s and `token=` values are replaced, and any
 * configured secret that still shows up anywhere is replaced too.
 */
import { writeFileSync } from 'node:fs';
import type { RecordedExchange } from '../../simulator/src/recorder';
import { maskCardNumbers } from '../../functions/src/util/maskCards';

export const REDACTED = '[redacted]';
/** Gateway ids: long digit strings that are not card numbers, and that the replay must see whole. */
const ID_FIELDS = new Set(['id', 'checkoutId', 'webhookId', 'branchId', 'displayId']);

export function redactToken(text: string): string {
  return text.replace(/([?&]token=)[^&#"\s;,)]*/g, `$1${REDACTED}`);
}

function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join(REDACTED), text);
}

export function redactValue(value: unknown, secrets: readonly string[], key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (typeof value === 'string') {
    if (key === 'hmacKey') return REDACTED;
    const clean = scrub(redactToken(value), secrets);
    return ID_FIELDS.has(key) ? clean : maskCardNumbers(clean);
  }
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, inner]) => [k, redactValue(inner, secrets, k)]));
}

export interface RecordInput {
  method: string;
  url: URL;
  headers: string[];
  contentType: string | null;
  requestBody: unknown;
  status: number | null;
  responseBody: unknown;
}

export class RunRecorder {
  readonly exchanges: RecordedExchange[] = [];

  constructor(private readonly secrets: readonly string[]) {}

  add(input: RecordInput, startedAt: number): void {
    const query: Record<string, string> = {};
    for (const [name, value] of input.url.searchParams) query[name] = value;
    this.exchanges.push({
      seq: this.exchanges.length + 1,
      at: new Date(startedAt).toISOString(),
      method: input.method,
      path: input.url.pathname,
      query: redactValue(query, this.secrets) as Record<string, string>,
      headers: input.headers.map((name) => name.toLowerCase()),
      contentType: input.contentType,
      authPresent: true,
      requestBody: redactValue(input.requestBody ?? null, this.secrets),
      status: input.status,
      responseBody: redactValue(input.responseBody ?? null, this.secrets),
      fault: null,
    });
  }

  /** The file `--record` writes: the shape of the simulator's GET /_sim/exchanges, plus where it came from. */
  write(file: string, meta: { headerFamily: string; mode: string }): void {
    const doc = { recording: true, dropped: 0, recordedBy: 'npm run go-live', ...meta, exchanges: this.exchanges };
    writeFileSync(file, `${scrub(JSON.stringify(doc, null, 2), this.secrets)}\n`, { mode: 0o600 });
  }
}
