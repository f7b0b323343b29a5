/**
 * A shared pause for workers that call a rate-limited service: when one of them hears 429 with Retry-After, all
 * of them wait that long before their next call instead of each hammering the service again. Pure timing.
 */
export class RateGate {
  private notBeforeMs = 0;

  /** Resolves when calls may go out again. */
  async wait(): Promise<void> {
    for (;;) {
      const delay = this.notBeforeMs - Date.now();
      if (delay <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** Holds every caller back for `ms` (a longer pause already in force is kept). */
  pause(ms: number): void {
    this.notBeforeMs = Math.max(this.notBeforeMs, Date.now() + ms);
  }
}
