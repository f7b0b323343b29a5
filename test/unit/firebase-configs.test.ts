/**
 * The test and bench stacks run firebase.test.json / firebase.bench.json: firebase.json plus a codebase of their
 * own. Everything else must stay as firebase.json has it, or the suites test another site than the one deployed.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const read = (name: string) => JSON.parse(readFileSync(resolve(__dirname, '../..', name), 'utf8')) as Record<string, any>;

describe('firebase.test.json and firebase.bench.json follow firebase.json', () => {
  const main = read('firebase.json');
  for (const name of ['firebase.test.json', 'firebase.bench.json']) {
    it(`${name}: same hosting, emulators, firestore and default codebase`, () => {
      const other = read(name);
      expect(other.hosting).to.deep.equal(main.hosting);
      expect(other.emulators).to.deep.equal(main.emulators);
      expect(other.firestore).to.deep.equal(main.firestore);
      expect(other.functions[0]).to.deep.equal(main.functions[0]);
    });
  }
});
