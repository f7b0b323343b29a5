/**
 * The params the functions declare (scanned from functions/src/config.ts, as test/unit/params-documented.test.ts
 * does) and the production values the deploy guide recommends (docs/deploying.md, its `functions/.env.<project-id>` example).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export function declaredParams(root = ROOT): string[] {
  const config = readFileSync(join(root, 'functions/src/config.ts'), 'utf8');
  return [...config.matchAll(/define(?:String|Int|Boolean)\('([A-Z0-9_]+)'/g)].map((m) => m[1] as string);
}

/** The deploy guide's example (docs/deploying.md): every param with the value it recommends for production. */
export function recommendedParams(root = ROOT): Record<string, string> {
  const readme = readFileSync(join(root, 'docs/deploying.md'), 'utf8');
  const example = /functions\/\.env\.<project-id>[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return parseDotenv(example);
}

/** KEY=VALUE lines (comments, blank lines and surrounding quotes ignored), as dotenv reads them. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trim().startsWith('#')) continue;
    const [, key = '', raw = ''] = match;
    out[key] = /^(['"]).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
  }
  return out;
}
