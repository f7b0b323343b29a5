/**
 * Names for the report's cashier rows: a manager knows "Sara" or "sara@shop.ae", not a uid. Read from
 * Firebase Auth at report time (a name changed today shows today), 100 uids per call. Best effort: a report
 * is never refused because a name could not be read; the row then shows the uid alone.
 */
import { getAuth } from 'firebase-admin/auth';
import { logger } from 'firebase-functions';

const BATCH = 100; // getUsers' limit per call

/** uid → display name, else email, else phone number; uids without any (or deleted users) are left out. */
export async function cashierNames(uids: readonly string[]): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  const batches: string[][] = [];
  for (let i = 0; i < uids.length; i += BATCH) batches.push(uids.slice(i, i + BATCH));
  try {
    const results = await Promise.all(batches.map((batch) => getAuth().getUsers(batch.map((uid) => ({ uid })))));
    for (const { users } of results) {
      for (const user of users) {
        const name = user.displayName || user.email || user.phoneNumber;
        if (name) names[user.uid] = name;
      }
    }
  } catch (error) {
    logger.warn('report: cashier names not read; showing uids', { error: error instanceof Error ? error.name : 'unknown' });
  }
  return names;
}
