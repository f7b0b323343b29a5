/**
 * Ratios from interleaved rounds: each round measures ours, the peer floor and the bare floor one after the
 * other; a figure's ratio is the median of the rounds' ratios, with their spread (min–max), at the simulated
 * gateway latency it was measured at. The goals are issue #19's, per latency.
 */
import { median, round } from './stats';

export type FigureKey = 'webhookP50' | 'webhookP95' | 'webhookThroughput' | 'createP50' | 'createP95' | 'coldStart';

interface FigureSpec {
  figure: string;
  unit: 'ms' | '/s';
  /** 'higher' for rates: the ratio is still ours / peer, and the goal a floor under it. */
  better: 'lower' | 'higher';
  /** The goal against the peer by gateway latency (ms): at most this many times the peer's time, or at least 1/this of its rate. */
  goals: Partial<Record<number, number>>;
}

export const FIGURES: Record<FigureKey, FigureSpec> = {
  webhookP50: { figure: 'webhook → listener p50', unit: 'ms', better: 'lower', goals: { 0: 1.2, 200: 1.05 } },
  webhookP95: { figure: 'webhook → listener p95', unit: 'ms', better: 'lower', goals: {} },
  webhookThroughput: { figure: 'webhook throughput', unit: '/s', better: 'higher', goals: { 0: 1.3, 200: 1.1 } },
  createP50: { figure: 'createQrCheckout p50', unit: 'ms', better: 'lower', goals: { 0: 1.5, 200: 1.1 } },
  createP95: { figure: 'createQrCheckout p95', unit: 'ms', better: 'lower', goals: {} },
  coldStart: { figure: 'first-request cold start', unit: 'ms', better: 'lower', goals: { 0: 1.2 } },
};

/** One round's values of a figure: ours, the peer floor's and the bare floor's (null where there is none). */
export interface RoundValues {
  ours: number;
  peer: number;
  bare: number | null;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface Ratio extends Spread {
  key: FigureKey;
  figure: string;
  /** The simulator's latency on every gateway request (ours and the peer's alike) while this was measured. */
  latencyMs: number;
  unit: 'ms' | '/s';
  better: 'lower' | 'higher';
  /** Medians over the rounds of each side's value. */
  ours: number;
  peer: number;
  bare: number | null;
  /** ours / peer of each round (the goal is on their median). */
  rounds: number[];
  /** ours / bare: the gap to the platform's floor (lower / higher is better as above). */
  vsBare: (Spread & { rounds: number[] }) | null;
  goal: string | null;
  pass: boolean | null;
  /** Extra words for the table (e.g. the sizes behind the figure). */
  detail: string;
}

function spread(values: number[]): Spread {
  return { median: round(median(values), 2), min: round(Math.min(...values), 2), max: round(Math.max(...values), 2) };
}

export function ratioOf(key: FigureKey, latencyMs: number, rounds: RoundValues[], detail = ''): Ratio {
  if (rounds.length === 0) throw new Error(`${key}: no rounds`);
  const spec = FIGURES[key];
  const vsPeer = rounds.map((r) => round(r.ours / r.peer, 3));
  const bares = rounds.map((r) => r.bare).filter((b): b is number => b !== null);
  const vsBare = bares.length === rounds.length ? rounds.map((r) => round(r.ours / (r.bare as number), 3)) : null;
  const ratio = spread(vsPeer);
  const goal = spec.goals[latencyMs];
  return {
    key,
    figure: spec.figure,
    latencyMs,
    unit: spec.unit,
    better: spec.better,
    ours: round(median(rounds.map((r) => r.ours))),
    peer: round(median(rounds.map((r) => r.peer))),
    bare: vsBare ? round(median(bares)) : null,
    ...ratio,
    rounds: vsPeer,
    vsBare: vsBare ? { ...spread(vsBare), rounds: vsBare } : null,
    goal: goal === undefined ? null : spec.better === 'lower' ? `≤ ${goal}×` : `≥ 1/${goal} (${round(1 / goal, 2)}×)`,
    pass: goal === undefined ? null : spec.better === 'lower' ? ratio.median <= goal : ratio.median >= round(1 / goal, 4),
    detail,
  };
}

/** The goals every run must report on, by figure and latency, so a missing figure shows rather than passes. */
export function missingGoals(ratios: Ratio[], latencies: number[]): string[] {
  const missing: string[] = [];
  for (const [key, spec] of Object.entries(FIGURES) as [FigureKey, FigureSpec][]) {
    for (const latency of Object.keys(spec.goals).map(Number)) {
      if (latencies.includes(latency) && !ratios.some((r) => r.key === key && r.latencyMs === latency)) missing.push(`${key} at ${latency} ms`);
    }
  }
  return missing;
}
