/** Scheduled `reconcileCheckouts` (every 5 minutes) and callable `reconcileNow` (manager): the same job. */
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { assertRole } from '../auth/caller';
import { reconcileCheckouts as reconcileJob } from '../checkouts/reconcile';
import { reconcileNowInputSchema } from '../checkouts/schemas';
import { gatewaySecrets, RECONCILE_AFTER_MINUTES } from '../config';
import { gatewayFromParams } from '../pointcheckout/fromParams';
import { validatedOnCall } from './callable';

const run = () => reconcileJob(gatewayFromParams(), { staleAfterMinutes: RECONCILE_AFTER_MINUTES.value() });

export const reconcileCheckouts = onSchedule(
  { schedule: 'every 5 minutes', secrets: gatewaySecrets, timeoutSeconds: 240, retryCount: 0 },
  async () => {
    await run();
  },
);

export const reconcileNow = validatedOnCall(
  'reconcileNow',
  reconcileNowInputSchema,
  { secrets: gatewaySecrets, timeoutSeconds: 300 },
  async (caller) => {
    assertRole(caller, ['manager'], 'run a reconciliation');
    return run();
  },
);
