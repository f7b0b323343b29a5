/**
 * functions/src is laid out by concern (issue #18): no folder holds more than 10 source files, and every file
 * opens with a header comment whose first line says what it holds, so a newcomer can read a folder's listing.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '../../functions/src');
const MAX_FILES_PER_FOLDER = 10;

function folders(dir: string): string[] {
  return [dir, ...readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => folders(join(dir, e.name)))];
}

function sourceFilesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(dir, e.name));
}

/** The first line of text of a leading comment (`/** text`, `/**\n * text`, or `// text`), or null when none. */
export function headerLine(text: string): string | null {
  const block = /^\/\*\*?[ \t]*(?:\n[ \t]*\*[ \t]*)?([^\s*/][^\n]*)/.exec(text);
  if (block) return block[1].replace(/\*\/\s*$/, '').trim() || null;
  const line = /^\/\/\s*(\S[^\n]*)/.exec(text);
  return line ? line[1].trim() : null;
}

describe('layout of functions/src', () => {
  it('reads a header line from each comment style, and none from code', () => {
    expect(headerLine('/** Pure money. */\nexport {}')).to.equal('Pure money.');
    expect(headerLine('/**\n * The store: paths\n * and reads.\n */')).to.equal('The store: paths');
    expect(headerLine('// The pool.\n')).to.equal('The pool.');
    expect(headerLine("import { a } from './a';\n/** late */")).to.equal(null);
    expect(headerLine('/**\n */\n')).to.equal(null);
  });

  it(`has no folder with more than ${MAX_FILES_PER_FOLDER} source files`, () => {
    const crowded = folders(SRC)
      .map((dir) => ({ dir: relative(SRC, dir) || '.', count: sourceFilesIn(dir).length }))
      .filter(({ count }) => count > MAX_FILES_PER_FOLDER)
      .map(({ dir, count }) => `${dir}: ${count} files`);
    expect(crowded, crowded.join('\n')).to.deep.equal([]);
  });

  it('opens every source file with a header comment', () => {
    const files = folders(SRC).flatMap(sourceFilesIn);
    expect(files.length).to.be.greaterThan(80);
    const bare = files.filter((file) => headerLine(readFileSync(file, 'utf8')) === null).map((file) => relative(SRC, file));
    expect(bare, `files without a header comment:\n${bare.join('\n')}`).to.deep.equal([]);
  });
});
