/** The bench's two printed tables: the ratios against the floors (by gateway latency), and the other figures. */
import type { Ratio } from './rounds';

export interface InfoRow {
  figure: string;
  value: string;
  goal: string;
  pass: boolean | null;
}

function print(header: string[], cells: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

const result = (pass: boolean | null) => (pass === null ? 'info' : pass ? 'pass' : 'MISS');

export function printRatios(ratios: Ratio[]): void {
  const header = ['figure', 'gateway', 'ours', 'peer floor', 'vs peer (median)', 'rounds min–max', 'goal', 'bare floor', 'vs bare', 'result'];
  print(
    header,
    ratios.map((r) => [
      r.detail ? `${r.figure} (${r.detail})` : r.figure,
      `${r.latencyMs} ms`,
      `${r.ours} ${r.unit}`,
      `${r.peer} ${r.unit}`,
      `${r.median}×`,
      `${r.min}–${r.max}× (${r.rounds.length})`,
      r.goal ?? '',
      r.bare === null ? '' : `${r.bare} ${r.unit}`,
      r.vsBare ? `${r.vsBare.median}×` : '',
      result(r.pass),
    ]),
  );
}

export function printInfo(rows: InfoRow[]): void {
  print(['figure', 'value', 'goal', 'result'], rows.map((r) => [r.figure, r.value, r.goal, result(r.pass)]));
}
