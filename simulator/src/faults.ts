/**
 * Fault injection for the merchant API, driven by POST /_sim/faults. A fault matches
 * `"<METHOD> <path>"` (path after /mer/v2.0, without the query string) with a RegExp and
 * fires for the next `count` matching requests. Modes:
 *   not processed: http500, http502, http429 (with Retry-After)
 *   processed, then the answer is spoiled: applied502 (502), timeout (none), malformed (bad JSON), slow (late),
 *   surprise (a 2xx result carrying `fields`: an unknown status, a field the spec never showed)
 */
import { isPlainObject } from './http-util';

export const FAULT_MODES = ['http500', 'http502', 'http429', 'applied502', 'timeout', 'malformed', 'slow', 'surprise'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export const DEFAULT_SLOW_DELAY_MS = 3000;
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** Modes answered without processing the request: the gateway never saw it. */
export function isUnprocessed(mode: FaultMode): boolean {
  return mode === 'http500' || mode === 'http502' || mode === 'http429';
}

export interface Fault {
  id: number;
  match: string;
  mode: FaultMode;
  /** Remaining requests this fault will still hit. */
  count: number;
  delayMs: number;
  /** Retry-After of an `http429` answer, in seconds. */
  retryAfterSeconds: number;
  /** `surprise`: fields set on the answer's `result` (e.g. `{ "status": "ON_HOLD", "riskScore": 7 }`). */
  fields?: Record<string, unknown>;
}

export class FaultError extends Error {}

export class Faults {
  private faults: { fault: Fault; regex: RegExp }[] = [];
  private nextId = 1;

  /** Validates and registers a fault from a POST /_sim/faults body. */
  add(body: unknown): Fault {
    if (!isPlainObject(body)) throw new FaultError('body must be a JSON object');
    const { match, mode, count, delayMs, retryAfterSeconds, fields } = body;
    if (typeof match !== 'string' || match === '') throw new FaultError('match must be a non-empty string (a RegExp source)');
    let regex: RegExp;
    try {
      regex = new RegExp(match);
    } catch {
      throw new FaultError('match is not a valid regular expression');
    }
    if (typeof mode !== 'string' || !(FAULT_MODES as readonly string[]).includes(mode)) {
      throw new FaultError(`mode must be one of ${FAULT_MODES.join(', ')}`);
    }
    const times = count === undefined ? 1 : count;
    if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) {
      throw new FaultError('count must be an integer >= 1');
    }
    if (delayMs !== undefined && (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0)) {
      throw new FaultError('delayMs must be an integer >= 0');
    }
    if (
      retryAfterSeconds !== undefined &&
      (typeof retryAfterSeconds !== 'number' || !Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0)
    ) {
      throw new FaultError('retryAfterSeconds must be an integer >= 0');
    }
    if (mode === 'surprise' && !isPlainObject(fields)) throw new FaultError('fields must be a JSON object for mode surprise');
    if (mode !== 'surprise' && fields !== undefined) throw new FaultError('fields is only for mode surprise');
    const fault: Fault = {
      id: this.nextId++,
      match,
      mode: mode as FaultMode,
      count: times,
      delayMs: delayMs ?? DEFAULT_SLOW_DELAY_MS,
      retryAfterSeconds: retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
      ...(isPlainObject(fields) ? { fields } : {}),
    };
    this.faults.push({ fault, regex });
    return { ...fault };
  }

  /** Consumes one use of the first fault matching `"<METHOD> <path>"`, if any. */
  take(method: string, path: string): Fault | undefined {
    const target = `${method} ${path}`;
    const index = this.faults.findIndex(({ regex }) => regex.test(target));
    if (index < 0) return undefined;
    const { fault } = this.faults[index] as { fault: Fault };
    fault.count--;
    if (fault.count <= 0) this.faults.splice(index, 1);
    return { ...fault };
  }

  list(): Fault[] {
    return this.faults.map(({ fault }) => ({ ...fault }));
  }

  clear(): void {
    this.faults = [];
  }
}
