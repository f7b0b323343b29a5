/**
 * One concern per file: no source file over 200 lines in functions/, simulator/, scripts/ or web/ (tests may be
 * longer). Built output (lib/, web/public) and vendored code are not ours to split.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');
const MAX_LINES = 200;
const SOURCE_DIRS = ['functions/src', 'simulator/src', 'scripts', 'web/src'];
const SOURCE = /\.(ts|mts|cts|mjs|cjs|js)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'lib', 'public', 'vendor', 'test']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) && !/\.test\.[a-z]+$/.test(entry.name) ? [path] : [];
  });
}

export function lineCount(text: string): number {
  return text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('source file size', () => {
  it('counts lines as wc -l does for a file ending in a newline', () => {
    expect(lineCount('a\nb\n')).to.equal(2);
    expect(lineCount('a\nb')).to.equal(2);
    expect(lineCount('')).to.equal(0);
  });

  it(`has no source file over ${MAX_LINES} lines`, () => {
    const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir)));
    expect(files.length).to.be.greaterThan(100);
    const long = files
      .map((file) => ({ file: relative(ROOT, file), lines: lineCount(readFileSync(file, 'utf8')) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long, `files over ${MAX_LINES} lines:\n${long.join('\n')}`).to.deep.equal([]);
  });
});
