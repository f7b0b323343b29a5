/**
 * Turning a checkout that PointCheckout made into our document, whether its create answered or not:
 * - the create answered: store it as it came;
 * - the create's answer was lost and the retry was refused as a duplicate `requestId` (PointCheckout documents
 *   nothing kinder): find it with a search by requestId and store that;
 * - the create was abandoned (nobody came back for it): adopt it the same way, or drop the claim when the
 *   gateway never made it.
 * The status and expiry are always the gateway's (its creation time + the minutes we asked for), never a fresh
 * PENDING: a retry must not hand out a dead QR as payable.
 */
import { getFirestore, Timestamp } from 'firebase-admin/firestore';
import { logs } from '../logs';
import { DEFAULT_ACCOUNT } from '../accounts';
import type { PointCheckoutClient } from '../pointcheckout/client';
import type { GatewayFor } from '../pointcheckout/fromParams';
import type { WireCheckout } from '../pointcheckout/wire';
import { orderMovedOn, settleAdoptedConflict } from './adoptConflict';
import { claimOrderKey, claimRef, releaseClaim, type ClaimData, type ClaimRequest } from './claims';
import type { CheckoutDocument } from '../store/document';
import { formatMinor, fromWireAmount, type Currency } from '../domain/money';
import { observationFromWire } from '../transition/observation';
import { orderKeyFor } from '../orders/orderLock';
import { persistently } from '../store/persist';
import { firstCheckAtMs } from '../domain/schedule';
import { applyObservation, storeCreatedCheckout } from '../transition/apply';
import { getCheckout, type StoredCheckout } from '../store/repository';

/** Minutes before reconciliation first asks about a new checkout (webhooks usually come first). */
export const DEFAULT_FIRST_CHECK_MINUTES = 10;

/** PointCheckout's default QR size, used when we render a QR for a checkout whose image we never received. */
const DEFAULT_QR_SIZE = 300;

/** The gateway's checkout for our requestId, if it made one (a search; GET /checkout needs its id). */
export async function findAtGateway(gateway: PointCheckoutClient, requestId: string): Promise<WireCheckout | null> {
  const found = await gateway.searchCheckouts({ requestId });
  return found.find((checkout) => checkout.requestId === requestId) ?? null;
}

/** Whether the gateway's checkout is the one we asked for (same order, amount, currency). */
export function matchesRequest(wire: WireCheckout, request: ClaimRequest): boolean {
  return (
    wire.orderId === request.orderId &&
    wire.currency === request.currency &&
    fromWireAmount(wire.amount, request.currency as Currency) === request.amountMinor
  );
}

/**
 * Get and search answers carry no `base64QR`. The QR's text is the payment page's URL (`redirectUrl`, per the
 * QR docs), so we render the same QR ourselves.
 */
export async function renderQr(url: string, size: number | null): Promise<string> {
  const { toBuffer } = await import('qrcode');
  const png = await toBuffer(url, { type: 'png', width: size ?? DEFAULT_QR_SIZE, margin: 2, errorCorrectionLevel: 'M' });
  return png.toString('base64');
}

/**
 * When the gateway made the checkout (its `timestamp`); without one, `fallbackMs` (the claim's creation, for an
 * adopted create) or now. A gateway clock ahead of ours must not push expiry later than what we asked for.
 */
export function gatewayCreatedAtMs(wire: WireCheckout, nowMs: number, fallbackMs = nowMs): number {
  const parsed = wire.timestamp ? Date.parse(wire.timestamp) : Number.NaN;
  return Math.min(Number.isNaN(parsed) ? fallbackMs : parsed, nowMs);
}

/**
 * Our document for a checkout the gateway made; status PENDING, as every checkout starts. `createdAt` is the
 * gateway's creation time, also for one recovered or adopted long after: the order's mirror and the day's report
 * place it where it was made, never at the moment we found it.
 */
export function documentFromWire(
  wire: WireCheckout & { base64QR?: string },
  request: ClaimRequest,
  createdBy: string,
  qrImage: string,
  nowMs: number,
  options: { firstCheckMinutes?: number; claimCreatedAtMs?: number; supersededBy?: string; duplicatePayment?: boolean } = {},
): CheckoutDocument {
  const { firstCheckMinutes = DEFAULT_FIRST_CHECK_MINUTES } = options;
  const currency = request.currency as Currency;
  const createdAtMs = gatewayCreatedAtMs(wire, nowMs, options.claimCreatedAtMs);
  const createdAt = Timestamp.fromMillis(createdAtMs);
  const expiresAtMs = createdAtMs + request.expiresInMinutes * 60_000;
  return {
    orderId: request.orderId,
    description: request.description,
    amount: formatMinor(request.amountMinor, currency),
    amountMinor: request.amountMinor,
    currency,
    status: 'PENDING',
    qrImage,
    checkoutUrl: wire.redirectUrl ?? '',
    expiresAt: Timestamp.fromMillis(expiresAtMs),
    createdBy,
    branchId: request.branchId ?? null,
    deviceReference: request.deviceReference ?? null,
    account: request.account ?? DEFAULT_ACCOUNT,
    mode: request.mode ?? null,
    createdAt,
    updatedAt: Timestamp.fromMillis(nowMs),
    totalRefunded: formatMinor(0, currency),
    totalRefundedMinor: 0,
    refundReservedMinor: 0,
    refundsPending: 0,
    version: 1,
    ...(options.supersededBy ? { supersededBy: options.supersededBy } : {}),
    ...(options.duplicatePayment ? { duplicatePayment: true } : {}),
    nextCheckAt: Timestamp.fromMillis(firstCheckAtMs(nowMs, expiresAtMs, firstCheckMinutes)),
    gateway: {
      id: wire.id,
      displayId: wire.displayId ?? null,
      checkoutKey: wire.checkoutKey ?? '',
      requestId: wire.requestId,
      firebaseDatabase: wire.firebaseDatabase ?? null,
      firebaseCollection: wire.firebaseCollection ?? null,
      firebaseDocument: wire.firebaseDocument ?? null,
    },
  };
}

