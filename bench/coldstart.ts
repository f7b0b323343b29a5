/**
 * Figure 4: the time a fresh Node process takes to load the built functions entry, against loading only the
 * SDK modules every function needs to be defined (firebase-functions, its params, firebase-admin/app and
 * initializeApp). Median of fresh processes, alternating the two.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { median, round } from './stats';

const ROOT = resolve(__dirname, '..');

const ENTRY = `require(${JSON.stringify(resolve(ROOT, 'functions/lib/index.js'))});`;
const FLOOR = [
  "require('firebase-functions/v2');",
  "require('firebase-functions/v2/https');",
  "require('firebase-functions/v2/scheduler');",
  "require('firebase-functions/v2/tasks');",
  "require('firebase-functions/params');",
  "require('firebase-admin/app').initializeApp();",
].join('');

function loadTime(code: string): number {
  const script = `const t0 = performance.now(); ${code} process.stdout.write(String(performance.now() - t0));`;
  // No emulator variables: this is a plain process, as a new instance is before its first request.
  const env = { PATH: process.env.PATH ?? '', GCLOUD_PROJECT: 'demo-pointcheckout', HOME: process.env.HOME ?? '' };
  const out = spawnSync(process.execPath, ['-e', script], { cwd: resolve(ROOT, 'functions'), env, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`cold start probe failed: ${out.stderr}`);
  return Number(out.stdout);
}

export interface ColdStartFigures {
  runs: number;
  entryMs: number;
  floorMs: number;
}

export function benchColdStart(runs: number): ColdStartFigures {
  const entry: number[] = [];
  const floor: number[] = [];
  loadTime(ENTRY); // warm the OS file cache so neither side pays for the first disk read
  loadTime(FLOOR);
  for (let i = 0; i < runs; i += 1) {
    entry.push(loadTime(ENTRY));
    floor.push(loadTime(FLOOR));
  }
  return { runs, entryMs: round(median(entry)), floorMs: round(median(floor)) };
}
