/**
 * PointCheckout's own PHP SDK (test/vendor-sdks/paymennt-php, unmodified) against the simulator: the PHP
 * driver test/sdk/paymennt-php-driver.php makes every SDK call and asserts its result; this test starts a
 * simulator and a webhook receiver, runs the driver with `php`, and expects every call to pass.
 * Skips (saying so) only where `php` with the curl extension is not installed (.ci/run installs it).
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { startSimulator, type Simulator } from '../../simulator/src/server';

const DRIVER = resolve(__dirname, '../sdk/paymennt-php-driver.php');
const KEY = 'php_sdk_key';
const SECRET = 'php_sdk_secret';

/** Every call the driver makes, in order: the SDK's 36 public calls plus the steps around them. */
const EXPECTED_CALLS = [
  'createWebhook',
  'webhookLookupRequest',
  'getWebhook',
  'getWebhookRequest',
  'disableWebhookRequest',
  'enableWebhookRequest',
  'testWebhookRequest (workaround: catch \\TypeError)',
  'createQRCheckout',
  'createQRCheckout without description',
  'createLinkCheckout',
  'getCheckout',
  'getCheckoutRequest',
  'checkoutLookupRequest',
  'checkoutLookupRequest in strict mode',
  '(customer pays on the payment page)',
  'refundCheckoutRequest',
  'cancelCheckoutRequest',
  'errors: wrong secret, unknown checkout',
  'webhook signatures (hash_hmac sha256 of the raw body)',
  'deleteWebhookRequest (workaround: catch \\TypeError)',
  ...[
    'createWebCheckout',
    'createMobileCheckout',
    'createPayment',
    'getPayment',
    'getPaymentRequest',
    'captureAuthorizedPayment',
    'getBranch',
    'getBranchRequest',
    'branchLookupRequest',
    'createBranch',
    'disableBranchRequest',
    'enableBranchRequest',
    'getSubscription',
    'getSubscriptionRequest',
    'subscriptionLookupRequest',
    'createSubscription',
    'pauseSubscriptionRequest',
    'resumeSubscriptionRequest',
    'getSubscriptionPaymentsRequest',
  ].map((call) => `${call} (not simulated: 404 Not found)`),
];

/** Why PHP cannot run the driver here, or null when it can. */
function phpMissing(): string | null {
  const modules = spawnSync('php', ['-m'], { encoding: 'utf8' });
  if (modules.error) return `php is not installed (${modules.error.message}); on Debian: apt-get install php-cli php-curl`;
  if (!/^curl$/m.test(modules.stdout)) return 'the php curl extension is not installed; on Debian: apt-get install php-curl';
  return null;
}

interface Delivery {
  body: string;
  signature: string;
}

/** A webhook receiver keeping each raw body (base64) and its signature; GET /received lists them. */
async function startReceiver(): Promise<{ url: string; close: () => Promise<void> }> {
  const received: Delivery[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/received') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(received));
        return;
      }
      const signature = req.headers['x-pointcheckout-signature'];
      received.push({ body: Buffer.concat(chunks).toString('base64'), signature: typeof signature === 'string' ? signature : '' });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) };
}

function runDriver(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn('php', [DRIVER], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, err }));
  });
}

describe("PointCheckout's PHP SDK against the simulator", function () {
  // A loaded CI machine: PHP start-up, curl calls and webhook deliveries get a generous deadline.
  this.timeout(120_000);
  let sim: Simulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  before(async function () {
    const missing = phpMissing();
    if (missing) {
      console.log(`    skipped: ${missing}`);
      this.skip();
    }
    sim = await startSimulator({ port: 0, apiKey: KEY, apiSecret: SECRET });
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver?.close();
    await sim?.close();
  });

  it('every SDK call passes (base URL by the docs/simulator.md step, webhooks verified with hash_hmac)', async () => {
    const run = await runDriver({ SIM_URL: sim.url, SIM_API_KEY: KEY, SIM_API_SECRET: SECRET, RECEIVER_URL: receiver.url });
    const lines = run.out.split('\n').filter((line) => /^(PASS|FAIL) /.test(line));
    const failures = lines.filter((line) => line.startsWith('FAIL '));
    expect(failures, `${run.out}\n${run.err}`).to.deep.equal([]);
    expect(lines.map((line) => line.slice('PASS '.length)), 'the calls the driver made').to.deep.equal(EXPECTED_CALLS);
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.include('ALL PASSED');
  });
});
