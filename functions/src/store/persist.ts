/**
 * Writes that record what PointCheckout has already done (e.g. a refund it confirmed). Transactions on one
 * checkout contend by design (webhook, refund, refresh and reconciliation at once), and the SDK gives up
 * after a few aborted attempts; failing then would tell the caller that a refund which happened did not, and
 * leave its record PENDING. So a busy database is retried here, a little longer, with jittered backoff.
 */

/** gRPC codes Firestore uses for failures that a retry may fix. */
const TRANSIENT_GRPC_CODES = new Set([4, 8, 10, 14]); // DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE

/** A transaction the database closed under us (it outlived its lock or lifetime on a busy store): run it again. */
const CLOSED_TRANSACTION = /transaction (is invalid or closed|has expired|is no longer valid)/i;

export function isTransientFirestoreError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === 3 && typeof message === 'string' && CLOSED_TRANSACTION.test(message)) return true; // INVALID_ARGUMENT
  return typeof code === 'number' && TRANSIENT_GRPC_CODES.has(code);
}

export async function persistently<T>(write: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!isTransientFirestoreError(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.floor(Math.random() * 100)));
    }
  }
}

/** One checkout's transactions: more attempts than the SDK's default of 5, for the contention above. */
export const CHECKOUT_TRANSACTION = { maxAttempts: 12 } as const;
