/** The process groups the stack starts, and how they are stopped (including the Firestore emulator's java). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cache } from './settings.mjs';

let stopping = false;

export function isStopping() {
  return stopping;
}

export function setStopping() {
  stopping = true;
}

export const STOP_GRACE_MS = 60_000;
/** Process groups started here, killed if this script fails half-way (they no longer share its group). */
export const groups = [];

/** Sends `signal` to a process group (its leader's pid); false when the group is gone. */
export function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * firebase-tools starts the Firestore emulator (java) in a process group of its own, so a group signal never
 * reaches it: after the emulators exit, any java still running this stack's wrapper jar (a path under this
 * checkout's .cache, so never another stack's) is stopped too. Linux /proc only; elsewhere a no-op.
 */
export function strayEmulators() {
  const wrapper = join(cache, 'firestore-emulator', 'firestore-emulator-wrapper.jar');
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return pids.map(Number).filter((pid) => {
    try {
      return pid !== process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(wrapper);
    } catch {
      return false;
    }
  });
}

export function kill(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

export async function stopStrays() {
  const deadline = Date.now() + 5000;
  for (const pid of strayEmulators()) kill(pid, 'SIGTERM');
  while (strayEmulators().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const pid of strayEmulators()) kill(pid, 'SIGKILL');
}

/** Stops what is left of a process group: SIGTERM, then SIGKILL after 5 s; resolves once none is left. */
export async function stopGroup(pid) {
  if (!pid || !signalGroup(pid, 'SIGTERM')) return;
  const deadline = Date.now() + 5000;
  while (signalGroup(pid, 0)) {
    if (Date.now() > deadline) {
      signalGroup(pid, 'SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

