/** Callable `upsertBranch` (owner): adds or renames a branch and maps it to PointCheckout's branch id. */
import { validatedOnCall } from '../callable';

export const upsertBranch = validatedOnCall(
  'upsertBranch',
  async () => (await import('../../domain/schemas')).upsertBranchInputSchema,
  {},
  async (caller, input) => {
    const [{ assertRole }, { upsertBranch: upsert }] = await Promise.all([import('../../access/caller'), import('../../access/branches')]);
    assertRole(caller, ['owner'], 'add or change a branch');
    return upsert(input);
  },
  { checkRevoked: true },
);
