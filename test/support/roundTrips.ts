/**
 * Counts the Firestore round trips a piece of our code makes, in this process: every RPC the admin SDK sends
 * (unary `request` and streaming `requestStream`: reads, queries, commits, transactions) is noted with when it
 * started and ended, for the async context that made it. `sequential` is the number of waves: calls that overlap
 * are one wave (they wait side by side), a call that starts after every earlier one has ended starts the next.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Firestore } from 'firebase-admin/firestore';

export interface RoundTrip {
  method: string;
  startMs: number;
  endMs: number;
}

export interface Counted<T> {
  value: T;
  calls: RoundTrip[];
  /** Waves of calls: what the caller waits for one after the other. */
  sequential: number;
  /** The methods, wave by wave, e.g. [["commit","batchGetDocuments","runQuery"],["commit"]]. */
  waves: string[][];
  /** How long each wave took, first start to last end (ms). */
  waveMs: number[];
}

const context = new AsyncLocalStorage<RoundTrip[]>();
type Anything = (...args: unknown[]) => unknown;
let patched = false;

function patch(): void {
  if (patched) return;
  patched = true;
  const proto = Firestore.prototype as unknown as Record<'request' | 'requestStream', Anything>;
  for (const name of ['request', 'requestStream'] as const) {
    const original = proto[name];
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const calls = context.getStore();
      const pending = original.apply(this, args) as Promise<unknown>;
      if (!calls) return pending;
      const call: RoundTrip = { method: String(args[0]), startMs: performance.now(), endMs: Number.POSITIVE_INFINITY };
      calls.push(call);
      const done = () => {
        if (call.endMs === Number.POSITIVE_INFINITY) call.endMs = performance.now();
      };
      return pending.then(
        (result) => {
          // A stream's round trip ends with the stream, not when it opens.
          const stream = result as { once?: (event: string, listener: () => void) => void } | undefined;
          if (name === 'requestStream' && stream?.once) for (const event of ['end', 'close', 'error']) stream.once(event, done);
          else done();
          return result;
        },
        (error: unknown) => {
          done();
          throw error;
        },
      );
    };
  }
}

/** Groups the calls into waves: a call that starts after every earlier one has ended opens the next. */
function grouped(calls: RoundTrip[]): RoundTrip[][] {
  const sorted = [...calls].sort((a, b) => a.startMs - b.startMs);
  const waves: RoundTrip[][] = [];
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const call of sorted) {
    if (waves.length === 0 || call.startMs >= lastEnd) waves.push([]);
    waves[waves.length - 1]?.push(call);
    lastEnd = Math.max(lastEnd, call.endMs);
  }
  return waves;
}

export function wavesOf(calls: RoundTrip[]): string[][] {
  return grouped(calls).map((wave) => wave.map((call) => call.method));
}

/** Runs `work` and returns what it made of Firestore's round trips (streams still open count to their end). */
export async function countRoundTrips<T>(work: () => Promise<T>): Promise<Counted<T>> {
  patch();
  const calls: RoundTrip[] = [];
  const value = await context.run(calls, work);
  // Let streams that delivered their last document report their end.
  await new Promise((resolve) => setImmediate(resolve));
  const groups = grouped(calls);
  const waveMs = groups.map((wave) => Math.max(...wave.map((c) => c.endMs)) - Math.min(...wave.map((c) => c.startMs)));
  return { value, calls, sequential: groups.length, waves: wavesOf(calls), waveMs: waveMs.map((ms) => Math.round(ms * 10) / 10) };
}
