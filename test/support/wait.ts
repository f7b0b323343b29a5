/**
 * The one deadline policy for every test wait on an asynchronous effect (a webhook landing, a snapshot, a page
 * update). The CI machine has 2 cores shared with other work, so a wait asks until a generous deadline and
 * returns as soon as its condition holds: a long deadline costs nothing when things are fast.
 *
 * TEST_WAIT_SCALE (a positive number, default 1) multiplies every deadline, quiet window and test timeout here,
 * e.g. TEST_WAIT_SCALE=2 on a slower machine. Documented in docs/testing.md.
 */

function readScale(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`TEST_WAIT_SCALE must be a positive number, got "${raw}"`);
  return scale;
}

export const WAIT_SCALE = readScale(process.env.TEST_WAIT_SCALE);

/** How long a wait for an asynchronous effect asks before it fails: 90 s on a loaded 2-core machine. */
export const WAIT_MS = Math.round(90_000 * WAIT_SCALE);

/** How often a poll asks again. */
export const POLL_MS = 100;

/**
 * How long a listener may stay silent before a wait listens again from scratch. The Firestore emulator, on a
 * loaded machine, has been seen to drop a change notification for good (the write applied and logged, the
 * listener still at the old status 90 s later); a new listen target starts from the server's current state.
 */
export const RELISTEN_MS = Math.round(10_000 * WAIT_SCALE);

/**
 * A mocha timeout for a test (or suite) whose own work needs about `ms`: scaled, and never shorter than two
 * full waits, so a wait that runs out reports what it waited for instead of mocha's bare "timeout exceeded".
 */
export function testTimeout(ms = 0): number {
  return Math.max(Math.round(ms * WAIT_SCALE), 2 * WAIT_MS);
}

/**
 * A quiet window: only for a check that something does NOT happen where no positive marker exists to wait on
 * instead. The caller says why in a comment; the window scales with TEST_WAIT_SCALE.
 */
export function quietWindow(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.round(ms * WAIT_SCALE)));
}
