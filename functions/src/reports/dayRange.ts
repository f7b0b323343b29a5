/** The instants a calendar day of a time zone starts and ends at. Pure. */

function offsetMs(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(ms / 1000) * 1000;
}

function localMidnightMs(year: number, month: number, day: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day);
  const first = guess - offsetMs(guess, timeZone);
  // Once more at the result, for a day on which the offset changes (daylight saving).
  return guess - offsetMs(first, timeZone);
}

/** [start, end) of `date` (YYYY-MM-DD) in `timeZone`, as epoch milliseconds. */
export function dayRangeMs(date: string, timeZone: string): { startMs: number; endMs: number } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return {
    startMs: localMidnightMs(year, month, day, timeZone),
    endMs: localMidnightMs(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone),
  };
}

/** PointCheckout's `afterTimestamp` format, `yyyy-mm-dd HH:MM:SS`, in UTC. */
export function gatewayTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
