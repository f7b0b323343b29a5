/**
 * HTTPS function `pointcheckoutWebhook`: PointCheckout POSTs here when a checkout changes.
 * 405 for other methods, 401 without the right token (header or query), 413 for an oversized body, 400 without a usable id,
 * 200 when handled (or irrelevant) and for PointCheckout's test call, 503 when PointCheckout or Firestore fails
 * transiently, or while the HMAC key secret is empty (a configuration error, logged loudly; `none` is the only
 * opt-out). The last delivery and the last rejection of each account are noted in webhookHealth/{account}.
 */
import { onRequest, type Request } from 'firebase-functions/v2/https';
import type { Response } from 'express';
import { ACCOUNT_ID_PATTERN, DEFAULT_ACCOUNT, secretsOf } from '../../accounts';
import { gatewaySecrets, WEBHOOK_SIGNATURE_HEADER, webhookSecrets } from '../../config';
import { logs } from '../../logs';
import { GatewayAuthError, GatewayUnavailableError } from '../../pointcheckout/errors';
import { MAX_WEBHOOK_BODY_BYTES } from '../../webhook/limits';
import { signatureValid } from '../../webhook/signature';
import { secretsMatch } from '../../webhook/token';
import { isTransientFirestoreError } from '../errors';

function reply(res: Response, status: number, body: Record<string, unknown>): void {
  res.status(status).json(body);
}

/** Logs a rejection and, for a configured account, notes it in webhookHealth/{account} (bounded wait). */
async function rejected(account: string | undefined, reason: string, status: number): Promise<void> {
  logs.webhookRejected(reason, status);
  if (!account) return;
  const { recordWebhookHealthBounded } = await import('../../webhook/health');
  await recordWebhookHealthBounded(account, { kind: 'rejected', reason, httpStatus: status });
}

/** Notes a delivery's outcome without making the delivery wait for it (best-effort, throttled). */
function delivered(account: string, outcome: string, httpStatus: number): void {
  void import('../../webhook/health')
    .then(({ recordWebhookHealth }) => recordWebhookHealth(account, { kind: 'delivery', outcome, httpStatus }))
    .catch(() => undefined);
}

/**
 * The webhook token, from a header when the caller can send one (`X-Webhook-Token`, or `Authorization: Bearer`),
 * else from the `token` query parameter. PointCheckout registers only an address, so it can only use the query
 * form, which request logs record: the HMAC signature is what really authenticates a delivery. Never logged.
 */
function presentedToken(req: Request): unknown {
  const header = req.get('x-webhook-token');
  if (header) return header;
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  if (bearer) return bearer[1];
  return req.query.token;
}

export async function webhookHandler(req: Request, res: Response): Promise<void> {
  if (req.method !== 'POST') {
    res.set('Allow', 'POST');
    return reply(res, 405, { error: 'Use POST' });
  }
  // Each PointCheckout account registers its own address (`?account=<id>`), with its own token and HMAC key.
  const account = typeof req.query.account === 'string' ? req.query.account : DEFAULT_ACCOUNT;
  const secrets = ACCOUNT_ID_PATTERN.test(account) ? secretsOf(account) : undefined;
  if (!secrets || !secretsMatch(presentedToken(req), secrets.webhookToken.value())) {
    // Only a configured account gets a health record: an unknown one must not create documents.
    await rejected(secrets ? account : undefined, 'bad token', 401);
    return reply(res, 401, { error: 'Unauthorized' });
  }
  const raw = req.rawBody ?? Buffer.alloc(0);
  if (raw.length > MAX_WEBHOOK_BODY_BYTES) {
    await rejected(account, 'body too large', 413);
    return reply(res, 413, { error: 'Body too large' });
  }
  const hmacKey = secrets.webhookHmacKey.value().trim();
  if (!hmacKey) {
    // A misconfiguration is not the sender's fault: 503 makes PointCheckout retry, so once the key is set no
    // delivery is lost (reconciliation catches up meanwhile). Only `none` turns the signature check off.
    logs.webhookHmacKeyMissing(account);
    return reply(res, 503, { error: 'Webhook not configured; retry later' });
  }
  if (hmacKey !== 'none' && !signatureValid(raw, req.get(WEBHOOK_SIGNATURE_HEADER.value()), hmacKey)) {
    await rejected(account, 'bad signature', 401);
    return reply(res, 401, { error: 'Unauthorized' });
  }
  // Loaded on the first delivery, not at cold start (see callable.ts).
  const [{ parseWebhookIds, isTestCall }, { handleWebhookIds }, { gatewayFor }] = await Promise.all([
    import('../../webhook/parse'),
    import('../../webhook/handle'),
    import('../../pointcheckout/fromParams'),
  ]);
  const ids = parseWebhookIds(req.get('content-type'), raw);
  if (!ids && isTestCall(req.get('content-type'), raw)) {
    // PointCheckout's test call: authenticated, nothing to apply. Awaited: the go-live check looks for it.
    const { recordWebhookHealth } = await import('../../webhook/health');
    await recordWebhookHealth(account, { kind: 'delivery', outcome: 'test', httpStatus: 200 });
    return reply(res, 200, { received: true, outcome: 'test' });
  }
  if (!ids) {
    await rejected(account, 'no checkout id in body', 400);
    return reply(res, 400, { error: 'The body carries no checkout id or requestId' });
  }
  try {
    const result = await handleWebhookIds(ids, account, gatewayFor);
    delivered(account, result.outcome, result.httpStatus);
    return reply(res, result.httpStatus, { received: true, outcome: result.outcome });
  } catch (error) {
    if (error instanceof GatewayUnavailableError) {
      logs.gatewayUnavailable('webhook', ids.requestId ?? ids.gatewayId, error.detail);
      delivered(account, 'gateway-unavailable', 503);
      return reply(res, 503, { error: 'PointCheckout unavailable; retry later' });
    }
    if (error instanceof GatewayAuthError) {
      logs.gatewayAuthFailed('webhook');
      delivered(account, 'gateway-credentials-refused', 503);
      return reply(res, 503, { error: 'Gateway credentials refused; retry later' });
    }
    if (isTransientFirestoreError(error)) return reply(res, 503, { error: 'Database busy; retry later' });
    logs.unexpected('webhook', error);
    delivered(account, 'internal-error', 500);
    // Unknown failures are answered 500 so that PointCheckout retries rather than the event being lost.
    return reply(res, 500, { error: 'Internal error' });
  }
}

export const pointcheckoutWebhook = onRequest(
  { secrets: [...gatewaySecrets, ...webhookSecrets], invoker: 'public' },
  webhookHandler,
);
