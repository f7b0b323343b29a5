/** Deploy surface: initialise once, set global options, re-export the functions. Nothing else. */
import { getApps, initializeApp } from 'firebase-admin/app';
import { setGlobalOptions } from 'firebase-functions/v2';
import { FUNCTIONS_REGION } from './config';
import { guardConsole } from './util/consoleGuard';

// Before any request: what the framework prints about a request (a refused body) is masked like our own lines.
guardConsole();
// Guarded: a merchant's codebase that re-exports this kit may have initialised the default app already.
if (getApps().length === 0) initializeApp();
setGlobalOptions({ region: FUNCTIONS_REGION, maxInstances: 20 });

export { createQrCheckout } from './api/callables/createQrCheckout';
export { getCheckout } from './api/callables/getCheckout';
export { pointcheckoutWebhook } from './api/triggers/pointcheckoutWebhook';
export { cancelCheckout } from './api/callables/cancelCheckout';
export { refundCheckout } from './api/callables/refundCheckout';
export { reconcileCheckouts, reconcileNow, reconcileShard } from './api/callables/reconcile';
export { upsertBranch } from './api/callables/upsertBranch';
export { dailyReport } from './api/callables/dailyReport';
export { exportCheckouts } from './api/triggers/exportCheckouts';
export { publishCheckoutEvents } from './api/triggers/checkoutEvents';
