/**
 * The dispatch half of a reconciliation run, called directly (the queue is replaced by a list): it pages through
 * every due checkout, oldest first, however many pages that takes, hands each to exactly one shard, and stops at
 * the run's limit (gateway rate × budget), saying so. Small pages here; production reads 1,000 at a time.
 */
import { expect } from 'chai';
import { Timestamp } from 'firebase-admin/firestore';
import { dispatchReconcile, type ShardTask } from '../../functions/src/reconciliation/reconcileDispatch';
import { adminDb } from './harness';

const COUNT = 60;

describe('reconciliation dispatch: due checkouts into shards', () => {
  const ours: string[] = [];

  before(async () => {
    const run = `${process.pid}-${Date.now().toString(36)}`;
    const batch = adminDb.batch();
    for (let i = 0; i < COUNT; i += 1) {
      const id = `dispatch-${run}-${String(i).padStart(3, '0')}`;
      ours.push(id);
      // Due long before anything other suites left due, so they come first, in this order.
      batch.set(adminDb.doc(`checkouts/${id}`), { status: 'PENDING', nextCheckAt: Timestamp.fromMillis(1_000 + i) });
    }
    await batch.commit();
  });
  after(async () => {
    const batch = adminDb.batch();
    for (const id of ours) batch.delete(adminDb.doc(`checkouts/${id}`));
    await batch.commit();
  });

  const dispatch = (limitPerSecond: number, pageSize: number) => {
    const tasks: ShardTask[] = [];
    const done = dispatchReconcile(
      () => {
        throw new Error('dispatch itself never asks the gateway about due checkouts');
      },
      { trigger: 'manual', gatewayRate: limitPerSecond, shardsAtOnce: 4, budgetSeconds: 1, pageSize, enqueue: async (task) => void tasks.push(task) },
    );
    return done.then((dispatched) => ({ dispatched, tasks }));
  };

  it('reads page after page and gives every due checkout to exactly one shard, oldest first', async () => {
    const { dispatched, tasks } = await dispatch(10_000, 7);
    const ids = tasks.sort((a, b) => a.index - b.index).flatMap((t) => t.ids);
    expect(new Set(ids).size, 'no checkout in two shards').to.equal(ids.length);
    expect(ids.slice(0, COUNT)).to.deep.equal(ours);
    expect(dispatched.due).to.equal(ids.length);
    expect(dispatched.capped).to.equal(false);
    const run = await adminDb.doc(`reconcileRuns/${dispatched.runId}`).get();
    expect(run.get('shards')).to.equal(tasks.length);
  });

  it('takes no more than the run can check (rate × budget) and says it was capped', async () => {
    const { dispatched, tasks } = await dispatch(25, 7);
    expect(dispatched.due).to.equal(25);
    expect(dispatched.capped).to.equal(true);
    expect(tasks.flatMap((t) => t.ids)).to.deep.equal(ours.slice(0, 25));
  });
});
