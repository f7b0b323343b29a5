/**
 * Spaces calls evenly: at most one every `intervalMs`, with no burst allowance, so that any 1-second window holds
 * at most `ceil(1000 / intervalMs)` calls. A 429's Retry-After holds every caller back (as RateGate does).
 * Pure timing; `now` and `sleep` are injectable for tests.
 */
export class Pacer {
  private nextSlotMs = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (!(intervalMs >= 0)) throw new Error(`Pacer: intervalMs must be >= 0, got ${intervalMs}`);
  }

  /** A pacer for `perSecond` calls per second (spread evenly). */
  static perSecond(perSecond: number): Pacer {
    if (!(perSecond > 0)) throw new Error(`Pacer: the rate must be > 0, got ${perSecond}`);
    return new Pacer(1000 / perSecond);
  }

  /** Resolves when the caller may send its call; each caller gets its own slot. */
  async take(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlotMs);
    this.nextSlotMs = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now);
  }

  /** Holds every later call back for `ms` from now (a longer hold already in force is kept). */
  pause(ms: number): void {
    this.nextSlotMs = Math.max(this.nextSlotMs, this.now() + ms);
  }
}
