/**
 * Branches (`branches/{branchId}`): the merchant's shops, each mapped to PointCheckout's own branch id. An owner
 * keeps them with `upsertBranch`; a checkout records the branch it was taken in, and staff and managers with a
 * `branches` claim act only on their branches' checkouts.
 */
import { getFirestore, Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import { accountSpec, DEFAULT_ACCOUNT } from '../accounts';
import { worksIn, type Caller } from './caller';
import { CheckoutError } from '../shared/errors';

export const BRANCHES = 'branches';

const branchSchema = z.object({
  name: z.string(),
  pointcheckoutBranchId: z.string().nullable().default(null),
  /** The PointCheckout account new checkouts of this branch are made with; switching it leaves existing ones alone. */
  account: z.string().default(DEFAULT_ACCOUNT),
});
export type Branch = z.output<typeof branchSchema> & { id: string };

export async function readBranch(branchId: string): Promise<Branch | null> {
  const snap = await getFirestore().collection(BRANCHES).doc(branchId).get();
  if (!snap.exists) return null;
  return { id: snap.id, ...branchSchema.parse(snap.data()) };
}

/**
 * The branch a new checkout belongs to: the one asked for, if the caller works there; else the caller's only
 * branch; none for an unscoped caller who names none.
 */
export async function branchForCreate(caller: Caller, requested: string | undefined): Promise<Branch | null> {
  let branchId = requested;
  if (branchId === undefined && caller.branches !== null) {
    if (caller.branches.length !== 1) {
      throw new CheckoutError('invalid-argument', `branchId: is required: you work in several branches (${caller.branches.join(', ')}).`);
    }
    branchId = caller.branches[0];
  }
  if (branchId === undefined) return null;
  if (!worksIn(caller, branchId)) throw new CheckoutError('permission-denied', `You do not work in branch ${branchId}.`);
  const branch = await readBranch(branchId);
  if (!branch) throw new CheckoutError('invalid-argument', `branchId: unknown branch ${branchId} (an owner adds branches with upsertBranch).`);
  return branch;
}

export async function upsertBranch(input: {
  branchId: string;
  name: string;
  pointcheckoutBranchId?: string;
  account?: string;
}): Promise<Branch> {
  const account = input.account ?? DEFAULT_ACCOUNT;
  if (!accountSpec(account)) {
    throw new CheckoutError('invalid-argument', `account: "${account}" is not a configured PointCheckout account (see pointcheckout.accounts.json).`);
  }
  const data = { name: input.name, pointcheckoutBranchId: input.pointcheckoutBranchId ?? null, account, updatedAt: Timestamp.now() };
  await getFirestore().collection(BRANCHES).doc(input.branchId).set(data, { merge: true });
  return { id: input.branchId, name: data.name, pointcheckoutBranchId: data.pointcheckoutBranchId, account };
}
