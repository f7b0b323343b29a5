/** The pure decisions behind money safety: refund settlement, reconciliation scheduling, claim states, accounts file. */
import { expect } from 'chai';
import { Timestamp } from 'firebase-admin/firestore';
import { parseAccountsFile, secretName } from '../../functions/src/accounts';
import { creationStateOf, type ClaimData } from '../../functions/src/domain/claimState';
import { planRefundSettlement, REFUND_SETTLE_AFTER_MS } from '../../functions/src/refunds/refundSettlement';
import { firstCheckAtMs, nextCheckAtMs, REFUND_CHECK_MS, UNKNOWN_RECHECK_MS } from '../../functions/src/domain/schedule';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const MIN = 60_000;

describe('refund settlement from the gateway total', () => {
  const rec = (id: string, amountMinor: number, status: string, agoMs: number, extra: { refundedBeforeMinor?: number; confirmedTotalMinor?: number } = {}) => ({
    id, amountMinor, status: status as never, atMs: NOW - agoMs, ...extra,
  });
  const decided = (applied: string[], released: string[], outsideMinor = 0) => ({ applied, released, outsideMinor, stale: false });

  it('attributes what the gateway took beyond confirmed refunds to unsettled ones, oldest first', () => {
    const plan = planRefundSettlement(5000, [rec('a', 2000, 'REFUNDED', 10 * MIN), rec('b', 1000, 'UNKNOWN', 5 * MIN), rec('c', 2000, 'UNKNOWN', 4 * MIN)], NOW);
    expect(plan).to.deep.equal(decided(['b', 'c'], []));
  });

  it('takes the refunds that add up to what the gateway took, not simply the oldest', () => {
    // Seen in the strict reliability run: 38.00 and 22.00 never reached the gateway, 23.00 did.
    const plan = planRefundSettlement(2300, [rec('a', 3800, 'UNKNOWN', 10 * MIN), rec('b', 2200, 'UNKNOWN', 9 * MIN), rec('c', 2300, 'UNKNOWN', 8 * MIN)], NOW);
    expect(plan).to.deep.equal(decided(['c'], ['a', 'b']));
  });

  it('later settlement falls back to oldest first when no set adds up; the rest is a refund made outside', () => {
    expect(planRefundSettlement(2500, [rec('a', 2000, 'UNKNOWN', 10 * MIN), rec('b', 1000, 'UNKNOWN', 9 * MIN)], NOW)).to.deep.equal(decided(['a'], ['b'], 500));
  });

  it('refundCheckout never applies a refund from that guess: it holds (issue 17, item 1)', () => {
    const plan = planRefundSettlement(2500, [rec('a', 2000, 'UNKNOWN', 10 * MIN), rec('b', 1000, 'UNKNOWN', 9 * MIN)], NOW, { guess: false });
    expect(plan).to.deep.equal(decided([], []));
  });

  it('credits a refund only with growth since it was reserved: a dashboard refund is never taken for ours (item 1)', () => {
    // Paid 100.00; 50.00 refunded in the dashboard and seen (total 50.00); our 30.00 answered 502, never processed.
    const recorded = [rec('outside', 5000, 'APPLIED', 20 * MIN), rec('ours', 3000, 'UNKNOWN', 10 * MIN, { refundedBeforeMinor: 5000 })];
    expect(planRefundSettlement(5000, recorded, NOW)).to.deep.equal(decided([], ['ours']));
    // The same before the dashboard refund had a record: still never ours, and the 50.00 is recorded as made outside.
    const unrecorded = [rec('ours', 3000, 'UNKNOWN', 10 * MIN, { refundedBeforeMinor: 5000 })];
    expect(planRefundSettlement(5000, unrecorded, NOW)).to.deep.equal(decided([], ['ours'], 5000));
    // Without the reserved-at total (records older than it) the fallback takes it, as all of them did before.
    expect(planRefundSettlement(5000, [rec('ours', 3000, 'UNKNOWN', 10 * MIN)], NOW).applied).to.deep.equal(['ours']);
  });

  it('records growth no refund of ours explains as a refund made outside', () => {
    expect(planRefundSettlement(5000, [rec('a', 2000, 'REFUNDED', 10 * MIN)], NOW)).to.deep.equal(decided([], [], 3000));
    expect(planRefundSettlement(5000, [rec('a', 2000, 'REFUNDED', 10 * MIN)], NOW, { guess: false })).to.deep.equal(decided([], [], 3000));
    expect(planRefundSettlement(2000, [rec('a', 2000, 'REFUNDED', 10 * MIN)], NOW)).to.deep.equal(decided([], []));
  });

  it('a total read before a later refund was confirmed decides nothing (item 4)', () => {
    // A (30.00, unknown) was taken: the total read says 30.00. Then B (20.00) is confirmed at 50.00 before we decide.
    const records = [rec('a', 3000, 'UNKNOWN', 10 * MIN), rec('b', 2000, 'REFUNDED', 5 * MIN, { refundedBeforeMinor: 3000, confirmedTotalMinor: 5000 })];
    expect(planRefundSettlement(3000, records, NOW)).to.deep.equal({ applied: [], released: [], outsideMinor: 0, stale: true });
    expect(planRefundSettlement(3000, [rec('a', 3000, 'UNKNOWN', 10 * MIN)], NOW, { heldTotalMinor: 5000 }).stale).to.equal(true);
    expect(planRefundSettlement(5000, records, NOW)).to.deep.equal(decided(['a'], []));
  });

  it('releases what the total cannot account for only once it is out of flight', () => {
    const young = planRefundSettlement(0, [rec('a', 1000, 'UNKNOWN', 10_000)], NOW);
    expect(young).to.deep.equal(decided([], []));
    const old = planRefundSettlement(0, [rec('a', 1000, 'UNKNOWN', REFUND_SETTLE_AFTER_MS)], NOW);
    expect(old).to.deep.equal(decided([], ['a']));
  });

  it('decides nothing while a refund is being sent', () => {
    expect(planRefundSettlement(1000, [rec('a', 1000, 'UNKNOWN', 10 * MIN), rec('b', 500, 'PENDING', 1000)], NOW)).to.deep.equal(decided([], []));
  });

  it('a crashed PENDING record is settled like an unknown one', () => {
    expect(planRefundSettlement(0, [rec('a', 700, 'PENDING', 10 * MIN)], NOW)).to.deep.equal(decided([], ['a']));
  });
});

