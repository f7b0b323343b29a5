/**
 * An empty or whitespace webhook HMAC key is a configuration error, never a silent skip of the signature check:
 * deliveries are answered 503 (PointCheckout retries; nothing is applied unsigned) and an error is logged.
 * `none` is the only opt-out. Runs the real handler with the secrets in the environment, as the runtime sets them.
 */
import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { logger } from 'firebase-functions';
import { webhookHandler } from '../../functions/src/api/triggers/pointcheckoutWebhook';

const TOKEN = 'unit-webhook-token-0123456789abcdef';

async function deliver(hmacKey: string, signed: boolean): Promise<{ status: number; body: Record<string, unknown> }> {
  process.env.POINTCHECKOUT_WEBHOOK_TOKEN = TOKEN;
  process.env.POINTCHECKOUT_WEBHOOK_HMAC_KEY = hmacKey;
  process.env.WEBHOOK_SIGNATURE_HEADER = 'X-PointCheckout-Signature';
  const raw = Buffer.from('{}'); // no checkout id: a delivery that passes every check is answered 400
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signed) headers['x-pointcheckout-signature'] = createHmac('sha256', 'some-key').update(raw).digest('hex');
  const req = { method: 'POST', query: { token: TOKEN }, rawBody: raw, get: (name: string) => headers[name.toLowerCase()] };
  const out = { status: 0, body: {} as Record<string, unknown> };
  const res = {
    status(code: number) { out.status = code; return res; },
    json(body: Record<string, unknown>) { out.body = body; return res; },
    set() { return res; },
  };
  await webhookHandler(req as never, res as never);
  return out;
}

describe('webhook HMAC key configuration (issue #16)', () => {
  const saved = { ...process.env };
  let errors: string[] = [];
  const originalError = logger.error;
  beforeEach(() => {
    errors = [];
    (logger as { error: unknown }).error = (message: string) => { errors.push(message); };
  });
  afterEach(() => {
    (logger as { error: unknown }).error = originalError;
    process.env = { ...saved };
  });

  for (const key of ['', '   ', '\t\n']) {
    it(`refuses deliveries with 503 and logs a configuration error when the key is ${JSON.stringify(key)}`, async () => {
      const unsigned = await deliver(key, false);
      expect(unsigned.status).to.equal(503);
      expect(errors.join('\n')).to.match(/CONFIGURATION ERROR.*HMAC key/);
    });
  }

  it('`none` is the only opt-out: an unsigned delivery gets past the signature check', async () => {
    expect((await deliver('none', false)).status).to.equal(400);
    expect(errors).to.deep.equal([]);
  });

  it('a configured key still refuses an unsigned or wrongly signed delivery', async () => {
    expect((await deliver('the-real-key', false)).status).to.equal(401);
    expect((await deliver('the-real-key', true)).status).to.equal(401);
    expect((await deliver('some-key', true)).status).to.equal(400);
  });
});
