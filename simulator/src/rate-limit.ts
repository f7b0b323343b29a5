/**
 * Per-merchant rate limit: at most N merchant API requests per API key in each 1-second window
 * of the wall clock (not the simulated clock: this is about real request rate). The vendor
 * documents no rate limit (research §9.5, §11.5); fixed windows are our model of one.
 */

const WINDOW_MS = 1000;

export interface RateDecision {
  limited: boolean;
  /** Whole seconds until the window ends, at least 1 (the Retry-After header). */
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one request for `key` and says whether it is over `limit` in the current window. */
  take(key: string, limit: number | null): RateDecision {
    if (limit === null) return { limited: false, retryAfterSeconds: 0 };
    const now = this.now();
    const start = now - (now % WINDOW_MS);
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    const retryAfterSeconds = Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000));
    return { limited: window.count > limit, retryAfterSeconds };
  }

  reset(): void {
    this.windows.clear();
  }
}
