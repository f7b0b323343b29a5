/**
 * Seeds checkouts for the bench without going through createQrCheckout: real checkouts at the simulator's API
 * (in parallel, bounded), documents written with the Admin SDK in batches. Same document shape as
 * createQrCheckout stores (the events subcollection is left out: nothing the bench measures reads it).
 */
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, sim } from '../test/emulators/harness';
import { pool } from './stats';

export interface Seeded {
  checkoutId: string;
  gatewayId: string;
}

export interface SeedOptions {
  prefix: string;
  createdBy: string;
  /** Both default to now; reconciliation needs them in the past. */
  updatedAt?: Timestamp;
  expiresAt?: (index: number) => Timestamp;
  /** false: a placeholder gateway block, for floor documents that never reach the gateway. */
  atGateway?: boolean;
}

const BATCH = 400;

function documentOf(checkoutId: string, gateway: Record<string, unknown>, options: SeedOptions, index: number) {
  const now = Timestamp.now();
  const updatedAt = options.updatedAt ?? now;
  return {
    orderId: String(gateway.orderId ?? `ORD-${checkoutId}`),
    description: null,
    amount: '12.50',
    amountMinor: 1250,
    currency: 'AED',
    status: 'PENDING',
    qrImage: String(gateway.base64QR ?? ''),
    checkoutUrl: String(gateway.redirectUrl ?? 'http://127.0.0.1/none'),
    expiresAt: options.expiresAt?.(index) ?? Timestamp.fromMillis(Date.now() + 86_400_000),
    createdBy: options.createdBy,
    createdAt: updatedAt,
    updatedAt,
    // Due for reconciliation from the moment it is seeded (a seeded checkout stands for an idle one).
    nextCheckAt: updatedAt,
    totalRefunded: '0.00',
    totalRefundedMinor: 0,
    refundReservedMinor: 0,
    version: 1,
    gateway: {
      id: String(gateway.id ?? `floor-${checkoutId}`),
      displayId: (gateway.displayId as string | undefined) ?? null,
      checkoutKey: String(gateway.checkoutKey ?? 'none'),
      requestId: checkoutId,
      firebaseDatabase: (gateway.firebaseDatabase as string | undefined) ?? null,
      firebaseCollection: (gateway.firebaseCollection as string | undefined) ?? null,
      firebaseDocument: (gateway.firebaseDocument as string | undefined) ?? null,
    },
  };
}

async function createAtGateway(checkoutId: string): Promise<Record<string, unknown>> {
  const res = await sim.api('POST', '/checkout/qr', {
    requestId: checkoutId,
    orderId: `ORD-${checkoutId}`,
    currency: 'AED',
    amount: 12.5,
    qrSize: 64,
    expiresIn: 1440,
  });
  if (res.status !== 200 || !res.body?.success) throw new Error(`simulator create failed: ${JSON.stringify(res.body)}`);
  return res.body.result as Record<string, unknown>;
}

export async function seedCheckouts(count: number, options: SeedOptions): Promise<Seeded[]> {
  const ids = Array.from({ length: count }, (_, i) => `${options.prefix}-${i}`);
  const seeded: Seeded[] = [];
  for (let start = 0; start < count; start += BATCH * 4) {
    const chunk = ids.slice(start, start + BATCH * 4);
    const gateways = await pool(chunk, 24, (id) => (options.atGateway === false ? Promise.resolve({}) : createAtGateway(id)));
    const writes: Promise<unknown>[] = [];
    for (let b = 0; b < chunk.length; b += BATCH) {
      const batch = adminDb.batch();
      for (let i = b; i < Math.min(b + BATCH, chunk.length); i += 1) {
        const checkoutId = chunk[i] as string;
        const gateway = gateways[i] as Record<string, unknown>;
        batch.create(adminDb.doc(`checkouts/${checkoutId}`), documentOf(checkoutId, gateway, options, start + i));
        seeded.push({ checkoutId, gatewayId: String(gateway.id ?? `floor-${checkoutId}`) });
      }
      writes.push(batch.commit());
    }
    await Promise.all(writes);
  }
  return seeded;
}

/** Clears the Firestore emulator (between reconciliation sizes, so each run sees exactly its own set). */
export async function clearFirestore(projectId: string): Promise<void> {
  const host = process.env.FIRESTORE_EMULATOR_HOST ?? '127.0.0.1:8080';
  const res = await fetch(`http://${host}/emulator/v1/projects/${projectId}/databases/(default)/documents`, { method: 'DELETE' });
  if (!res.ok) throw new Error(`clearing the Firestore emulator failed: HTTP ${res.status}`);
}

export async function simStats(): Promise<Record<string, number>> {
  const res = await fetch(`${process.env.POINTCHECKOUT_SIMULATOR_URL ?? ''}/_sim/stats`);
  return (await res.json()) as Record<string, number>;
}
