/**
 * The layers of functions/src, top to bottom: an import may point down or sideways, never up. The table maps a
 * path (a folder ending in `/`, or one file) to its layer; the longest matching entry wins.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

const SRC = join(__dirname, '../../functions/src');

/** Higher number = upper layer. */
const LAYERS = {
  entry: 6, // api/ and index.ts: the deployed functions
  useCase: 5, // creation, orders, refunds, reconciliation, lifecycle, reports, exports, events, webhook
  transition: 4, // the state machine's apply step: status + event + outbox marker + report increments
  store: 3, // checkout documents, their paths and reads
  access: 2, // who the caller is and what they may do; branches
  gateway: 1, // the PointCheckout client
  shared: 0, // the domain's pure vocabulary (status, money, schemas), errors, ids, config, logs, accounts, util
} as const;
type Layer = keyof typeof LAYERS;

export const TABLE: Record<string, Layer> = {
  'index.ts': 'entry',
  'api/': 'entry',
  'creation/': 'useCase',
  'orders/': 'useCase',
  'refunds/': 'useCase',
  'reconciliation/': 'useCase',
  'lifecycle/': 'useCase',
  'reports/': 'useCase',
  'exports/': 'useCase',
  'events/': 'useCase',
  'webhook/': 'useCase',
  'transition/': 'transition',
  'store/': 'store',
  'access/': 'access',
  'pointcheckout/': 'gateway',
  'domain/': 'shared',
  'shared/': 'shared',
  'util/': 'shared',
  'config.ts': 'shared',
  'logs.ts': 'shared',
  'accounts.ts': 'shared',
};

function layerOf(file: string): Layer {
  const key = Object.keys(TABLE)
    .filter((k) => (k.endsWith('/') ? file.startsWith(k) : file === k))
    .sort((a, b) => b.length - a.length)[0];
  if (key === undefined) throw new Error(`${file} has no layer in the table of test/unit/import-graph.test.ts`);
  return TABLE[key];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path).split('\\').join('/')] : [];
  });
}

/** Relative specifiers of every static import/export-from and dynamic import() in a file. */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push(m[1]);
  return found.filter((s) => s.startsWith('.'));
}

function resolve(from: string, specifier: string, files: Set<string>): string {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) if (files.has(candidate)) return candidate;
  throw new Error(`${from}: cannot resolve import '${specifier}'`);
}

function upwardEdges(): string[] {
  const files = sourceFiles(SRC);
  const known = new Set(files);
  const edges: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(SRC, file), 'utf8');
    for (const specifier of importsOf(text)) {
      const target = resolve(file, specifier, known);
      const [a, b] = [layerOf(file), layerOf(target)];
      if (LAYERS[b] > LAYERS[a]) edges.push(`${file} (${a}) -> ${target} (${b})`);
    }
  }
  return edges;
}

describe('import graph of functions/src', () => {
  it('reads static, type-only, re-export and dynamic imports', () => {
    const text = [
      "import { a } from './a';",
      "import type {\n  B,\n} from '../b';",
      "export { c } from './c';",
      "import './side';",
      "const d = await import('../d/e');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(importsOf(text).sort()).to.deep.equal(['../b', '../d/e', './a', './c', './side']);
  });

  it('gives every source file a layer', () => {
    for (const file of sourceFiles(SRC)) expect(() => layerOf(file), file).not.to.throw();
  });

  it('has no import that runs upward', () => {
    const edges = upwardEdges();
    console.log(`      upward imports: ${edges.length}`);
    expect(edges, `upward imports:\n${edges.join('\n')}`).to.deep.equal([]);
  });
});
