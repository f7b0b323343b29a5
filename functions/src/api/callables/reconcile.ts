/**
 * Scheduled `reconcileCheckouts` (every 5 minutes) and callable `reconcileNow` (manager) start the same run:
 * they enqueue shards of due checkouts on the task queue `reconcileShard`, which checks them at a pace the
 * gateway's per-account rate limit allows (reconciliation/reconcileDispatch.ts), then drain the events outbox.
 * reconcileNow waits for the run's shards and returns its summary.
 */
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { onTaskDispatched } from 'firebase-functions/v2/tasks';
import {
  FUNCTIONS_REGION,
  GATEWAY_UNKNOWN_AFTER_FAILURES,
  GATEWAY_UNKNOWN_AFTER_MINUTES,
  gatewaySecrets,
  RECONCILE_BUDGET_SECONDS,
  RECONCILE_CONCURRENCY,
  RECONCILE_GATEWAY_RATE,
  RECONCILE_SHARDS_AT_ONCE,
} from '../../config';
import { validatedOnCall } from '../callable';
import { guardCallable } from '../callGuard';

/** reconcileNow answers a person waiting on it: it stops waiting well inside its own 300 s timeout. */
const CALLABLE_BUDGET_SECONDS = 240;
/** A shard stops taking new checkouts after this long (what is left stays due); its task may run 540 s. */
const SHARD_BUDGET_MS = 300_000;
const SHARD_TIMEOUT_SECONDS = 540;
const SHARD_FUNCTION = 'reconcileShard';

// Loaded on the first run, not at cold start (see callable.ts).
async function dispatch(trigger: 'schedule' | 'manual', budgetSeconds: number) {
  const [{ dispatchReconcile }, { gatewayFor }, { getFunctions }] = await Promise.all([
    import('../../reconciliation/reconcileDispatch'),
    import('../../pointcheckout/fromParams'),
    import('firebase-admin/functions'),
  ]);
  const queue = getFunctions().taskQueue(`locations/${FUNCTIONS_REGION.value()}/functions/${SHARD_FUNCTION}`);
  return dispatchReconcile(gatewayFor, {
    trigger,
    gatewayRate: RECONCILE_GATEWAY_RATE.value(),
    shardsAtOnce: RECONCILE_SHARDS_AT_ONCE.value(),
    budgetSeconds,
    enqueue: async (task, id) => {
      try {
        await queue.enqueue(task, { id, dispatchDeadlineSeconds: SHARD_TIMEOUT_SECONDS + 60 });
      } catch (error) {
        // The same shard enqueued twice (a retried dispatch): one is enough.
        if ((error as { code?: string }).code !== 'functions/task-already-exists') throw error;
      }
    },
  });
}

async function drainEvents() {
  const { drainOutbox } = await import('../../events/drain');
  return drainOutbox();
}

export const reconcileCheckouts = onSchedule(
  { schedule: 'every 5 minutes', secrets: gatewaySecrets, timeoutSeconds: 300, retryCount: 0 },
  async () => {
    await dispatch('schedule', RECONCILE_BUDGET_SECONDS.value());
    // Events of transitions the shards make now are published by the trigger, or drained by the next run.
    await drainEvents();
  },
);

export const reconcileNow = validatedOnCall(
  'reconcileNow',
  async () => (await import('../../domain/schemas')).reconcileNowInputSchema,
  { secrets: gatewaySecrets, timeoutSeconds: 300 },
  async (caller) => {
    const [{ assertRole }, { CheckoutError }] = await Promise.all([import('../../access/caller'), import('../../shared/errors')]);
    assertRole(caller, ['manager'], 'run a reconciliation');
    // It acts on every branch's checkouts: a manager of some branches only may not start it.
    if (caller.branches !== null) throw new CheckoutError('permission-denied', 'Only an owner or a manager of every branch can run a reconciliation.');
    const startedMs = Date.now();
    const budgetSeconds = Math.min(CALLABLE_BUDGET_SECONDS, RECONCILE_BUDGET_SECONDS.value());
    const run = await dispatch('manual', budgetSeconds);
    const { waitForRun } = await import('../../reconciliation/reconcileRuns');
    const { summary } = await waitForRun(run.runId, startedMs + budgetSeconds * 1000);
    // After the shards, so events of this run's own transitions that failed to publish are retried too.
    // Shards still running when the wait ends finish on their own; the run document keeps their counts.
    const events = await drainEvents();
    return { ...summary, runId: run.runId, events };
  },
  { checkRevoked: true },
);

