/**
 * 4. A delivery that arrives: PointCheckout's test call is made to the registered webhook, and the deployed
 * function is seen to accept it in webhookHealth/{account} (written by the function for its last delivery and
 * its last rejection, with the reason). Without access to the project, the row says where to look in the logs.
 */
import type { CheckContext, HealthRecord } from '../context';
import { goLive, redeploy, setSecret } from '../fixes';
import { GatewayDownError } from '../gateway';
import type { Row } from '../report';

const LOGS = 'npx firebase functions:log --only pointcheckoutWebhook';
/** A rejection this recent, with no news of the test call, is taken as the test call's fate. */
const RECENT_MS = 120_000;

const row = (status: Row['status'], seen: string, fix?: string): Row => ({ check: 'delivery', status, seen, fix });

export async function checkDelivery(ctx: CheckContext): Promise<Row> {
  const { setup } = ctx;
  if (!ctx.webhookId) return row('fail', 'not tried: no enabled webhook points at the function (see the webhook row)', goLive(setup, '--fix'));
  // What the function had noted before the test call: only a change is news (no clock is compared with the function's).
  let before: HealthRecord | null = null;
  try {
    before = ctx.health ? await ctx.health(setup.account) : null;
  } catch {
    // unreadable now: the wait below reports it
  }
  try {
    const answer = await ctx.gateway.request('POST', `webhooks/${encodeURIComponent(ctx.webhookId)}/test`);
    if (!answer.envelope?.success) return row('fail', `Test Webhook was refused: HTTP ${answer.status} ${answer.envelope?.error ?? ''}`.trim(), ctx.rerun);
  } catch (error) {
    if (error instanceof GatewayDownError) return row('fail', error.message, ctx.rerun);
    throw error;
  }
  if (!ctx.health) {
    return row('warn', `asked PointCheckout to send a test call to webhook ${ctx.webhookId}; no access to project ${setup.projectId ?? '(unknown)'} to see it arrive`, `${LOGS} (look for "webhook rejected" with its reason), or gcloud auth application-default login and run the check again`);
  }
  let seen: HealthRecord | null = null;
  const deadline = Date.now() + ctx.deliveryTimeoutMs;
  try {
    while (Date.now() < deadline) {
      seen = await ctx.health(setup.account);
      const tested = seen?.lastTestCall && seen.lastTestCall.atMs !== before?.lastTestCall?.atMs ? seen.lastTestCall : undefined;
      const rejected = seen?.lastRejected && seen.lastRejected.atMs !== before?.lastRejected?.atMs ? seen.lastRejected : undefined;
      // Any rejection during the run is the news, even beside an accepted call: some deliveries would be lost.
      if (rejected) return rejectedRow(ctx, rejected);
      if (tested) return row('pass', `the test call to webhook ${ctx.webhookId} arrived and the function accepted it (HTTP ${tested.httpStatus})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    return row('warn', `test call sent; could not read webhookHealth/${setup.account}: ${error instanceof Error ? error.message : String(error)}`, LOGS);
  }
  const waited = `no record of the test call to webhook ${ctx.webhookId} within ${Math.round(ctx.deliveryTimeoutMs / 1000)} s`;
  const recent = seen?.lastRejected && Date.now() - seen.lastRejected.atMs < RECENT_MS ? seen.lastRejected : undefined;
  // The function notes one rejection per reason a second, so one just before the test call can stand for it.
  if (recent) return rejectedRow(ctx, recent, `${waited}; the function refused a call ${Math.round((Date.now() - recent.atMs) / 1000)} s ago`);
  return row('fail', `${waited}: it did not reach the function`, `${LOGS}; check the function URL (${setup.functionUrl}) is deployed and public`);
}

function rejectedRow(ctx: CheckContext, rejected: NonNullable<HealthRecord['lastRejected']>, what = 'the test call arrived and the function refused it'): Row {
  const { secretNames } = ctx.setup;
  const seen = `${what}: HTTP ${rejected.httpStatus} "${rejected.reason}"`;
  if (rejected.reason === 'bad signature') {
    return row('fail', `${seen}: ${secretNames.hmacKey} is not the key PointCheckout signs with`, `${setSecret(secretNames.hmacKey)} (paste the webhook's hmacKey, or register anew with ${goLive(ctx.setup, '--fix')}) && ${redeploy()}`);
  }
  if (rejected.reason === 'bad token') {
    return row('fail', `${seen}: the address's token is not ${secretNames.webhookToken}`, `${setSecret(secretNames.webhookToken)} && ${redeploy()}`);
  }
  return row('fail', seen, LOGS);
}
