/**
 * Every relative link and anchor in README.md and docs/*.md resolves: the file exists, and a `#anchor` is a
 * heading of the target file as GitHub slugs it. The in-memory cases prove the check fails on a broken link.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { brokenLinks, githubSlug, headingAnchors, relativeLinks, type DocFiles } from '../support/doc-links';

const root = resolve(__dirname, '../..');

const repository: DocFiles = {
  markdown: (path) => (path.endsWith('.md') && existsSync(resolve(root, path)) ? readFileSync(resolve(root, path), 'utf8') : undefined),
  exists: (path) => existsSync(resolve(root, path)),
};

function inMemory(files: Record<string, string>): DocFiles {
  const folders = new Set(Object.keys(files).flatMap((path) => path.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  return { markdown: (path) => (path.endsWith('.md') ? files[path] : undefined), exists: (path) => path in files || folders.has(path) };
}

describe('documentation links', () => {
  const docs = ['README.md', ...readdirSync(resolve(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

  it('README.md and docs/*.md have relative links to check (the scan itself works)', () => {
    expect(docs).to.include.members(['README.md', 'docs/functions.md', 'docs/pointcheckout-api.md']);
    const links = docs.flatMap((file) => relativeLinks(file, repository.markdown(file) ?? ''));
    expect(links.filter((link) => link.target.includes('#')).length).to.be.greaterThan(10);
  });

  it('every relative link and anchor in README.md and docs/*.md resolves', () => {
    expect(brokenLinks(docs, repository)).to.deep.equal([]);
  });

  it('slugs headings as GitHub does', () => {
    expect(githubSlug('Test and live: several PointCheckout accounts')).to.equal('test-and-live-several-pointcheckout-accounts');
    expect(githubSlug('`webhookHealth/{account}` (server only)')).to.equal('webhookhealthaccount-server-only');
    expect(githubSlug("Using PointCheckout's own SDKs against the simulator")).to.equal('using-pointcheckouts-own-sdks-against-the-simulator');
    expect(githubSlug('The end-of-day page (`report.html`)')).to.equal('the-end-of-day-page-reporthtml');
    expect(githubSlug('snake_case and  two spaces')).to.equal('snake_case-and--two-spaces');
    expect([...headingAnchors('# Setup\n## Setup\n```\n# not a heading\n```\n### Setup\n')]).to.deep.equal(['setup', 'setup-1', 'setup-2']);
  });

  it('fails on a missing file, a missing anchor and a section moved without its links', () => {
    const files = inMemory({
      'README.md': [
        '# Guide', '[ok](docs/a.md#roles) [ok too](#guide) [folder](docs) [web](https://example.com/#x)',
        '`[in code](nowhere.md)`', '```', '[in a fence](nowhere.md)', '```',
        '[gone](docs/missing.md) [no anchor](docs/a.md#branches) [moved](#roles)',
      ].join('\n'),
      'docs/a.md': '# A\n## Roles\n[up](../README.md#guide) [out](../../etc/passwd)\n',
    });
    expect(brokenLinks(['README.md', 'docs/a.md'], files)).to.deep.equal([
      'README.md:7 docs/missing.md (docs/missing.md does not exist)',
      'README.md:7 docs/a.md#branches (docs/a.md has no heading #branches)',
      'README.md:7 #roles (README.md has no heading #roles)',
      'docs/a.md:3 ../../etc/passwd (../etc/passwd is outside the repository)',
    ]);
  });
});
