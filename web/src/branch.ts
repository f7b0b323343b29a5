/**
 * Where the till is: the branches the signed-in user works in (the ID token's `branches` claim; every branch,
 * or none, for an owner or an unscoped user), their names from `branches/{id}`, the branch picked at this till (remembered per
 * user) and the till's own name (`deviceReference`, remembered on the device). Both are sent with every new QR.
 */
import type { FirebaseApp } from 'firebase/app';
import { collection, doc, getDoc, getDocs, getFirestore, limit, query } from 'firebase/firestore';

export interface Scope {
  role: string | null;
  /** The branches the user works in; null: every branch (owner) or no branch (an unscoped single shop). */
  branches: string[] | null;
}

export interface BranchName {
  id: string;
  name: string;
}

const BRANCH_ID = /^(?!__)[A-Za-z0-9_-]{1,40}$/;
const DEVICE_KEY = 'pos.device';
const pickedKey = (uid: string) => `pos.branch.${uid}`;

/** Role and branches from the token's custom claims; an owner is never scoped. */
export function scopeOf(claims: Record<string, unknown>): Scope {
  const role = typeof claims.role === 'string' ? claims.role : null;
  const raw = claims.branches;
  const branches = role !== 'owner' && Array.isArray(raw) ? raw.filter((b): b is string => typeof b === 'string' && BRANCH_ID.test(b)) : null;
  return { role, branches };
}

/** Managers and owners manage: refresh, cancel authorized payments, refund, the end-of-day report. */
export function manages(role: string | null): boolean {
  return role === 'manager' || role === 'owner';
}

/** The names of these branches; a branch whose document is missing or unreadable shows its id. */
export async function branchNames(app: FirebaseApp, ids: readonly string[]): Promise<BranchName[]> {
  const db = getFirestore(app);
  return Promise.all(
    ids.map(async (id) => {
      try {
        const snap = await getDoc(doc(db, 'branches', id));
        const name = snap.get('name') as unknown;
        return { id, name: typeof name === 'string' && name.trim() ? name : id };
      } catch {
        return { id, name: id };
      }
    }),
  );
}

/** Bounds the picker: a merchant with more branches scopes its staff with the `branches` claim. */
export const MAX_LISTED_BRANCHES = 200;

/**
 * Every branch, for an owner or an unscoped user (the rules let them read all), sorted by name; empty for a
 * single shop that has none, or when the list cannot be read (checkouts then carry no branch, as before).
 */
export async function allBranches(app: FirebaseApp): Promise<BranchName[]> {
  try {
    const snap = await getDocs(query(collection(getFirestore(app), 'branches'), limit(MAX_LISTED_BRANCHES)));
    return snap.docs
      .filter((d) => BRANCH_ID.test(d.id))
      .map((d) => {
        const name = d.get('name') as unknown;
        return { id: d.id, name: typeof name === 'string' && name.trim() ? name : d.id };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  }
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // private mode: remembered for this page only
  }
}

/**
 * The branch this user last picked here, if they may still pick it; else their first. With `noBranchAllowed`
 * (an unscoped user), "no branch" ('') is a choice of its own and the default.
 */
export function pickedBranch(uid: string, branches: readonly string[], noBranchAllowed = false): string | null {
  const last = read(pickedKey(uid));
  if (last !== null && (branches.includes(last) || (noBranchAllowed && last === ''))) return last;
  return noBranchAllowed ? '' : (branches[0] ?? null);
}

export function rememberBranch(uid: string, branchId: string): void {
  write(pickedKey(uid), branchId);
}

/** The till or device name as typed; only printable ASCII, 1–100 characters, as the backend accepts. */
export function deviceName(): string {
  return read(DEVICE_KEY) ?? '';
}

export function deviceValid(name: string): boolean {
  return name === '' || /^[\x20-\x7e]{1,100}$/.test(name);
}

export function rememberDevice(name: string): void {
  write(DEVICE_KEY, name === '' ? null : name);
}
