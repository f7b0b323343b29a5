import { expect } from 'chai';
import { refusedCallableData } from '../../functions/src/api/callGuard';

describe('callable guard', () => {
  it('passes plain JSON data, including the deepest our schemas use', () => {
    expect(refusedCallableData(undefined)).to.equal(null);
    expect(refusedCallableData({ orderId: 'A', items: [{ name: 'x', lineTotal: '1.00' }], customer: { firstName: 'a' } })).to.equal(null);
    expect(refusedCallableData({ constructor: 1, prototype: 2 })).to.equal(null); // plain fields: the schema refuses them
  });

  it('refuses what firebase-functions would mis-decode: @type, __proto__ and deep nesting', () => {
    expect(refusedCallableData(JSON.parse('{"a":[{"@type":"x"}]}'))).to.match(/@type/);
    expect(refusedCallableData(JSON.parse('{"__proto__":{"orderId":"x"}}'))).to.match(/__proto__/);
    expect(refusedCallableData(JSON.parse(`{"data":${'['.repeat(10_000)}${']'.repeat(10_000)}}`))).to.match(/nested/);
  });
});
