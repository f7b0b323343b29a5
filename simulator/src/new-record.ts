/**
 * Builds the record of a new checkout (QR or link) from its validated create request.
 */
import { formatTimestamp, type CheckoutRecord } from './model';
import type { CreateCheckoutInput } from './validation';

export interface NewRecordIds {
  seq: number;
  id: string;
  displayId: string;
  checkoutKey: string;
  base64QR: string;
  /** Simulated clock, epoch ms. */
  createdAtMs: number;
}

export function newCheckoutRecord(input: CreateCheckoutInput, ids: NewRecordIds, defaultBranch: { id: string; name: string }): CheckoutRecord {
  const { createdAtMs } = ids;
  return {
    ...ids,
    type: input.type,
    requestId: input.requestId,
    orderId: input.orderId,
    description: input.description,
    deviceReference: input.deviceReference,
    currency: input.currency,
    amountMinor: input.amountMinor,
    status: 'PENDING',
    totalRefundedMinor: 0,
    usedPaymentMethod: null,
    qrSize: input.qrSize,
    customer: input.customer,
    billingAddress: input.billingAddress,
    deliveryAddress: input.deliveryAddress,
    items: input.items,
    totals: input.totals,
    allowedPaymentMethods: input.allowedPaymentMethods,
    defaultPaymentMethod: input.defaultPaymentMethod,
    language: input.language,
    // Assumption: any branchId is accepted (the simulator has no branch registry).
    branchId: input.branchId ?? defaultBranch.id,
    branchName: input.branchId ? `Branch ${input.branchId}` : defaultBranch.name,
    expiresAtMs: createdAtMs + input.expiresInMinutes * 60_000,
    timestamp: formatTimestamp(createdAtMs),
    refunds: [],
    history: [{ from: null, to: 'PENDING', source: 'api', at: formatTimestamp(createdAtMs) }],
  };
}
