/**
 * The bench's ratios (bench/rounds.ts): the median of interleaved rounds with its spread, at the gateway latency
 * it was measured at, judged against issue #19's goals for that latency; and a run that lacks a goal's figure at a
 * latency it ran is caught rather than passed.
 */
import { expect } from 'chai';
import { FIGURES, missingGoals, ratioOf, type FigureKey } from '../../bench/rounds';

const rounds = (pairs: [number, number, number | null][]) => pairs.map(([ours, peer, bare]) => ({ ours, peer, bare }));

describe('bench rounds: ratios with their spread and goals per gateway latency', () => {
  it('takes the median of the rounds\' ratios (not the ratio of medians) and reports min–max and each round', () => {
    const r = ratioOf('webhookP50', 0, rounds([[30, 20, 10], [24, 20, 12], [40, 25, 10]]));
    expect(r.rounds).to.deep.equal([1.5, 1.2, 1.6]);
    expect([r.median, r.min, r.max]).to.deep.equal([1.5, 1.2, 1.6]);
    expect([r.ours, r.peer, r.bare]).to.deep.equal([30, 20, 10]);
    expect(r.vsBare?.rounds).to.deep.equal([3, 2, 4]);
    expect(r.latencyMs).to.equal(0);
  });

  it('judges each figure against the goal of its latency: 0 ms and 200 ms differ', () => {
    const at0 = ratioOf('webhookP50', 0, rounds([[23, 20, null], [24, 20, null], [25, 20, null]]));
    expect(at0).to.include({ median: 1.2, goal: '≤ 1.2×', pass: true });
    const at200 = ratioOf('webhookP50', 200, rounds([[230, 200, null], [240, 200, null], [250, 200, null]]));
    expect(at200).to.include({ median: 1.2, goal: '≤ 1.05×', pass: false });
    expect(at200.vsBare).to.equal(null);
  });

  it('rates: ours / peer must stay at or above 1/goal', () => {
    const pass = ratioOf('webhookThroughput', 0, rounds([[80, 100, 120], [78, 100, 120], [90, 100, 120]]));
    expect(pass).to.include({ median: 0.8, pass: true });
    expect(pass.goal).to.match(/^≥ 1\/1\.3/);
    const miss = ratioOf('webhookThroughput', 200, rounds([[85, 100, 120], [88, 100, 120], [89, 100, 120]]));
    expect(miss).to.include({ median: 0.88, pass: false });
  });

  it('figures without a goal at a latency are info (pass null), e.g. cold start at 200 ms and every p95', () => {
    expect(ratioOf('coldStart', 200, rounds([[900, 600, 500], [900, 600, 500], [900, 600, 500]]))).to.include({ goal: null, pass: null });
    expect(ratioOf('coldStart', 0, rounds([[900, 600, 500], [700, 600, 500], [720, 600, 500]]))).to.include({ median: 1.2, pass: true });
    expect(ratioOf('createP95', 0, rounds([[9, 1, 1], [9, 1, 1], [9, 1, 1]]))).to.include({ goal: null, pass: null });
  });

  it('the goals are issue #19\'s table', () => {
    const goals = Object.fromEntries((Object.keys(FIGURES) as FigureKey[]).map((k) => [k, FIGURES[k].goals]));
    expect(goals).to.deep.equal({
      webhookP50: { 0: 1.2, 200: 1.05 },
      webhookP95: {},
      webhookThroughput: { 0: 1.3, 200: 1.1 },
      createP50: { 0: 1.5, 200: 1.1 },
      createP95: {},
      coldStart: { 0: 1.2 },
    });
  });

  it('a run missing a goal\'s figure at either latency is reported, one with both latencies is complete', () => {
    const all = (latency: number) => (Object.keys(FIGURES) as FigureKey[]).map((k) => ratioOf(k, latency, rounds([[1, 1, 1], [1, 1, 1], [1, 1, 1]])));
    expect(missingGoals([...all(0), ...all(200)], [0, 200])).to.deep.equal([]);
    expect(missingGoals(all(0), [0, 200])).to.deep.equal(['webhookP50 at 200 ms', 'webhookThroughput at 200 ms', 'createP50 at 200 ms']);
    expect(missingGoals(all(0).filter((r) => r.key !== 'coldStart'), [0])).to.deep.equal(['coldStart at 0 ms']);
  });

  it('refuses a figure without rounds', () => {
    expect(() => ratioOf('createP50', 0, [])).to.throw(/no rounds/);
  });
});
