/** Rows of the go-live check and how they are printed (a table for people, JSON for scripts). */
import { redactToken } from './record';

export type RowStatus = 'pass' | 'fail' | 'warn';

export interface Row {
  /** Stable name, e.g. `credentials`, `probe`, `webhook`, `delivery`, `settings.app-check`. */
  check: string;
  status: RowStatus;
  /** What was seen. */
  seen: string;
  /** The exact command (or edit) that fixes it; absent when nothing is to be done. */
  fix?: string;
  /** Listed findings, e.g. fields or statuses the documents never showed. */
  details?: string[];
}

export interface Report {
  ok: boolean;
  account: string;
  mode: string;
  baseUrl: string;
  functionUrl: string | null;
  counts: Record<RowStatus, number>;
  rows: Row[];
}

export function buildReport(meta: Omit<Report, 'ok' | 'counts' | 'rows'>, rows: Row[]): Report {
  const counts = { pass: 0, warn: 0, fail: 0 };
  for (const row of rows) counts[row.status] += 1;
  return { ok: counts.fail === 0, ...meta, counts, rows };
}

const LABEL: Record<RowStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

export function formatReport(report: Report): string[] {
  const width = Math.max(...report.rows.map((row) => row.check.length), 5);
  const lines = [
    `go-live check: account ${report.account} (${report.mode}) at ${report.baseUrl}`,
    `webhook function: ${report.functionUrl ?? 'unknown (no project id; pass --function-url)'}`,
    '',
  ];
  for (const row of report.rows) {
    lines.push(`${LABEL[row.status]}  ${row.check.padEnd(width)}  ${row.seen}`);
    const indent = ' '.repeat(width + 8);
    for (const detail of row.details ?? []) lines.push(`${indent}- ${detail}`);
    if (row.fix) lines.push(`${indent}fix: ${row.fix}`);
  }
  const { pass, warn, fail } = report.counts;
  lines.push('', `${pass} pass, ${warn} warn, ${fail} fail: ${report.ok ? (warn ? 'ready, read the warnings' : 'ready to go live') : 'not ready'}`);
  return lines.map(redactToken);
}
