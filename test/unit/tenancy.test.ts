/**
 * Issue #16's pure boundaries: what one order is (account, mode, branch; merchant-wide on request), the "no
 * branch" key that can never be a branch id, claims of the wrong shape, App Check on HTTPS entry points, and
 * what a caller is told about an order held by a checkout it may not access.
 */
import { expect } from 'chai';
import { callerFromAuth, canAccess } from '../../functions/src/access/caller';
import { assertAppCheck } from '../../functions/src/api/appCheck';
import { legacyOrderKey, NO_BRANCH_KEY, orderKey, orderSpaceOf, sameSpace } from '../../functions/src/orders/orderSpace';
import { orderRefusal } from '../../functions/src/orders/orderRefusal';
import { BRANCH_ID_PATTERN, upsertBranchInputSchema } from '../../functions/src/domain/schemas';

describe('tenancy boundaries (issue #16)', () => {
  const live = { account: 'live', mode: 'live' as const, branchId: 'A' };

  it('an order is per account, mode and branch; merchant-wide drops only the branch', () => {
    const key = (c: { account: string; mode: 'test' | 'live'; branchId: string | null }, wide = false) => orderKey(orderSpaceOf(c, wide), 'ORD-1');
    const all = [
      key(live),
      key({ ...live, mode: 'test' }),
      key({ ...live, account: 'default' }),
      key({ ...live, branchId: 'B' }),
      key({ ...live, branchId: null }),
      legacyOrderKey('ORD-1'),
    ];
    expect(new Set(all).size, 'every space its own document').to.equal(all.length);
    expect(key(live, true)).to.equal(key({ ...live, branchId: 'B' }, true));
    expect(key(live, true)).to.not.equal(key({ ...live, mode: 'test', branchId: 'B' }, true));
    expect(sameSpace(orderSpaceOf(live, false), orderSpaceOf({ ...live, branchId: 'B' }, false))).to.equal(false);
    expect(sameSpace(orderSpaceOf(live, true), orderSpaceOf({ ...live, branchId: 'B' }, true))).to.equal(true);
  });

  it('the "no branch" key can never be a branch id', () => {
    expect(BRANCH_ID_PATTERN.test(NO_BRANCH_KEY)).to.equal(false);
    expect(upsertBranchInputSchema.safeParse({ branchId: '_', name: 'Sneaky' }).success).to.equal(false);
    expect(upsertBranchInputSchema.safeParse({ branchId: '_a', name: 'Fine' }).success).to.equal(true);
    expect(() => callerFromAuth({ uid: 'u', token: { role: 'manager', branches: ['_'] } })).to.throw(/no payments role/);
  });

  it('claims of the wrong shape are refused like no role at all', () => {
    for (const branches of [{ A: true }, 'A', [1], Array.from({ length: 101 }, (_, i) => `b${i}`)]) {
      expect(() => callerFromAuth({ uid: 'u', token: { role: 'staff', branches } }), JSON.stringify(branches).slice(0, 30)).to.throw(/no payments role/);
    }
    expect(callerFromAuth({ uid: 'u', token: { role: 'staff', branches: ['A'] } }).branches).to.deep.equal(['A']);
  });

  it('names the holding checkout only to a caller who may access it', () => {
    const hidden = orderRefusal({ kind: 'order-open', checkoutId: 'c-secret', status: 'PENDING', sameSale: false, visible: false }, 'ORD-1');
    expect(hidden.message).to.match(/in use elsewhere/);
    expect(hidden.message).to.not.match(/c-secret|PENDING/);
    const charged = orderRefusal({ kind: 'order-charged', checkoutId: 'c-secret', status: 'PAID', sameSale: false, visible: false } as never, 'ORD-1');
    expect(charged.message).to.not.match(/c-secret|PAID|paid/);
    expect(orderRefusal({ kind: 'order-open', checkoutId: 'c1', status: 'PENDING', sameSale: false, visible: true }, 'ORD-1').message).to.match(/c1, PENDING/);
    const managerA = { uid: 'm', role: 'manager' as const, branches: ['A'] };
    expect(canAccess(managerA, { createdBy: 'x', branchId: 'A' })).to.equal(true);
    expect(canAccess(managerA, { createdBy: 'm', branchId: 'B' })).to.equal(false);
    expect(canAccess({ uid: 's', role: 'staff', branches: null }, { createdBy: 'x', branchId: null })).to.equal(false);
  });

  it('App Check on HTTPS entry points: refused without a valid token when enforced, ignored when not', async () => {
    const ok = async () => undefined;
    const bad = async () => { throw new Error('invalid'); };
    await assertAppCheck(undefined, false, bad);
    for (const [token, verify] of [[undefined, ok], ['forged', bad]] as const) {
      const refused = await assertAppCheck(token, true, verify).then(() => null, (e: { code: string }) => e.code);
      expect(refused).to.equal('unauthenticated');
    }
    await assertAppCheck('good', true, ok);
  });
});
