/** Queries of the caller's branches only: Firestore's `in` takes at most 30 values, so larger scopes are chunked. */
import type { Query } from 'firebase-admin/firestore';

const IN_LIMIT = 30;

/** One query per chunk of branches (`branchId in [...]`), or the query itself for every branch (null). */
export function scopedQueries(base: Query, branchIds: readonly string[] | null): Query[] {
  if (branchIds === null) return [base];
  const queries: Query[] = [];
  for (let i = 0; i < branchIds.length; i += IN_LIMIT) queries.push(base.where('branchId', 'in', branchIds.slice(i, i + IN_LIMIT)));
  return queries;
}
