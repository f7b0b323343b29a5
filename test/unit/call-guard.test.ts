import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { refusedCallableData, refusedEnvelope } from '../../functions/src/api/callGuard';
import { guardConsole } from '../../functions/src/util/consoleGuard';

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

describe('callable guard: the envelope', () => {
  it('passes JSON holding `data` only (any JSON value, null included; a charset is fine)', () => {
    expect(refusedEnvelope('application/json', { data: {} })).to.equal(null);
    expect(refusedEnvelope('application/json; charset=utf-8', { data: null })).to.equal(null);
    expect(refusedEnvelope('Application/JSON', { data: [1] })).to.equal(null);
  });

  it('refuses, before firebase-functions would log them, bodies that are not the envelope', () => {
    const card = '4242424242424242';
    expect(refusedEnvelope('text/plain', card)).to.match(/Content-Type/);
    expect(refusedEnvelope(`application/x-${card}`, {})).to.match(/Content-Type/);
    expect(refusedEnvelope(undefined, undefined)).to.match(/Content-Type/);
    expect(refusedEnvelope('application/json', [Number(card)])).to.match(/JSON object/);
    expect(refusedEnvelope('application/json', card)).to.match(/JSON object/);
    expect(refusedEnvelope('application/json', { cardNumber: card })).to.match(/no "data"/);
    expect(refusedEnvelope('application/json', JSON.parse(`{"data":{},"${card}":1}`))).to.match(/"data" field only/);
    expect(refusedEnvelope('application/json', JSON.parse('{"data":1,"__proto__":{}}'))).to.match(/"data" field only/);
    // No message repeats what was sent.
    for (const body of [card, [card], { cardNumber: card }, { data: 1, [card]: 1 }]) expect(refusedEnvelope('application/json', body) ?? '').not.to.include('4242');
  });
});

describe('console guard', () => {
  function captured(): { out: Console; text: () => string } {
    let text = '';
    const sink = new Writable({ write(chunk: Buffer, _encoding, done) { text += chunk.toString(); done(); } });
    return { out: new Console({ stdout: sink, stderr: sink }), text: () => text };
  }

  it('masks card numbers in whatever is printed, as express prints a refused body', () => {
    const { out, text } = captured();
    guardConsole(out);
    guardConsole(out); // once: a second call does not wrap twice
    out.error(new SyntaxError('Unexpected token \'"\', ""4242424242424242"" is not valid JSON'));
    out.log('body %s', '4242 4242 4242 4242', { pan: '5555555555554444' });
    out.warn(['4000000000000002']);
    expect(text()).to.include('SyntaxError').and.to.include('ending 4242').and.to.include('ending 4444').and.to.include('ending 0002');
    expect(text()).not.to.match(/4242424242424242|4242 4242 4242 4242|5555555555554444|4000000000000002/);
  });
});
