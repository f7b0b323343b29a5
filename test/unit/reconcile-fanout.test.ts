/**
 * The arithmetic behind reconciliation's gateway budget: how due checkouts are split into shards, and the pacer
 * that keeps each shard to its share (any 1-second window holds at most ceil(rate) of its calls).
 */
import { expect } from 'chai';
import { MAX_SHARD_SIZE, MIN_SHARD_SIZE, planShards, shardTaskSchema } from '../../functions/src/reconciliation/reconcileDispatch';
import { Pacer } from '../../functions/src/util/pacer';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);

describe('reconciliation shards', () => {
  it('spreads a run over the slots the queue runs at once', () => {
    const shards = planShards(ids(330), 4);
    expect(shards.map((s) => s.length)).to.deep.equal([83, 83, 83, 81]);
    expect(shards.flat()).to.deep.equal(ids(330));
  });

  it('does not start an instance for a handful: a shard holds at least MIN_SHARD_SIZE when that many are due', () => {
    expect(planShards(ids(30), 4).map((s) => s.length)).to.deep.equal([30]);
    expect(planShards(ids(2 * MIN_SHARD_SIZE - 1), 4)).to.have.length(1);
    expect(planShards(ids(60), 4).map((s) => s.length)).to.deep.equal([30, 30]);
    expect(planShards(ids(12), 4).map((s) => s.length)).to.deep.equal([12]);
  });

  it('plans whole waves: no last shard runs alone while the other slots idle', () => {
    expect(planShards(ids(500), 4).map((s) => s.length)).to.deep.equal([63, 63, 63, 63, 63, 63, 63, 59]);
    expect(planShards(ids(2000), 4)).to.have.length(20);
  });

  it('never makes a shard larger than MAX_SHARD_SIZE, and keeps every id once, in order', () => {
    const shards = planShards(ids(10_050), 4);
    expect(Math.max(...shards.map((s) => s.length))).to.be.at.most(MAX_SHARD_SIZE);
    expect(shards.length % 4).to.equal(0);
    expect(shards.length).to.be.below(Math.ceil(10_050 / MAX_SHARD_SIZE) + 4);
    expect(shards.flat()).to.deep.equal(ids(10_050));
  });

  it('makes no shard of nothing, and one shard of one', () => {
    expect(planShards([], 4)).to.deep.equal([]);
    expect(planShards(['only'], 4)).to.deep.equal([['only']]);
  });

  it('refuses a malformed task (a task body is input like any other)', () => {
    expect(shardTaskSchema.safeParse({ runId: 'manual-1-ab', index: 0, ids: ['a'] }).success).to.equal(true);
    expect(shardTaskSchema.safeParse({ runId: 'bad id/../x', index: 0, ids: ['a'] }).success).to.equal(false);
    expect(shardTaskSchema.safeParse({ runId: 'r', index: -1, ids: ['a'] }).success).to.equal(false);
    expect(shardTaskSchema.safeParse({ runId: 'r', index: 0, ids: [] }).success).to.equal(false);
    expect(shardTaskSchema.safeParse({ runId: 'r', index: 0, ids: ids(MAX_SHARD_SIZE + 1) }).success).to.equal(false);
    expect(shardTaskSchema.safeParse({ runId: 'r', index: 0, ids: ['a'], extra: 1 }).success).to.equal(false);
  });
});

describe('Pacer', () => {
  /** A fake clock: sleeping moves it forward, so the test measures the schedule, not the machine. */
  function fakeClock() {
    let now = 1_000_000;
    return { now: () => now, sleep: async (ms: number) => void (now += ms), advance: (ms: number) => void (now += ms) };
  }

  it('spaces calls evenly, with no burst: 5 per second means one every 200 ms', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(200, clock.now, clock.sleep);
    const times: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      await pacer.take();
      times.push(clock.now());
    }
    expect(times.slice(1).map((t, i) => t - (times[i] as number))).to.deep.equal(Array(10).fill(200));
  });

  it('keeps every fixed 1-second window at or under ceil(rate) calls', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(1000 / 12.5, clock.now, clock.sleep); // 50/s across 4 shards
    const times: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      await pacer.take();
      times.push(clock.now());
    }
    const perWindow = new Map<number, number>();
    for (const t of times) perWindow.set(Math.floor(t / 1000), (perWindow.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(Math.max(...perWindow.values())).to.be.at.most(13);
  });

  it('does not save up unused time: after an idle spell the next calls are still spaced', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(100, clock.now, clock.sleep);
    await pacer.take();
    clock.advance(5_000);
    const start = clock.now();
    await pacer.take();
    await pacer.take();
    await pacer.take();
    expect(clock.now() - start).to.equal(200);
  });

  it("holds every later call back for a 429's Retry-After", async () => {
    const clock = fakeClock();
    const pacer = new Pacer(100, clock.now, clock.sleep);
    await pacer.take();
    pacer.pause(2_000);
    const start = clock.now();
    await pacer.take();
    expect(clock.now() - start).to.equal(2_000);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => Pacer.perSecond(0)).to.throw(/rate must be > 0/);
    expect(() => new Pacer(-1)).to.throw(/intervalMs/);
  });
});
