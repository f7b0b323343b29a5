/**
 * The floors `npm run bench` compares against, measured on the same stack in the same run. A separate codebase,
 * loaded only through firebase.bench.json, so it is never deployed. Two kinds:
 * - bare floors, the physical limit: an HTTPS function and a callable that write one document each;
 * - peer floors, what a typical Firebase payment integration does: a webhook that checks a token, GETs the
 *   checkout at the gateway and writes its status with a plain update; a create callable that POSTs to the
 *   gateway and writes one document.
 * firebase-functions and firebase-admin resolve from the repository's root node_modules.
 */
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { HttpsError, onCall, onRequest } from 'firebase-functions/v2/https';

initializeApp();

/** Webhook floor: writes one field of one document, seen by the same kind of client listener. */
export const benchFloorWrite = onRequest({ invoker: 'public' }, async (req, res) => {
  const body = (req.body ?? {}) as { docId?: unknown; status?: unknown };
  if (typeof body.docId !== 'string' || typeof body.status !== 'string') {
    res.status(400).json({ error: 'docId and status are required' });
    return;
  }
  await getFirestore().collection('checkouts').doc(body.docId).update({ status: body.status });
  res.status(200).json({ received: true });
});

/** createQrCheckout floor: a callable that writes one document. */
export const benchFloorCallable = onCall(async (request) => {
  const ref = getFirestore().collection('benchFloor').doc();
  await ref.set({ by: request.auth?.uid ?? null, data: request.data ?? null, at: Date.now() });
  return { id: ref.id };
});

// ---- Peer floors: what the well-known Firebase payment integrations do, against the same simulator ----------

/** The local stack's simulator and its (non-secret, simulator-only) credentials, from the stack's environment. */
function simulator() {
  const base = `${process.env.POINTCHECKOUT_SIMULATOR_URL ?? 'http://127.0.0.1:8089'}/mer/v2.0`;
  const headers = {
    'content-type': 'application/json',
    'X-PointCheckout-Api-Key': process.env.POINTCHECKOUT_API_KEY ?? '',
    'X-PointCheckout-Api-Secret': process.env.POINTCHECKOUT_API_SECRET ?? '',
  };
  return { base, headers };
}

/**
 * Peer webhook: checks the token, GETs the checkout at the gateway (never trusting the body's status) and writes
 * the status with a plain update. No state machine, no transaction, no event history, no signature check.
 */
export const benchPeerWebhook = onRequest({ invoker: 'public' }, async (req, res) => {
  if (req.query.token !== process.env.POINTCHECKOUT_WEBHOOK_TOKEN) {
    res.status(401).json({ error: 'bad token' });
    return;
  }
  const body = (req.body ?? {}) as { id?: unknown; requestId?: unknown };
  if (typeof body.id !== 'string' || typeof body.requestId !== 'string') {
    res.status(400).json({ error: 'id and requestId are required' });
    return;
  }
  const { base, headers } = simulator();
  const answer = await fetch(`${base}/checkout/${encodeURIComponent(body.id)}`, { headers });
  const envelope = (await answer.json()) as { success?: boolean; result?: { status?: string } };
  if (!answer.ok || !envelope.success || typeof envelope.result?.status !== 'string') {
    res.status(503).json({ error: 'gateway' });
    return;
  }
  await getFirestore().collection('checkouts').doc(body.requestId).update({ status: envelope.result.status });
  res.status(200).json({ received: true });
});

/** Peer create: POSTs the QR checkout to the gateway and writes one document. No idempotency, no order lock. */
export const benchPeerCreate = onCall(async (request) => {
  const data = (request.data ?? {}) as { orderId?: unknown; amount?: unknown; currency?: unknown; qrSize?: unknown };
  const ref = getFirestore().collection('benchPeer').doc();
  const { base, headers } = simulator();
  const answer = await fetch(`${base}/checkout/qr`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      requestId: ref.id,
      orderId: String(data.orderId),
      amount: Number(data.amount),
      currency: String(data.currency),
      qrSize: Number(data.qrSize ?? 300),
      expiresIn: 30,
    }),
  });
  const envelope = (await answer.json()) as { success?: boolean; result?: Record<string, unknown> };
  if (!answer.ok || !envelope.success || !envelope.result) throw new HttpsError('unavailable', 'gateway refused the checkout');
  const result = envelope.result;
  await ref.set({
    orderId: String(data.orderId),
    amount: String(data.amount),
    currency: String(data.currency),
    status: String(result.status),
    gatewayId: String(result.id),
    checkoutUrl: String(result.redirectUrl),
    qrImage: String(result.base64QR),
    createdBy: request.auth?.uid ?? null,
    createdAt: Date.now(),
  });
  return { checkoutId: ref.id, status: result.status, qrImage: result.base64QR, checkoutUrl: result.redirectUrl };
});
