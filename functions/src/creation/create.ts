/**
 * createQrCheckout's service: claim (and the order) → PointCheckout POST /checkout/qr → store with its first
 * event. Idempotent per (caller, idempotencyKey): the checkout id derives from both and is the gateway's
 * requestId, so retries and concurrent calls end in one gateway checkout and one document. At most one open
 * checkout per order, whatever the key (orderLock.ts).
 */
import { canAccess, type Caller } from '../access/caller';
import { logs } from '../logs';
import { DEFAULT_ACCOUNT } from '../accounts';
import type { GatewayFor } from '../pointcheckout/fromParams';
import { GatewayRejectedError } from '../pointcheckout/errors';
import type { WireCheckout } from '../pointcheckout/wire';
import { findChargedCheckoutForOrder, orderKeyFor } from '../orders/orderLock';
import { orderSpaceOf } from '../orders/orderSpace';
import { dropClaim, markClaimRetryable, type ClaimRequest } from './claims';
import { matchesRequest, storeFromGateway } from './createRecovery';
import { branchForCreate } from '../access/branches';
import { CheckoutError } from '../shared/errors';
import { toWireAmount } from '../domain/money';
import type { StoredCheckout } from '../store/repository';
import type { CreateQrCheckoutOutput, ParsedCreateQrCheckoutInput } from '../domain/schemas';
import { checkoutIdFor, minorOf, payloadHashOf, zeroOrMinor } from './createInput';
import { outputOf, settleWithoutCreating, takeClaim } from './createAnswer';
import { claimFirst, storeFirst } from './firstCreate';
import { failCreate, recoverRefusedCreate } from './createFailure';

export { checkoutIdFor, payloadHashOf } from './createInput';

export interface CreateDeps {
  gatewayFor: GatewayFor;
  modeOf: (accountId: string) => 'test' | 'live';
  /** Minutes before reconciliation first asks about the new checkout (param RECONCILE_AFTER_MINUTES). */
  firstCheckMinutes?: number;
  /** Order ids are one space across branches (param ORDER_IDS_MERCHANT_WIDE); still per account and mode. */
  ordersMerchantWide?: boolean;
}

export async function createQrCheckout(
  caller: Caller,
  input: ParsedCreateQrCheckoutInput,
  deps: CreateDeps,
): Promise<CreateQrCheckoutOutput> {
  const currency = input.currency;
  const amountMinor = minorOf(input.amount, currency);
  const payloadHash = payloadHashOf(input, amountMinor);
  const checkoutId = checkoutIdFor(caller.uid, input.idempotencyKey);
  const branch = await branchForCreate(caller, input.branchId);
  // The branch's account now; the checkout keeps it for good, whatever the branch switches to later.
  const account = branch?.account ?? DEFAULT_ACCOUNT;
  const gateway = deps.gatewayFor(account);
  const request: ClaimRequest = {
    orderId: input.orderId,
    amountMinor,
    currency,
    description: input.description ?? null,
    expiresInMinutes: input.expiresInMinutes,
    qrSize: input.qrSize ?? null,
    branchId: branch?.id ?? null,
    deviceReference: input.deviceReference ?? null,
    account,
    mode: deps.modeOf(account),
  };

  // The older-checkouts check does not depend on the claim: run both at once (one Firestore round trip less).
  const merchantWide = deps.ordersMerchantWide ?? false;
  const orderKey = orderKeyFor(request, merchantWide);
  const chargedLookup = findChargedCheckoutForOrder(input.orderId, orderSpaceOf(request, merchantWide), merchantWide);
  chargedLookup.catch(() => undefined); // awaited below unless the claim fails first
  // The first call for a key and an order takes both in one batch; anything else is decided in the transaction.
  const first = await claimFirst(checkoutId, caller, payloadHash, request, merchantWide);
  const decision = first ? { kind: 'proceed' as const, holder: first.holder } : await takeClaim(checkoutId, caller, payloadHash, request, merchantWide);
  if (decision.kind !== 'proceed') return settleWithoutCreating(decision, checkoutId, input.orderId, gateway);
  const { holder } = decision;

  const charged = await chargedLookup;
  if (charged) {
    await dropClaim(checkoutId, holder, orderKey);
    const visible = canAccess(caller, charged.data);
    return settleWithoutCreating({ kind: 'order-charged', checkoutId: charged.id, status: charged.data.status, visible }, checkoutId, input.orderId, gateway);
  }

  let wire: WireCheckout & { base64QR?: string };
  try {
    wire = await gateway.createQrCheckout({
      requestId: checkoutId,
      orderId: input.orderId,
      currency,
      amount: toWireAmount(amountMinor, currency),
      description: input.description,
      qrSize: input.qrSize,
      expiresIn: input.expiresInMinutes,
      // The caller's uid is not the merchant's device: send a device reference only when the app gives one.
      deviceReference: input.deviceReference,
      branchId: branch?.pointcheckoutBranchId ?? undefined,
      language: input.language,
      items: input.items?.map((item) => ({
        name: item.name,
        sku: item.sku,
        quantity: item.quantity,
        unitprice: item.unitPrice === undefined ? undefined : toWireAmount(zeroOrMinor(item.unitPrice, currency), currency),
        linetotal: toWireAmount(zeroOrMinor(item.lineTotal, currency), currency),
      })),
      customer: input.customer,
    });
  } catch (error) {
    if (!(error instanceof GatewayRejectedError)) return failCreate(error, checkoutId, holder);
    let recovered: WireCheckout | null;
    try {
      recovered = await recoverRefusedCreate(checkoutId, request, gateway);
    } catch (searchError) {
      if (searchError instanceof CheckoutError) await markClaimRetryable(checkoutId, holder).catch(() => undefined);
      if (searchError instanceof CheckoutError) throw searchError;
      return failCreate(searchError, checkoutId, holder);
    }
    if (!recovered) {
      await dropClaim(checkoutId, holder, orderKey);
      logs.createRefused(checkoutId, error.message);
      throw new CheckoutError('failed-precondition', `PointCheckout refused the checkout: ${error.message}`);
    }
    wire = recovered;
  }

  if (wire.requestId !== checkoutId || !matchesRequest(wire, request)) {
    await markClaimRetryable(checkoutId, holder);
    logs.gatewayMismatch(checkoutId, 'create');
    throw new CheckoutError('unavailable', 'PointCheckout answered with a different checkout than requested; nothing was stored. Try again.');
  }

  let stored: StoredCheckout;
  try {
    const options = { firstCheckMinutes: deps.firstCheckMinutes };
    // One batch, answered from what it wrote; the transaction (and a read back) only when that does not apply.
    stored = (await storeFirst(checkoutId, wire, request, caller.uid, options)) ?? (await storeFromGateway(checkoutId, wire, request, caller.uid, options));
  } catch (error) {
    await markClaimRetryable(checkoutId, holder).catch(() => undefined);
    logs.unexpected('storeCreatedCheckout', error);
    throw new CheckoutError('unavailable', 'The checkout could not be saved. Try again with the same idempotencyKey.');
  }
  logs.checkoutCreated(checkoutId, wire.id, input.orderId, stored.data.amount, currency);
  return outputOf(stored);
}