/**
 * One shard: checks its checkouts and adds its counts to the run. Each account it meets gets its own pacer at
 * RECONCILE_GATEWAY_RATE / RECONCILE_SHARDS_AT_ONCE requests per second: with at most that many shards at once,
 * no PointCheckout account sees more than RECONCILE_GATEWAY_RATE from reconciliation. Guarded like a callable (the
 * same envelope): a request that is not one is refused before firebase-functions logs it.
 */
export const reconcileShard = guardCallable(onTaskDispatched(
  {
    secrets: gatewaySecrets,
    timeoutSeconds: SHARD_TIMEOUT_SECONDS,
    // Cloud Tasks runs at most this many shards at once: each paces itself to its share of the budget.
    // Dispatches are only staggered (2/s): the concurrency times each shard's pace is what bounds the gateway rate.
    rateLimits: { maxConcurrentDispatches: RECONCILE_SHARDS_AT_ONCE, maxDispatchesPerSecond: 2 },
    // A shard that failed as a whole (Firestore unavailable) is tried again; each checkout is skipped once checked.
    retryConfig: { maxAttempts: 3, minBackoffSeconds: 5 },
  },
  async (request) => {
    const [{ shardTaskSchema }, { reconcileCheckoutIds, pacedUntil }, { reportShard }, { pacedGatewayFor }, { Pacer }] = await Promise.all([
      import('../../reconciliation/reconcileDispatch'),
      import('../../reconciliation/reconcile'),
      import('../../reconciliation/reconcileRuns'),
      import('../../pointcheckout/fromParams'),
      import('../../util/pacer'),
    ]);
    const parsed = shardTaskSchema.safeParse(request.data);
    if (!parsed.success) {
      // Retrying a malformed task cannot help: log it and let Cloud Tasks drop it.
      const { logger } = await import('firebase-functions');
      logger.error('reconcile: malformed shard task dropped', { issues: parsed.error.issues.length });
      return;
    }
    const task = parsed.data;
    const pace = RECONCILE_GATEWAY_RATE.value() / RECONCILE_SHARDS_AT_ONCE.value();
    const deadlineMs = Date.now() + SHARD_BUDGET_MS;
    // One pacer, and one client that waits on it, per account this shard meets.
    const paced = new Map<string, { pacer: InstanceType<typeof Pacer>; client: ReturnType<typeof pacedGatewayFor> }>();
    const pacedFor = (account: string) => {
      let entry = paced.get(account);
      if (!entry) {
        const pacer = Pacer.perSecond(pace);
        entry = { pacer, client: pacedGatewayFor(account, pacedUntil(pacer, deadlineMs)) };
        paced.set(account, entry);
      }
      return entry;
    };
    const pacerFor = (account: string) => pacedFor(account).pacer;
    const gatewayFor = (account: string) => pacedFor(account).client;
    const summary = await reconcileCheckoutIds(task.ids, gatewayFor, {
      // No more in flight than one second of the pace: more would only queue for slots, and a retry (or the
      // budget's deadline) would wait behind all of them.
      concurrency: Math.max(1, Math.min(RECONCILE_CONCURRENCY.value(), Math.ceil(pace))),
      deadlineMs,
      pacerFor,
      unknownPolicy: { failures: GATEWAY_UNKNOWN_AFTER_FAILURES.value(), minutes: GATEWAY_UNKNOWN_AFTER_MINUTES.value() },
    });
    await reportShard(task.runId, task.index, summary);
  },
));
