/**
 * Refunds made outside this system (PointCheckout's dashboard): the gateway's `totalRefunded` grew and no refund
 * of ours explains it. Every one is written here, and only here, so that whatever else must count it (the day's
 * report) hooks in at one place.
 */
import type { DocumentReference, Timestamp, Transaction } from 'firebase-admin/firestore';
import { formatMinor, type Currency } from '../domain/money';
import { REFUNDS, type RefundGatewayStatus } from './refunds';

export interface OutsideRefund {
  amountMinor: number;
  currency: Currency;
  /** The gateway's refunded total it was observed at: the record's id, so one observation is recorded once. */
  gatewayTotalMinor: number;
  at: Timestamp;
  /** The checkout's tenancy, copied like every refund record's so the report finds the day's refunds by index. */
  branchId: string | null;
  mode: 'test' | 'live' | null;
  account: string;
}

/** The record's id: fixed by the total it was observed at, so repeated settlements cannot record it twice. */
export function outsideRefundId(gatewayTotalMinor: number): string {
  return `gateway-${gatewayTotalMinor}`;
}

/**
 * Records an outside refund inside the caller's transaction: an applied refund record with `source: "gateway"`
 * (no `by`, the time we observed it). The caller's transaction sets the checkout's refund counters from the records.
 */
export function recordOutsideRefund(tx: Transaction, checkout: DocumentReference, refund: OutsideRefund): void {
  tx.set(checkout.collection(REFUNDS).doc(outsideRefundId(refund.gatewayTotalMinor)), {
    amount: formatMinor(refund.amountMinor, refund.currency),
    amountMinor: refund.amountMinor,
    currency: refund.currency,
    note: 'made outside this system (PointCheckout)',
    by: null,
    at: refund.at,
    settledAt: refund.at,
    gatewayStatus: 'APPLIED' satisfies RefundGatewayStatus,
    source: 'gateway',
    confirmedTotalMinor: refund.gatewayTotalMinor,
    branchId: refund.branchId,
    mode: refund.mode,
    account: refund.account,
  });
}
