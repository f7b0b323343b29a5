import { expect } from 'chai';
import { parseWebhookIds } from '../../functions/src/webhook/parse';
import { secretsMatch } from '../../functions/src/webhook/token';

describe('webhook body parsing', () => {
  it('reads the checkout id and requestId from a JSON checkout', () => {
    const body = JSON.stringify({ id: '1653241101733169556', requestId: 'abc123', status: 'PAID' });
    expect(parseWebhookIds('application/json', body)).to.deep.equal({ gatewayId: '1653241101733169556', requestId: 'abc123' });
  });

  it('reads form-encoded bodies and bodies without a content type', () => {
    expect(parseWebhookIds('application/x-www-form-urlencoded', 'id=123&status=PAID')).to.deep.equal({
      gatewayId: '123',
      requestId: undefined,
    });
    expect(parseWebhookIds(undefined, '{"requestId":"r-1"}')).to.deep.equal({ gatewayId: undefined, requestId: 'r-1' });
  });

  it('looks inside an envelope or wrapper', () => {
    expect(parseWebhookIds('application/json', '{"success":true,"result":{"id":42}}')).to.deep.equal({
      gatewayId: '42',
      requestId: undefined,
    });
    expect(parseWebhookIds('application/json', '{"data":{"checkoutId":"77"}}')?.gatewayId).to.equal('77');
  });

  it('returns null when there is no usable id', () => {
    expect(parseWebhookIds('application/json', '{"status":"PAID"}')).to.equal(null);
    expect(parseWebhookIds('application/json', '{not json')).to.equal(null);
    expect(parseWebhookIds('application/json', '{"id":"../../etc"}')).to.equal(null);
    expect(parseWebhookIds('application/json', '{"requestId":"a/b"}')).to.equal(null);
    expect(parseWebhookIds('application/json', '[1,2]')).to.equal(null);
    expect(parseWebhookIds('text/plain', '')).to.equal(null);
    expect(parseWebhookIds('application/json', '{"__proto__":{"id":"1"}}')).to.equal(null);
  });
});

describe('webhook token', () => {
  it('matches only the exact token', () => {
    expect(secretsMatch('secret-token', 'secret-token')).to.equal(true);
    expect(secretsMatch('secret-tokem', 'secret-token')).to.equal(false);
    expect(secretsMatch('secret', 'secret-token')).to.equal(false);
    expect(secretsMatch(undefined, 'secret-token')).to.equal(false);
    expect(secretsMatch(['secret-token'], 'secret-token')).to.equal(false);
    expect(secretsMatch('', '')).to.equal(false);
  });
});
