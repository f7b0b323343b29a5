/**
 * Types and small helpers of the in-memory checkout store (store.ts): its counters, options and
 * search page, and the mapping of its failures onto the merchant API's wording.
 */
import { ApiError } from './envelope';
import type { CheckoutRecord, StatusChange } from './model';
import { TransitionError } from './moves';

/**
 * Counts of merchant API calls received (failed ones included), plus what was actually applied:
 * `createsApplied` (creates that made a new checkout), `refundsApplied` (refunds that grew
 * totalRefunded) and `rateLimited` (requests answered 429), so tests can tell "applied twice" from "once".
 */
export interface ApiStats {
  creates: number;
  gets: number;
  searches: number;
  cancels: number;
  refunds: number;
  createsApplied: number;
  refundsApplied: number;
  rateLimited: number;
}

/** Strict mode refuses every repeated requestId and applies every refund (see README "Strict mode"). */
export interface Strictness {
  strict: boolean;
}

/** Called after every status or totalRefunded change; `notify` is false for a deliberately lost webhook. */
export type ChangeListener = (record: CheckoutRecord, change: StatusChange, notify: boolean) => void;

export interface StoreOptions {
  publicUrl: () => string;
  /** Branch reported on checkouts created without `branchId`. */
  defaultBranch: { id: string; name: string };
  now?: () => number;
}

export interface SearchPage {
  page: number;
  size: number;
  totalPages: number;
  totalElements: number;
  content: CheckoutRecord[];
}

export function emptyStats(): ApiStats {
  return { creates: 0, gets: 0, searches: 0, cancels: 0, refunds: 0, createsApplied: 0, refundsApplied: 0, rateLimited: 0 };
}

/** Maps a store failure onto the merchant API's wording for cancel. */
export function cancelError(err: unknown): unknown {
  return err instanceof TransitionError ? new ApiError(400, `Checkout cannot be cancelled in status ${err.status}`) : err;
}
