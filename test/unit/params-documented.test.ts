/**
 * A non-interactive deploy (and the emulator) asks for every param that has no value, and nobody answers: the
 * deploy guide's (docs/deploying.md) `.env.<project-id>` example and the local stack's `.env.local` must list
 * every param config.ts declares, and its settings table every param and secret (secrets: accounts.ts).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const config = readFileSync(resolve(root, 'functions/src/config.ts'), 'utf8');
const deployDoc = readFileSync(resolve(root, 'docs/deploying.md'), 'utf8');
const kitReadme = readFileSync(resolve(root, 'functions/README.md'), 'utf8');
const stack = readFileSync(resolve(root, 'scripts/stack/env-files.mjs'), 'utf8');
const accounts = readFileSync(resolve(root, 'functions/src/accounts.ts'), 'utf8');

const params = [...config.matchAll(/define(?:String|Int|Boolean)\('([A-Z0-9_]+)'/g)].map((m) => m[1] as string);
// Secrets are per account (accounts.ts): the default account's names are the bases.
const secrets = [...accounts.matchAll(/secretName\('([A-Z0-9_]+)'/g)].map((m) => m[1] as string);

describe('every param is documented and given a value', () => {
  it('config.ts declares params and secrets (the scan itself works)', () => {
    expect(params).to.include('RECONCILE_AFTER_MINUTES');
    expect(secrets).to.include('POINTCHECKOUT_API_KEY');
  });

  it('the deploy guide (docs/deploying.md) example lists every param', () => {
    const example = /functions\/\.env\.<project-id>[\s\S]*?```\n([\s\S]*?)```/.exec(deployDoc)?.[1] ?? '';
    const listed = example.split('\n').map((line) => line.trim().split('=')[0]).filter(Boolean);
    expect([...listed].sort()).to.deep.equal([...params].sort());
  });

  it("the function kit's README lists every param in its .env example", () => {
    const example = /\.env\.<project-id>[\s\S]*?```\n([\s\S]*?)```/.exec(kitReadme)?.[1] ?? '';
    const listed = example.split('\n').map((line) => line.trim().split('=')[0]).filter(Boolean);
    expect([...listed].sort()).to.deep.equal([...params].sort());
  });

  it('the local stack writes every param into functions/.env.local', () => {
    // Either a quoted line ('NAME=…') or a template literal (`NAME=${…}`).
    for (const name of params) expect(stack, name).to.match(new RegExp(`['\x60]${name}=`));
  });

  it('the settings table (docs/deploying.md) names every param and secret', () => {
    for (const name of [...params, ...secrets]) expect(deployDoc, name).to.include(`| \`${name}\` |`);
  });
});
