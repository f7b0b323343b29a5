/**
 * The floors `npm run bench` compares against: the least an HTTPS function and a callable can do on the same
 * stack (one Firestore write each). A separate codebase, loaded only through firebase.bench.json, so it is
 * never deployed. firebase-functions and firebase-admin resolve from the repository's root node_modules.
 */
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { onCall, onRequest } from 'firebase-functions/v2/https';

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
