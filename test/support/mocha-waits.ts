/**
 * Mocha root hooks (loaded by the emulator, reliability, events and kit runs): a test's timeout is never
 * shorter than two of the shared waits (test/support/wait.ts), so on a loaded machine a slow effect fails with
 * the wait's own message ("timed out waiting for ...") or, better, passes, instead of mocha's bare timeout.
 */
import type { Context } from 'mocha';
import { testTimeout } from './wait';

export const mochaHooks = {
  beforeEach(this: Context): void {
    const test = this.currentTest;
    const floor = testTimeout();
    if (test && test.timeout() > 0 && test.timeout() < floor) test.timeout(floor);
  },
};