/**
 * Stores the gateway's checkout as ours, then brings it to the gateway's status through the state machine
 * (`source: "create"`), so a checkout that was paid, cancelled or expired meanwhile is never shown as payable.
 */
export async function storeFromGateway(
  checkoutId: string,
  wire: WireCheckout & { base64QR?: string },
  request: ClaimRequest,
  createdBy: string,
  options: Parameters<typeof documentFromWire>[5] = {},
): Promise<StoredCheckout> {
  if (!wire.redirectUrl) throw new Error('PointCheckout reported no payment page for the checkout');
  const qrImage = wire.base64QR ?? (await renderQr(wire.redirectUrl, request.qrSize));
  const document = documentFromWire(wire, request, createdBy, qrImage, Date.now(), options);
  await storeCreatedCheckout(checkoutId, document);
  const observation = observationFromWire(wire, {
    requestId: checkoutId,
    currency: document.currency,
    amountMinor: document.amountMinor,
  });
  if (observation.ok && observation.snapshot.status !== 'PENDING') {
    const result = await persistently(() => applyObservation(checkoutId, observation.snapshot, 'create'));
    if (result.outcome === 'applied') logs.transitionApplied(checkoutId, 'create', result.hops);
  } else if (!observation.ok) {
    logs.unknownGatewayStatus(checkoutId, observation.detail);
  }
  return (await getCheckout(checkoutId)) ?? { id: checkoutId, data: document };
}

export type AdoptOutcome = 'adopted' | 'dropped' | 'mismatch' | 'no-request' | 'gone';

/**
 * Resolves a create that never came back (its claim is abandoned): adopt the gateway's checkout when it exists
 * and is what we asked for; drop the claim (and free the order) when the gateway never made it.
 */
export async function adoptAbandonedCreate(checkoutId: string, claim: ClaimData, gatewayFor: GatewayFor): Promise<AdoptOutcome> {
  const request = claim.request;
  if (!request) return 'no-request'; // a claim written before claims kept their request: nothing to adopt from
  const wire = await findAtGateway(gatewayFor(request.account ?? DEFAULT_ACCOUNT), checkoutId);
  if (wire && !matchesRequest(wire, request)) {
    logs.gatewayMismatch(checkoutId, 'adopt');
    return 'mismatch';
  }
  if (wire) {
    const gateway = gatewayFor(request.account ?? DEFAULT_ACCOUNT);
    // The order may have moved on to another checkout while this create was lost: never merged into it.
    // The claim's order document tells its order space: a branch's create that took the branchless key was made
    // with order ids merchant-wide (a branchless create's key is the same either way: read as per branch).
    const orderKey = claimOrderKey(claim, request.orderId);
    const merchantWide = Boolean(request.branchId) && orderKey === orderKeyFor(request, true);
    const other = await orderMovedOn(request, checkoutId, orderKey, merchantWide);
    const settled: Awaited<ReturnType<typeof settleAdoptedConflict>> = other
      ? await settleAdoptedConflict(checkoutId, wire, other, gateway)
      : { wire, duplicatePayment: false };
    await storeFromGateway(checkoutId, settled.wire, request, claim.createdBy, {
      claimCreatedAtMs: claim.createdAt?.toMillis(),
      supersededBy: settled.supersededBy,
      duplicatePayment: settled.duplicatePayment,
    });
    logs.createAdopted(checkoutId, wire.id, settled.wire.status);
    return 'adopted';
  }
  const dropped = await getFirestore().runTransaction(async (tx) => {
    const snap = await tx.get(claimRef(checkoutId));
    const now = snap.data() as ClaimData | undefined;
    // Only the abandoned attempt we looked at: a caller may have resumed it since.
    if (!now || now.holder !== claim.holder || now.state === 'created') return false;
    await releaseClaim(tx, checkoutId, claimOrderKey(now, request.orderId));
    return true;
  });
  if (dropped) logs.createDropped(checkoutId);
  return dropped ? 'dropped' : 'gone';
}
