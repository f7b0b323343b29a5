/**
 * Runs last: scans everything the stack printed during the run (scripts/stack.mjs tees it to STACK_LOG_PATH,
 * function logs included) for the webhook token, the HMAC key, the API key and secret, and card numbers.
 * Card numbers: see `cardNumbersIn` (card-scan.ts).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { record } from './report';
import { cardNumbersIn } from './card-scan';

describe('reliability: no secrets or card numbers in the function logs', () => {
  it('the stack log holds none of them', function () {
    const path = process.env.STACK_LOG_PATH;
    if (!path) throw new Error('STACK_LOG_PATH is not set: run through scripts/stack.mjs');
    // The scanner itself must be able to fail: it flags what it should and passes gateway-id-like numbers.
    expect(cardNumbersIn('card 4242 4242 4242 4242')).to.deep.equal(['4242424242424242']);
    expect(cardNumbersIn('{"cardNumber":"5555555555554444"}')).to.deep.equal(['5555555555554444']);
    expect(cardNumbersIn('{"gatewayId":"1234567890123456782"}')).to.deep.equal([]);

    const secrets = Object.entries({
      webhookToken: process.env.POINTCHECKOUT_WEBHOOK_TOKEN,
      hmacKey: process.env.POINTCHECKOUT_WEBHOOK_HMAC_KEY,
      apiKey: process.env.POINTCHECKOUT_API_KEY,
      apiSecret: process.env.POINTCHECKOUT_API_SECRET,
    }).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].length > 0);
    const lines = readFileSync(path, 'utf8').split('\n');
    const functionLines = lines.filter((l) => l.startsWith('>  ')).length;
    const hits: string[] = [];
    lines.forEach((line, index) => {
      for (const [name, value] of secrets) if (line.includes(value)) hits.push(`line ${index + 1}: ${name}`);
      for (const card of cardNumbersIn(line)) hits.push(`line ${index + 1}: card number ending ${card.slice(-4)}`);
    });
    record({
      scenario: 'security: logs',
      tried: `${lines.length} lines printed by the stack (${functionLines} function log lines) scanned for ${secrets.length} secrets and card numbers`,
      held: hits.length === 0 ? 'none found' : hits.slice(0, 5).join('; '),
      ok: hits.length === 0 && functionLines > 0,
    });
    expect(secrets.map(([name]) => name)).to.deep.equal(['webhookToken', 'hmacKey', 'apiKey', 'apiSecret']);
    expect(functionLines, 'no function log lines were captured').to.be.greaterThan(0);
    expect(hits).to.deep.equal([]);
  });
});
