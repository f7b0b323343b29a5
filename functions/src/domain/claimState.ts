/** The states of a creation claim and what they mean for callers that find one. Pure. */
import type { Timestamp } from 'firebase-admin/firestore';

/** `closed`: an abandoned create reconciliation could never resolve (`closedReason`); nothing is left to do. */
export type ClaimState = 'creating' | 'retryable' | 'created' | 'closed';

/** What was asked of the gateway: enough to adopt the checkout if the create that made it never came back. */
export interface ClaimRequest {
  orderId: string;
  amountMinor: number;
  currency: string;
  description: string | null;
  expiresInMinutes: number;
  qrSize: number | null;
  /** Absent on claims written before branches existed. */
  branchId?: string | null;
  deviceReference?: string | null;
  /** The PointCheckout account asked, and its mode then; absent on claims older than accounts (the default). */
  account?: string;
  mode?: 'test' | 'live';
}

export interface ClaimData {
  createdBy: string;
  payloadHash: string;
  state: ClaimState;
  holder: string;
  leaseExpiresAt: Timestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  request?: ClaimRequest;
  closedReason?: string;
  closedAt?: Timestamp;
  /** The `checkoutOrders` document this claim took; absent on claims older than order spaces. */
  orderKey?: string;
}

/**
 * A create whose outcome stayed unknown this long, with nobody holding its lease, is abandoned: the webhook
 * stops asking PointCheckout to retry and it is resolved from the gateway (adopted, or dropped) instead.
 */
export const ABANDONED_AFTER_MS = 10 * 60_000;

export type CreationState = 'none' | 'created' | 'in-flight' | 'abandoned';

export function creationStateOf(data: ClaimData | undefined, nowMs: number): CreationState {
  if (!data) return 'none';
  if (data.state === 'created') return 'created';
  if (data.state === 'closed') return 'none'; // given up on: it frees the order, and nothing adopts it any more
  if (data.state === 'creating' && data.leaseExpiresAt.toMillis() > nowMs) return 'in-flight';
  return nowMs - data.updatedAt.toMillis() < ABANDONED_AFTER_MS ? 'in-flight' : 'abandoned';
}

