/**
 * `useStrictGateway()`: the enclosing suite runs against the strict simulator (only what PointCheckout documents,
 * its worst case where it promises nothing), and leaves it lenient and without faults for the next suite.
 * Kept out of harness.ts, which the bench also loads (outside mocha).
 */
import { sim } from './harness';

export function useStrictGateway(): void {
  before(async () => {
    await sim.config({ strict: true });
  });
  after(async () => {
    await sim.clearFaults();
    await sim.config({ strict: false });
  });
}
