/**
 * Who is calling, from the Firebase Auth token's custom claims: `role` (`staff`, `manager` or `owner`) and, for
 * staff and managers of particular branches, `branches` (branch ids). An owner acts on every branch; a staff
 * member or manager without a `branches` claim is unscoped (a single-shop merchant); with one, only on those
 * branches. Signed out is `unauthenticated`; signed in without a role we know is `permission-denied`.
 */
import { z } from 'zod';
import { CheckoutError } from '../shared/errors';
import { BRANCH_ID_PATTERN } from '../shared/ids';

export const ROLES = ['staff', 'manager', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export interface Caller {
  uid: string;
  role: Role;
  /** The branches this caller works in; null: every branch (an owner, or an unscoped staff member or manager). */
  branches: readonly string[] | null;
}

const claimsSchema = z.object({
  role: z.enum(ROLES),
  branches: z.array(z.string().regex(BRANCH_ID_PATTERN)).max(100).optional(),
});

export function callerFromAuth(auth: { uid: string; token: Record<string, unknown> } | undefined): Caller {
  if (!auth) throw new CheckoutError('unauthenticated', 'Sign in to take payments.');
  const claims = claimsSchema.safeParse(auth.token);
  if (!claims.success) {
    throw new CheckoutError(
      'permission-denied',
      'Your account has no payments role yet; ask a manager to give it the staff, manager or owner role.',
    );
  }
  const { role, branches } = claims.data;
  return { uid: auth.uid, role, branches: role === 'owner' ? null : (branches ?? null) };
}

/** Managers and owners manage; an owner may do whatever a manager may. */
export function isManager(caller: Caller): boolean {
  return caller.role === 'manager' || caller.role === 'owner';
}

/** Whether the caller works in this branch (a checkout without a branch belongs to unscoped callers only). */
export function worksIn(caller: Caller, branchId: string | null | undefined): boolean {
  if (caller.branches === null) return true;
  return typeof branchId === 'string' && caller.branches.includes(branchId);
}

/** Whether assertCanAccess would let the caller at this checkout (to decide what it may be told about it). */
export function canAccess(caller: Caller, checkout: { createdBy: string; branchId?: string | null }): boolean {
  return worksIn(caller, checkout.branchId) && (isManager(caller) || checkout.createdBy === caller.uid);
}

/** Managers and owners see every checkout of their branches; staff only the ones they created there. */
export function assertCanAccess(caller: Caller, checkout: { createdBy: string; branchId?: string | null }): void {
  if (!worksIn(caller, checkout.branchId)) {
    throw new CheckoutError('permission-denied', 'This checkout belongs to another branch.');
  }
  if (isManager(caller) || checkout.createdBy === caller.uid) return;
  throw new CheckoutError('permission-denied', 'This checkout was created by another staff member.');
}

export function assertRole(caller: Caller, allowed: readonly Role[], action: string): void {
  const allowedHere = allowed.includes(caller.role) || (caller.role === 'owner' && allowed.includes('manager'));
  if (!allowedHere) throw new CheckoutError('permission-denied', `Only a ${allowed.join(' or ')} can ${action}.`);
}

/** The branches a report covers: the one asked for (if the caller works there), else all of the caller's (null: every branch). */
export function reportScope(caller: Caller, branchId: string | undefined): readonly string[] | null {
  if (branchId === undefined) return caller.branches;
  if (!worksIn(caller, branchId)) throw new CheckoutError('permission-denied', `You do not work in branch ${branchId}.`);
  return [branchId];
}
