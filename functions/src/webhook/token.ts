/** Constant-time comparison of a presented secret with the expected one. Pure. */
import { createHash, timingSafeEqual } from 'node:crypto';

export function secretsMatch(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || expected.length === 0) return false;
  // Hash both so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
