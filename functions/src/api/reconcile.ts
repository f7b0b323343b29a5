/** Scheduled `reconcileCheckouts` (every 5 minutes) and callable `reconcileNow` (manager): the same job. */
import { onSchedule } from 'firebase-functions/v2/scheduler';
import {
  GATEWAY_UNKNOWN_AFTER_FAILURES,
  GATEWAY_UNKNOWN_AFTER_MINUTES,
  gatewaySecrets,
  RECONCILE_BUDGET_SECONDS,
  RECONCILE_CONCURRENCY,
} from '../config';
import { validatedOnCall } from './callable';

/** reconcileNow answers a person waiting on it: it stops taking work well inside its own 300 s timeout. */
const CALLABLE_BUDGET_SECONDS = 240;

// Loaded on the first run, not at cold start (see callable.ts).
async function run(budgetSeconds: number) {
  const [{ reconcileCheckouts: reconcileJob }, { gatewayFor }, { drainOutbox }] = await Promise.all([
    import('../checkouts/reconcile'),
    import('../pointcheckout/fromParams'),
    import('../events/drain'),
  ]);
  const summary = await reconcileJob(gatewayFor, {
    concurrency: RECONCILE_CONCURRENCY.value(),
    budgetMs: budgetSeconds * 1000,
    unknownPolicy: { failures: GATEWAY_UNKNOWN_AFTER_FAILURES.value(), minutes: GATEWAY_UNKNOWN_AFTER_MINUTES.value() },
  });
  // After the checkouts, so events of this run's own transitions that failed to publish are retried too.
  const events = await drainOutbox();
  return { ...summary, events };
}

export const reconcileCheckouts = onSchedule(
  // 1800 s is the most a scheduled function may run; the budget ends each run well before the next one starts.
  { schedule: 'every 5 minutes', secrets: gatewaySecrets, timeoutSeconds: 1800, retryCount: 0 },
  async () => {
    await run(RECONCILE_BUDGET_SECONDS.value());
  },
);

export const reconcileNow = validatedOnCall(
  'reconcileNow',
  async () => (await import('../checkouts/schemas')).reconcileNowInputSchema,
  { secrets: gatewaySecrets, timeoutSeconds: 300 },
  async (caller) => {
    const [{ assertRole }, { CheckoutError }] = await Promise.all([import('../auth/caller'), import('../checkouts/errors')]);
    assertRole(caller, ['manager'], 'run a reconciliation');
    // It acts on every branch's checkouts: a manager of some branches only may not start it.
    if (caller.branches !== null) throw new CheckoutError('permission-denied', 'Only an owner or a manager of every branch can run a reconciliation.');
    return run(Math.min(CALLABLE_BUDGET_SECONDS, RECONCILE_BUDGET_SECONDS.value()));
  },
);
