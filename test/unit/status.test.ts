import { expect } from 'chai';
import { readCancelAsExpiry } from '../../functions/src/transition/observation';
import { canTransition, isFinal, pathTo, planTransition } from '../../functions/src/domain/status';

describe('state machine', () => {
  it('allows exactly the documented edges', () => {
    expect(canTransition('PENDING', 'PAID')).to.equal(true);
    expect(canTransition('AUTHORIZED', 'CANCELLED')).to.equal(true);
    expect(canTransition('PAID', 'REFUNDED')).to.equal(true);
    expect(canTransition('PARTIALLY_REFUNDED', 'PARTIALLY_REFUNDED')).to.equal(true);
    expect(canTransition('PAID', 'PENDING')).to.equal(false);
    expect(canTransition('FAILED', 'PAID')).to.equal(false);
    expect(canTransition('REFUNDED', 'PARTIALLY_REFUNDED')).to.equal(false);
    expect(['FAILED', 'CANCELLED', 'EXPIRED', 'REFUNDED'].every((s) => isFinal(s as never))).to.equal(true);
    expect(isFinal('PAID')).to.equal(false);
  });

  it('finds the shortest legal path', () => {
    expect(pathTo('PENDING', 'REFUNDED')).to.deep.equal(['PAID', 'REFUNDED']);
    expect(pathTo('AUTHORIZED', 'PARTIALLY_REFUNDED')).to.deep.equal(['PAID', 'PARTIALLY_REFUNDED']);
    expect(pathTo('PAID', 'PENDING')).to.equal(null);
    expect(pathTo('CANCELLED', 'PAID')).to.equal(null);
  });

  it('applies a forward change as one hop', () => {
    const plan = planTransition({ status: 'PENDING', totalRefundedMinor: 0 }, { status: 'PAID', totalRefundedMinor: 0 });
    expect(plan).to.deep.equal({
      kind: 'apply',
      hops: [{ from: 'PENDING', to: 'PAID', inferred: false }],
      next: { status: 'PAID', totalRefundedMinor: 0 },
    });
  });

  it('fills in a missed intermediate status hop by hop', () => {
    const plan = planTransition({ status: 'PENDING', totalRefundedMinor: 0 }, { status: 'REFUNDED', totalRefundedMinor: 500 });
    expect(plan.kind).to.equal('apply');
    if (plan.kind === 'apply') {
      expect(plan.hops).to.deep.equal([
        { from: 'PENDING', to: 'PAID', inferred: true },
        { from: 'PAID', to: 'REFUNDED', inferred: false },
      ]);
    }
  });

  it('treats duplicates as no-ops and ignores backwards moves', () => {
    expect(planTransition({ status: 'PAID', totalRefundedMinor: 0 }, { status: 'PAID', totalRefundedMinor: 0 }).kind).to.equal('noop');
    expect(planTransition({ status: 'PAID', totalRefundedMinor: 0 }, { status: 'PENDING', totalRefundedMinor: 0 })).to.deep.equal({
      kind: 'ignored',
      reason: 'backwards',
    });
    expect(planTransition({ status: 'EXPIRED', totalRefundedMinor: 0 }, { status: 'PAID', totalRefundedMinor: 0 }).kind).to.equal('ignored');
  });

  it('applies a further partial refund and refuses a shrinking refund total', () => {
    const more = planTransition(
      { status: 'PARTIALLY_REFUNDED', totalRefundedMinor: 100 },
      { status: 'PARTIALLY_REFUNDED', totalRefundedMinor: 300 },
    );
    expect(more.kind).to.equal('apply');
    const same = planTransition(
      { status: 'PARTIALLY_REFUNDED', totalRefundedMinor: 300 },
      { status: 'PARTIALLY_REFUNDED', totalRefundedMinor: 300 },
    );
    expect(same.kind).to.equal('noop');
    const less = planTransition(
      { status: 'PARTIALLY_REFUNDED', totalRefundedMinor: 300 },
      { status: 'REFUNDED', totalRefundedMinor: 100 },
    );
    expect(less).to.deep.equal({ kind: 'ignored', reason: 'refund-total-decreased' });
  });
});

describe('reading a gateway cancellation as an expiry', () => {
  const cancelled = { status: 'CANCELLED' as const, totalRefundedMinor: 0 };
  it('reads CANCELLED as EXPIRED for an open checkout past its expiry, or one already EXPIRED', () => {
    expect(readCancelAsExpiry(cancelled, { status: 'PENDING', expiresAtMs: 1000 }, 1000).status).to.equal('EXPIRED');
    expect(readCancelAsExpiry(cancelled, { status: 'AUTHORIZED', expiresAtMs: 1000 }, 5000).status).to.equal('EXPIRED');
    expect(readCancelAsExpiry(cancelled, { status: 'EXPIRED', expiresAtMs: 1000 }, 0).status).to.equal('EXPIRED');
  });
  it('keeps CANCELLED before the expiry, and every other status as it is', () => {
    expect(readCancelAsExpiry(cancelled, { status: 'PENDING', expiresAtMs: 1000 }, 999).status).to.equal('CANCELLED');
    expect(readCancelAsExpiry(cancelled, { status: 'CANCELLED', expiresAtMs: 1000 }, 5000).status).to.equal('CANCELLED');
    const paid = { status: 'PAID' as const, totalRefundedMinor: 0 };
    expect(readCancelAsExpiry(paid, { status: 'PENDING', expiresAtMs: 1000 }, 5000)).to.equal(paid);
  });
});
