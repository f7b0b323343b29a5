/**
 * The report's reconciliation line: the day's checkouts as we hold them against PointCheckout's own search for
 * the same period (GET /checkout?afterTimestamp=…, page by page, per account), naming every checkout that differs.
 * One mode at a time (its accounts only). Slower than the report itself (it reads every checkout of the day and pages through the gateway), so it runs
 * only when asked for.
 */
import type { GatewayFor } from '../pointcheckout/fromParams';
import type { WireCheckout } from '../pointcheckout/wire';
import { fromWireAmount, formatMinor, type Currency } from '../domain/money';
import type { StoredCheckout } from '../store/repository';
import { checkoutsCreatedBetween } from './dayCheckouts';
import { gatewayTimestamp } from './dayRange';
import { ACCOUNTS } from '../accounts';
import { modeOf, type ReportMode } from '../transition/aggregates';

const PAGE_SIZE = 100;
const MAX_PAGES = 2000;

export interface Difference {
  checkoutId: string | null;
  gatewayId: string | null;
  field: 'missing-at-gateway' | 'missing-here' | 'status' | 'amount' | 'totalRefunded';
  ours: string | null;
  gateway: string | null;
}

export interface Reconciliation {
  compared: number;
  matching: number;
  differences: Difference[];
  /** Counts by status as PointCheckout reports them for the same checkouts and period. */
  gatewayByStatus: Record<string, number>;
}

async function gatewayDay(gateway: ReturnType<GatewayFor>, startMs: number, endMs: number): Promise<WireCheckout[]> {
  const found: WireCheckout[] = [];
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await gateway.searchCheckoutsPage({ afterTimestamp: gatewayTimestamp(startMs - 1000), page: String(page), size: String(PAGE_SIZE) });
    for (const checkout of result.content) {
      const at = checkout.timestamp ? Date.parse(checkout.timestamp) : Number.NaN;
      if (Number.isNaN(at) || (at >= startMs && at < endMs)) found.push(checkout);
    }
    if (result.content.length < PAGE_SIZE) break;
  }
  return found;
}

/** Our EXPIRED is a checkout we cancelled at the gateway at its expiry: the gateway says CANCELLED. */
function sameStatus(ours: string, theirs: string): boolean {
  return ours === theirs || (ours === 'EXPIRED' && theirs === 'CANCELLED');
}

export async function compareWithGateway(
  startMs: number,
  endMs: number,
  branchIds: readonly string[] | null,
  gatewayFor: GatewayFor,
  mode: ReportMode = 'live',
): Promise<Reconciliation> {
  const ours: StoredCheckout[] = [];
  for await (const page of checkoutsCreatedBetween(startMs, endMs, branchIds, mode)) ours.push(...page);
  const accounts = new Set(ours.map((c) => c.data.account));
  // Over every branch, also the mode's accounts with nothing of ours that day (what we do not hold shows).
  if (branchIds === null) for (const spec of ACCOUNTS) if (modeOf(null, spec.id) === mode) accounts.add(spec.id);
  const theirs = new Map<string, WireCheckout>();
  for (const account of accounts) {
    for (const checkout of await gatewayDay(gatewayFor(account), startMs, endMs)) theirs.set(`${account}/${checkout.requestId}`, checkout);
  }
  const result: Reconciliation = { compared: 0, matching: 0, differences: [], gatewayByStatus: {} };
  for (const checkout of ours) {
    result.compared += 1;
    const key = `${checkout.data.account}/${checkout.data.gateway.requestId}`;
    const wire = theirs.get(key);
    theirs.delete(key);
    const currency = checkout.data.currency as Currency;
    const base = { checkoutId: checkout.id, gatewayId: checkout.data.gateway.id };
    if (!wire) {
      result.differences.push({ ...base, field: 'missing-at-gateway', ours: checkout.data.status, gateway: null });
      continue;
    }
    result.gatewayByStatus[wire.status] = (result.gatewayByStatus[wire.status] ?? 0) + 1;
    const before = result.differences.length;
    if (!sameStatus(checkout.data.status, wire.status)) result.differences.push({ ...base, field: 'status', ours: checkout.data.status, gateway: wire.status });
    if (fromWireAmount(wire.amount, currency) !== checkout.data.amountMinor) {
      result.differences.push({ ...base, field: 'amount', ours: checkout.data.amount, gateway: String(wire.amount) });
    }
    const refunded = wire.totalRefunded == null ? 0 : fromWireAmount(wire.totalRefunded, currency);
    if (refunded !== checkout.data.totalRefundedMinor) {
      result.differences.push({ ...base, field: 'totalRefunded', ours: checkout.data.totalRefunded, gateway: refunded === null ? String(wire.totalRefunded) : formatMinor(refunded, currency) });
    }
    if (result.differences.length === before) result.matching += 1;
  }
  // The gateway's checkouts of the day that we do not hold (only for a report over every branch).
  if (branchIds === null) {
    for (const wire of theirs.values()) result.differences.push({ checkoutId: null, gatewayId: wire.id, field: 'missing-here', ours: null, gateway: wire.status });
  }
  return result;
}
