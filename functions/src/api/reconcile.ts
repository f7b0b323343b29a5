/** Scheduled `reconcileCheckouts` (every 5 minutes) and callable `reconcileNow` (manager): the same job. */
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { gatewaySecrets, RECONCILE_AFTER_MINUTES } from '../config';
import { validatedOnCall } from './callable';

// Loaded on the first run, not at cold start (see callable.ts).
async function run() {
  const [{ reconcileCheckouts: reconcileJob }, { gatewayFromParams }] = await Promise.all([
    import('../checkouts/reconcile'),
    import('../pointcheckout/fromParams'),
  ]);
  return reconcileJob(gatewayFromParams(), { staleAfterMinutes: RECONCILE_AFTER_MINUTES.value() });
}

export const reconcileCheckouts = onSchedule(
  { schedule: 'every 5 minutes', secrets: gatewaySecrets, timeoutSeconds: 540, retryCount: 0 },
  async () => {
    await run();
  },
);

export const reconcileNow = validatedOnCall(
  'reconcileNow',
  async () => (await import('../checkouts/schemas')).reconcileNowInputSchema,
  { secrets: gatewaySecrets, timeoutSeconds: 300 },
  async (caller) => {
    const { assertRole } = await import('../auth/caller');
    assertRole(caller, ['manager'], 'run a reconciliation');
    return run();
  },
);
