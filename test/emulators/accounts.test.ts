/**
 * Test and live, several PointCheckout accounts: each branch makes its checkouts with its account; every checkout
 * keeps the account (and mode) it was made with, so switching a branch from test to live touches no existing
 * checkout; webhooks are routed by account, and one account's delivery never changes another's checkout.
 * The local stack runs two simulators: `default` (mode test, 127.0.0.1:8089) and `live` (127.0.0.1:8090).
 */
import { expect } from 'chai';
import { API_HEADERS_LIVE, checkoutDoc, closeSessions, LIVE_SIMULATOR_URL, orderId, postWebhook, rejectsWith, session, sim, watchUntil, type Session } from './harness';


const live = {
  async search(query: Record<string, string>): Promise<{ id: string; status: string; totalRefunded?: number }[]> {
    const res = await fetch(`${LIVE_SIMULATOR_URL}/mer/v2.0/checkout?${new URLSearchParams(query).toString()}`, { headers: API_HEADERS_LIVE });
    return ((await res.json()) as { result: { content: { id: string; status: string }[] } }).result.content;
  },
  async move(gatewayId: string, action: 'pay') {
    const res = await fetch(`${LIVE_SIMULATOR_URL}/_sim/checkouts/${gatewayId}/${action}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
    });
    expect(res.status).to.equal(200);
  },
  async stats(): Promise<Record<string, number>> {
    return (await fetch(`${LIVE_SIMULATOR_URL}/_sim/stats`)).json() as Promise<Record<string, number>>;
  },
};

describe('test and live accounts', () => {
  const BRANCH = `acct-${process.pid}`;
  let owner: Session;
  let staff: Session;

  before(async () => {
    owner = await session('owner');
    staff = await session('staff', { branches: [BRANCH] });
    await owner.call('upsertBranch', { branchId: BRANCH, name: 'Downtown' });
  });
  after(closeSessions);

  it('refuses a branch on an account this deployment does not configure', async () => {
    await rejectsWith(owner.call('upsertBranch', { branchId: BRANCH, name: 'Downtown', account: 'nope' }), 'invalid-argument', /not a configured PointCheckout account/);
  });

  it('switching a branch from test to live leaves its test checkouts on test, and never mixes them', async () => {
    const testOrder = orderId('ACCT-T');
    const onTest = await staff.call<{ checkoutId: string }>('createQrCheckout', { orderId: testOrder, amount: '30.00', currency: 'AED' });
    expect(await checkoutDoc(onTest.checkoutId)).to.include({ account: 'default', mode: 'test' });
    expect(await sim.search({ orderId: testOrder })).to.have.length(1);
    expect(await live.search({ orderId: testOrder })).to.have.length(0);

    await owner.call('upsertBranch', { branchId: BRANCH, name: 'Downtown', account: 'live' });
    const liveOrder = orderId('ACCT-L');
    const onLive = await staff.call<{ checkoutId: string; status: string }>('createQrCheckout', { orderId: liveOrder, amount: '45.00', currency: 'AED' });
    expect(await checkoutDoc(onLive.checkoutId)).to.include({ account: 'live', mode: 'live' });
    expect(await live.search({ orderId: liveOrder })).to.have.length(1);
    expect(await sim.search({ orderId: liveOrder })).to.have.length(0);

    // The test checkout is still paid, refreshed and refunded on the test account.
    const testGatewayId = (await checkoutDoc(onTest.checkoutId))?.gateway.id as string;
    const testPaid = watchUntil(owner.db, onTest.checkoutId, (d) => d.status === 'PAID');
    await sim.move(testGatewayId, 'pay');
    await testPaid;
    const liveBefore = await live.stats();
    const refunded = await owner.call<{ status: string; account: string; mode: string }>('refundCheckout', { checkoutId: onTest.checkoutId, note: 'test refund' });
    expect(refunded).to.include({ status: 'REFUNDED', account: 'default', mode: 'test' });
    expect((await live.stats()).refunds - liveBefore.refunds, 'nothing sent to the live account').to.equal(0);

    // The live checkout is paid at the live gateway and its webhook (account=live) lands.
    const liveGatewayId = (await checkoutDoc(onLive.checkoutId))?.gateway.id as string;
    const livePaid = watchUntil(owner.db, onLive.checkoutId, (d) => d.status === 'PAID');
    await live.move(liveGatewayId, 'pay');
    await livePaid;
    expect((await staff.call<{ status: string; mode: string }>('getCheckout', { checkoutId: onLive.checkoutId }))).to.include({ status: 'PAID', mode: 'live' });
  });

  it('a delivery to one account never touches another account’s checkout', async () => {
    await owner.call('upsertBranch', { branchId: BRANCH, name: 'Downtown', account: 'default' });
    const { checkoutId } = await staff.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('ACCT-X'), amount: '5.00', currency: 'AED' });
    const gatewayId = (await checkoutDoc(checkoutId))?.gateway.id as string;
    await sim.move(gatewayId, 'pay', { webhook: false });
    // Signed with the live account's key, to the live address, naming a test checkout: acknowledged, ignored.
    const crossed = await postWebhook({ id: gatewayId, requestId: checkoutId }, { account: 'live' });
    expect(crossed.status).to.equal(200);
    expect(crossed.body.outcome).to.equal('other-account');
    expect(await checkoutDoc(checkoutId)).to.include({ status: 'PENDING' });
    // The live token does not open the default address, nor an unknown account's.
    expect((await postWebhook({ id: gatewayId }, { token: process.env.POINTCHECKOUT_LIVE_WEBHOOK_TOKEN ?? '' })).status).to.equal(401);
    expect((await postWebhook({ id: gatewayId }, { account: 'nope' })).status).to.equal(401);
    // Its own account's delivery applies it.
    expect((await postWebhook({ id: gatewayId, requestId: checkoutId })).body.outcome).to.equal('applied');
  });
});
