/** The callers the security rules are tested against, as rules-unit-testing contexts. Shared by the rules suites. */
import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';

export type Actor = 'signed-out' | 'no-role' | 'staff-owner' | 'staff-other' | 'manager';
export const ACTORS: Actor[] = ['signed-out', 'no-role', 'staff-owner', 'staff-other', 'manager'];

/** A client Firestore for `actor`; the seeded documents are created by uid `owner`. */
export function actorDb(env: RulesTestEnvironment, actor: Actor) {
  switch (actor) {
    case 'signed-out':
      return env.unauthenticatedContext().firestore();
    case 'no-role':
      return env.authenticatedContext('someone').firestore();
    case 'staff-owner':
      return env.authenticatedContext('owner', { role: 'staff' }).firestore();
    case 'staff-other':
      return env.authenticatedContext('other', { role: 'staff' }).firestore();
    case 'manager':
      return env.authenticatedContext('boss', { role: 'manager' }).firestore();
  }
}
