/**
 * Replays a recorded run (`npm run go-live -- --record <file>`, or the simulator's GET /_sim/exchanges saved
 * to a file): every exchange is judged against the vendor spec (exchanges.ts) and our wire schemas
 * (wire-check.ts), with the spec of the header family the run used.
 */
import { readFileSync } from 'node:fs';
import type { RecordedExchange } from '../../simulator/src/recorder';
import { validateExchange } from './exchanges';
import { OpenApiSpec, PAYMENNT_2026, POINTCHECKOUT_2022 } from './openapi';
import { wireViolations } from './wire-check';

export interface ReplayResult {
  exchanges: number;
  spec: string;
  /** Each problem, prefixed with the exchange's `#seq`. */
  violations: string[];
}

function isExchange(value: unknown): value is RecordedExchange {
  const e = value as Partial<RecordedExchange> | null;
  return typeof e === 'object' && e !== null && typeof e.method === 'string' && typeof e.path === 'string' && typeof e.seq === 'number';
}

/** Reads a recorded file: `{ exchanges: [...] }` (with an optional `headerFamily`) or a bare array. */
export function loadRecording(file: string): { exchanges: RecordedExchange[]; headerFamily: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not a readable JSON file (${error instanceof Error ? error.message : String(error)})`);
  }
  const list: unknown = Array.isArray(doc) ? doc : (doc as { exchanges?: unknown } | null)?.exchanges;
  if (!Array.isArray(list) || !list.every(isExchange)) throw new Error(`${file}: expected { "exchanges": [ recorded exchanges ] }`);
  const family = (doc as { headerFamily?: unknown }).headerFamily;
  return { exchanges: list, headerFamily: family === 'paymennt' ? 'paymennt' : 'pointcheckout' };
}

export function replay(exchanges: readonly RecordedExchange[], headerFamily = 'pointcheckout'): ReplayResult {
  const [file, name] = headerFamily === 'paymennt' ? [PAYMENNT_2026, 'paymennt-v2.0-2026-03'] : [POINTCHECKOUT_2022, 'pointcheckout-v2.0-2022-02'];
  const spec = OpenApiSpec.load(file);
  const violations = exchanges.flatMap((exchange) =>
    [...validateExchange(exchange, spec), ...wireViolations(exchange)].map((v) => `#${exchange.seq} ${v}`),
  );
  return { exchanges: exchanges.length, spec: name, violations };
}
