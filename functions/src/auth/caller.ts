/**
 * Who is calling, from the Firebase Auth token's custom claim `role`. Signed out is `unauthenticated`;
 * signed in without a role we know is `permission-denied`.
 */
import { z } from 'zod';
import { CheckoutError } from '../checkouts/errors';
import type { CheckoutDocument } from '../checkouts/document';

export const ROLES = ['staff', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export interface Caller {
  uid: string;
  role: Role;
}

const claimsSchema = z.object({ role: z.enum(ROLES) });

export function callerFromAuth(auth: { uid: string; token: Record<string, unknown> } | undefined): Caller {
  if (!auth) throw new CheckoutError('unauthenticated', 'Sign in to take payments.');
  const claims = claimsSchema.safeParse(auth.token);
  if (!claims.success) {
    throw new CheckoutError(
      'permission-denied',
      'Your account has no payments role yet; ask a manager to give it the staff or manager role.',
    );
  }
  return { uid: auth.uid, role: claims.data.role };
}

/** Managers see every checkout; staff only the ones they created. */
export function assertCanAccess(caller: Caller, checkout: Pick<CheckoutDocument, 'createdBy'>): void {
  if (caller.role === 'manager' || checkout.createdBy === caller.uid) return;
  throw new CheckoutError('permission-denied', 'This checkout was created by another staff member.');
}

export function assertRole(caller: Caller, allowed: readonly Role[], action: string): void {
  if (!allowed.includes(caller.role)) {
    throw new CheckoutError('permission-denied', `Only a ${allowed.join(' or ')} can ${action}.`);
  }
}