describe('reconciliation schedule (nextCheckAt)', () => {
  const open = { status: 'PENDING' as const, createdAtMs: NOW - 60 * MIN, expiresAtMs: NOW + 600 * MIN, refundsPending: 0 };

  it('asks about old open checkouts less often than young ones, and right after expiry', () => {
    expect(nextCheckAtMs({ ...open, createdAtMs: NOW - MIN }, NOW)).to.equal(NOW + 2 * MIN);
    expect(nextCheckAtMs(open, NOW)).to.equal(NOW + 30 * MIN);
    expect(nextCheckAtMs({ ...open, createdAtMs: NOW - 1000 * MIN }, NOW)).to.equal(NOW + 60 * MIN);
    expect(nextCheckAtMs({ ...open, expiresAtMs: NOW + 5 * MIN }, NOW)).to.equal(NOW + 6 * MIN);
    expect(firstCheckAtMs(NOW, NOW + 5 * MIN, 10)).to.equal(NOW + 6 * MIN);
  });

  it('keeps asking while a refund is unsettled or a status is unmodelled; stops when nothing is left to learn', () => {
    expect(nextCheckAtMs({ ...open, status: 'PAID', refundsPending: 1 }, NOW)).to.equal(NOW + REFUND_CHECK_MS);
    expect(nextCheckAtMs({ ...open, status: 'PAID', gatewayStatus: 'CHARGEBACK' }, NOW)).to.equal(NOW + 30 * MIN);
    expect(nextCheckAtMs({ ...open, status: 'REFUNDED' }, NOW)).to.equal(null);
  });

  it('asks slowly about a checkout the gateway does not know, until a day past its expiry (item 3)', () => {
    expect(nextCheckAtMs({ ...open, gatewayUnknown: true }, NOW)).to.equal(NOW + UNKNOWN_RECHECK_MS);
    const expired = { ...open, expiresAtMs: NOW - 23 * 60 * MIN, gatewayUnknown: true };
    expect(nextCheckAtMs(expired, NOW)).to.equal(NOW + 60 * MIN);
    expect(nextCheckAtMs({ ...expired, expiresAtMs: NOW - 24 * 60 * MIN }, NOW)).to.equal(null);
  });
});

describe('creation claims', () => {
  const claim = (state: ClaimData['state'], leaseInMs: number, updatedAgoMs: number): ClaimData => ({
    createdBy: 'u', payloadHash: 'h', state, holder: 'x',
    leaseExpiresAt: Timestamp.fromMillis(NOW + leaseInMs), createdAt: Timestamp.fromMillis(NOW - updatedAgoMs), updatedAt: Timestamp.fromMillis(NOW - updatedAgoMs),
  });

  it('is in flight while leased or recently retryable, then abandoned', () => {
    expect(creationStateOf(undefined, NOW)).to.equal('none');
    expect(creationStateOf(claim('created', 0, 0), NOW)).to.equal('created');
    expect(creationStateOf(claim('creating', 1000, 0), NOW)).to.equal('in-flight');
    expect(creationStateOf(claim('retryable', 0, 9 * MIN), NOW)).to.equal('in-flight');
    expect(creationStateOf(claim('retryable', 0, 11 * MIN), NOW)).to.equal('abandoned');
    expect(creationStateOf(claim('creating', -1000, 11 * MIN), NOW)).to.equal('abandoned');
  });
});

describe('accounts file', () => {
  it('reads accounts and names their secrets', () => {
    const accounts = parseAccountsFile(JSON.stringify({ accounts: [{ id: 'uae-live', mode: 'live', baseUrl: 'https://api.paymennt.com/mer/v2.0/' }] }));
    expect(accounts).to.deep.equal([{ id: 'uae-live', mode: 'live', baseUrl: 'https://api.paymennt.com/mer/v2.0/', headerFamily: null }]);
    expect(secretName('POINTCHECKOUT_API_KEY', 'uae-live')).to.equal('POINTCHECKOUT_API_KEY__UAE_LIVE');
    expect(secretName('POINTCHECKOUT_API_KEY', 'default')).to.equal('POINTCHECKOUT_API_KEY');
  });

  it('refuses a bad file with the field it dislikes', () => {
    expect(() => parseAccountsFile('{')).to.throw(/not valid JSON/);
    expect(() => parseAccountsFile('{"accounts":[{"id":"default","mode":"test","baseUrl":"https://x"}]}')).to.throw(/used twice/);
    expect(() => parseAccountsFile('{"accounts":[{"id":"a","mode":"prod","baseUrl":"https://x"}]}')).to.throw(/mode/);
    expect(() => parseAccountsFile('{"accounts":[{"id":"A","mode":"test","baseUrl":"https://x"}]}')).to.throw(/id/);
  });
});
