/**
 * The go-live check against the local stack: the real pointcheckoutWebhook accepts PointCheckout's test call and
 * notes it in webhookHealth/{account}, which the check reads; an HMAC key that is not the gateway's is seen as
 * the function's own "bad signature" rejection. Also the function's side: test calls, rejections per account.
 */
import { expect } from 'chai';
import { runGoLive } from '../../scripts/go-live/run';
import type { Report } from '../../scripts/go-live/report';
import { startSimulator } from '../../simulator/src/server';
import { functionsFolder } from '../unit/go-live-support';
import { useStrictGateway } from './strictGateway';
import { adminDb, eventually, postWebhook, PROJECT_ID, SIMULATOR_URL, WEBHOOK_HMAC_KEY, WEBHOOK_TOKEN, WEBHOOK_URL } from './harness';
import { testTimeout, WAIT_MS } from '../support/wait';

const API_KEY = process.env.POINTCHECKOUT_API_KEY ?? '';
const API_SECRET = process.env.POINTCHECKOUT_API_SECRET ?? '';

async function goLive(baseUrl: string, secrets: Record<string, string>, deliveryTimeoutMs = WAIT_MS): Promise<{ code: number; report: Report; out: string }> {
  const dir = functionsFolder({ POINTCHECKOUT_BASE_URL: `${baseUrl}/mer/v2.0/`, FUNCTIONS_REGION: 'us-central1' }, secrets, undefined, PROJECT_ID);
  const lines: string[] = [];
  const env = { GCLOUD_PROJECT: PROJECT_ID, FIRESTORE_EMULATOR_HOST: process.env.FIRESTORE_EMULATOR_HOST };
  const code = await runGoLive(['--function-url', WEBHOOK_URL, '--json'], { env, out: (l) => lines.push(l), err: (l) => lines.push(l), functionsDir: dir, deliveryTimeoutMs });
  const out = lines.join('\n');
  for (const secret of [API_SECRET, WEBHOOK_TOKEN, WEBHOOK_HMAC_KEY]) expect(out, 'a secret was printed').not.to.include(secret);
  return { code, report: JSON.parse(out) as Report, out };
}

const health = async (account: string) => (await adminDb.collection('webhookHealth').doc(account).get()).data();

describe('go-live check against the emulators', function () {
  this.timeout(testTimeout(120_000));
  const secrets = {
    POINTCHECKOUT_API_KEY: API_KEY,
    POINTCHECKOUT_API_SECRET: API_SECRET,
    POINTCHECKOUT_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    POINTCHECKOUT_WEBHOOK_HMAC_KEY: WEBHOOK_HMAC_KEY,
  };

  async function allGreen() {
    const { code, report, out } = await goLive(SIMULATOR_URL, secrets);
    expect(code, out).to.equal(0);
    expect(report.rows.filter((row) => row.status !== 'pass'), out).to.deep.equal([]);
    expect(report.rows.find((row) => row.check === 'delivery')?.seen).to.match(/arrived and the function accepted it \(HTTP 200\)/);
    expect((await health('default'))?.lastTestCall).to.include({ outcome: 'test', httpStatus: 200 });
  }

  it('happy path: all green, the test call seen arriving in webhookHealth/default', allGreen);

  describe('against the strict simulator', () => {
    useStrictGateway();
    it('happy path: all green too', allGreen);
  });

  it('the webhook answers a test call 200 (a body without ids is still 400) and notes rejections per configured account only', async () => {
    const test = await postWebhook({ test: true, webhookId: '123' });
    expect(test.status).to.equal(200);
    expect(test.body).to.deep.equal({ received: true, outcome: 'test' });
    expect((await postWebhook({ hello: 'world' })).status).to.equal(400);
    expect((await postWebhook({ test: true }, { token: 'wrong-token' })).status).to.equal(401);
    await eventually(async () => (await health('default'))?.lastRejected?.reason === 'bad token', 'the bad-token rejection noted');
    expect((await postWebhook({ test: true }, { account: 'nope' })).status).to.equal(401);
    expect(await health('nope'), 'an unknown account creates no document').to.equal(undefined);
  });
  // Last: the other gateway's deliveries (probe, cancel, retries) may still reach the function after it closes
  // (the emulator handles a request whose client went away), and a rejection during another run's check is news.
  describe('with a gateway that signs with another key', () => {
    it("an HMAC key in the function that is not the gateway's: the function's 'bad signature' is reported", async () => {
      // A gateway whose webhook at our function signs with a key of its own; the function holds the stack's key.
      const gateway = await startSimulator({ port: 0, apiKey: API_KEY, apiSecret: API_SECRET });
      try {
        gateway.webhooks.create(`${WEBHOOK_URL}?token=${WEBHOOK_TOKEN}`);
        const { code, report, out } = await goLive(gateway.url, secrets);
        expect(code).to.equal(1);
        const row = (check: string) => report.rows.find((r) => r.check === check);
        expect(row('webhook')?.status).to.equal('fail');
        expect(row('delivery')?.seen, out).to.match(/refused .*: HTTP 401 "bad signature"/);
        expect(row('delivery')?.fix).to.match(/^npx firebase functions:secrets:set POINTCHECKOUT_WEBHOOK_HMAC_KEY /);
        expect((await health('default'))?.lastRejected).to.include({ reason: 'bad signature', httpStatus: 401 });
      } finally {
        await gateway.close();
      }
    });
  });
});
