/**
 * Test switch, active only inside the Functions emulator (FUNCTIONS_EMULATOR is never set in production): the
 * document `_emulatorOnly/eventFaults` `{ failPublishes, failMarks }` makes the next N publishes throw before
 * sending, or the next N "done" marker writes throw after a successful publish. Counters are taken in a
 * transaction, so concurrent triggers share them.
 */
import { getFirestore } from 'firebase-admin/firestore';

export type FaultKind = 'failPublishes' | 'failMarks';

export class InjectedFault extends Error {
  constructor(kind: FaultKind) {
    super(`injected fault: ${kind}`);
    this.name = 'InjectedFault';
  }
}

export const FAULTS_DOCUMENT = '_emulatorOnly/eventFaults';

export async function maybeInjectFault(kind: FaultKind): Promise<void> {
  if (process.env.FUNCTIONS_EMULATOR !== 'true') return;
  const db = getFirestore();
  const ref = db.doc(FAULTS_DOCUMENT);
  const fire = await db.runTransaction(async (tx) => {
    const left = Number((await tx.get(ref)).get(kind) ?? 0);
    if (!(left > 0)) return false;
    tx.set(ref, { [kind]: left - 1 }, { merge: true });
    return true;
  });
  if (fire) throw new InjectedFault(kind);
}
