/**
 * The reliability report: each scenario records what it tried and what held, and a root `after` hook
 * prints them as a table when the run ends and writes them to `reliability-results/` as JSON.
 * Imported by every reliability test, so the hook is registered once, on the root suite.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SCALE, SEED } from './scale';

export interface ReportRow {
  scenario: string;
  tried: string;
  held: string;
  ok: boolean;
}

const rows: ReportRow[] = [];

/** Records a scenario's row, then fails the test if it did not hold (so the table shows failures too). */
export function record(row: ReportRow): void {
  rows.push(row);
}

function table(): string {
  const header: [string, string, string, string] = ['scenario', 'tried', 'held', 'ok'];
  const lines = rows.map((r): [string, string, string, string] => [r.scenario, r.tried, r.held, r.ok ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

after(function () {
  if (rows.length === 0) return;
  const dir = resolve(__dirname, '../../reliability-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `reliability-${SCALE}.json`);
  writeFileSync(file, JSON.stringify({ scale: SCALE, seed: SEED, finishedAt: new Date().toISOString(), rows }, null, 2) + '\n');
  process.stdout.write(`\nReliability (${SCALE} size, seed ${SEED}):\n${table()}\n(written to ${file})\n`);
});
