import { expect } from 'chai';
import net from 'node:net';
import { runWebhookCli } from '../../scripts/webhook-cli';
import { startSimulator, type Simulator } from '../../simulator/src/server';

const apiKey = 'cli_test_key';
const apiSecret = 'cli_test_secret';
// Port 9 refuses connections, so the test call the simulator makes fails fast and quietly.
const address = 'http://127.0.0.1:9/pointcheckoutWebhook?token=s3cret-token';

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('webhook CLI (against the simulator)', () => {
  let sim: Simulator;
  let env: NodeJS.ProcessEnv;
  let id: string;

  before(async () => {
    sim = await startSimulator({ port: 0, apiKey, apiSecret });
    env = { POINTCHECKOUT_SIMULATOR_URL: sim.url, POINTCHECKOUT_API_KEY: apiKey, POINTCHECKOUT_API_SECRET: apiSecret };
  });

  after(() => sim.close());

  async function cli(args: string[], environment: NodeJS.ProcessEnv = env): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runWebhookCli(args, environment, (line) => out.push(line), (line) => err.push(line));
    const run = { code, out: out.join('\n'), err: err.join('\n') };
    expect(run.out + run.err, 'the API secret is never printed').not.to.include(environment.POINTCHECKOUT_API_SECRET ?? apiSecret);
    return run;
  }

  it('prints usage for --help (exit 0) and without a command (exit 2)', async () => {
    const help = await cli(['--help'], {});
    expect(help.code).to.equal(0);
    expect(help.out).to.include('register --url <address>').and.include('POINTCHECKOUT_API_SECRET').and.include('--json');
    const none = await cli([]);
    expect(none.code).to.equal(2);
    expect(none.err).to.include('Usage:');
  });

  it('register prints the id, the hmacKey and the secrets:set command', async () => {
    const run = await cli(['register', '--url', address]);
    expect(run.code, run.err).to.equal(0);
    expect(run.err, 'no warnings for a tokenised localhost address').to.equal('');
    const registered = /Registered webhook (\d+)/.exec(run.out);
    expect(registered, run.out).not.to.equal(null);
    id = registered?.[1] ?? '';
    expect(run.out).to.match(/hmacKey {2}[0-9a-f]{64}\b/);
    expect(run.out).to.include('firebase functions:secrets:set POINTCHECKOUT_WEBHOOK_HMAC_KEY');
    expect(run.out).to.include('?token=<POINTCHECKOUT_WEBHOOK_TOKEN>');
    expect(run.out).to.include('token=****').and.not.include('s3cret-token');
  });

  it('list shows the webhook with the token masked and no hmacKey', async () => {
    const run = await cli(['list']);
    expect(run.code, run.err).to.equal(0);
    const row = run.out.split('\n').find((line) => line.startsWith(id));
    expect(row, run.out).to.match(/^\d+ +true +false +http:\/\/127\.0\.0\.1:9\/pointcheckoutWebhook\?token=\*\*\*\*$/);
    expect(run.out).not.to.include('s3cret-token');
    const hmacKey = sim.webhooks.get(id)?.hmacKey ?? 'missing';
    expect(run.out).not.to.include(hmacKey);
  });

  it('test asks the gateway to call the webhook', async () => {
    const run = await cli(['test', id]);
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.include(`Sent a test call to webhook ${id}`);
    for (let i = 0; i < 50 && !sim.webhooks.deliveries().some((d) => d.webhookId === id); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(sim.webhooks.deliveries().some((d) => d.webhookId === id && d.checkoutId === null)).to.equal(true);
  });

  it('disable and enable flip enabled', async () => {
    const disabled = await cli(['disable', id]);
    expect(disabled.code, disabled.err).to.equal(0);
    expect(disabled.out).to.include(`Disabled webhook ${id}`).and.match(/enabled +false/);
    expect((await cli(['get', id])).out).to.match(/enabled +false/);
    const enabled = await cli(['enable', id]);
    expect(enabled.code, enabled.err).to.equal(0);
    expect(enabled.out).to.match(/enabled +true/);
  });

  it('--json prints parseable JSON, with the hmacKey only for register', async () => {
    const list = await cli(['list', '--json']);
    expect(list.code, list.err).to.equal(0);
    const hooks: unknown = JSON.parse(list.out);
    expect(hooks).to.be.an('array').that.deep.includes({ id, address, failed: false, enabled: true });
    const got = JSON.parse((await cli(['--json', 'get', id])).out) as Record<string, unknown>;
    expect(got).to.include({ id, enabled: true }).and.not.have.property('hmacKey');

    const registered = await cli(['register', '--json', '--url', 'http://example.com/hook']);
    expect(registered.code, registered.err).to.equal(0);
    expect(registered.err).to.include('no ?token=').and.include('not https');
    const created = JSON.parse(registered.out) as Record<string, unknown>;
    expect(created.hmacKey).to.match(/^[0-9a-f]{64}$/);
    expect((await cli(['delete', String(created.id)])).code).to.equal(0);
  });

  it('delete removes the webhook', async () => {
    const run = await cli(['delete', id]);
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.include(`Deleted webhook ${id}`);
    const list = await cli(['list']);
    expect(list.out).not.to.include(id);
  });

  it('reports an unknown id with the gateway message (exit 1)', async () => {
    const run = await cli(['get', '123456789']);
    expect(run.code).to.equal(1);
    expect(run.err).to.include('Webhook not found for API merchant');
  });

  it('reads the base URL and the paymennt header family from the environment', async () => {
    const paymennt = { ...env, POINTCHECKOUT_BASE_URL: `${sim.url}/mer/v2.0`, POINTCHECKOUT_HEADER_FAMILY: 'paymennt' };
    expect((await cli(['list'], paymennt)).code).to.equal(0);
    const bad = await cli(['list'], { ...env, POINTCHECKOUT_HEADER_FAMILY: 'other' });
    expect(bad.code).to.equal(2);
    expect(bad.err).to.include('POINTCHECKOUT_HEADER_FAMILY');
  });

  it('exits 2 naming a missing variable or a usage error', async () => {
    const run = await cli(['list'], { ...env, POINTCHECKOUT_API_KEY: undefined });
    expect(run.code).to.equal(2);
    expect(run.err).to.include('POINTCHECKOUT_API_KEY');
    expect((await cli(['get'])).code).to.equal(2);
    expect((await cli(['frobnicate'])).code).to.equal(2);
    expect((await cli(['list', '--verbose'])).code).to.equal(2);
    expect((await cli(['register'])).code).to.equal(2);
  });

  it('exits 1 when the gateway refuses the credentials', async () => {
    const run = await cli(['list'], { ...env, POINTCHECKOUT_API_SECRET: 'wrong-secret' });
    expect(run.code).to.equal(1);
    expect(run.err).to.include('Invalid API key or secret');
  });

  it('exits 1 saying the gateway could not be reached', async () => {
    const blocked = await cli(['list'], { ...env, POINTCHECKOUT_BASE_URL: 'http://127.0.0.1:9/' });
    expect(blocked.code).to.equal(1);
    expect(blocked.err).to.include('could not reach the gateway at 127.0.0.1:9');

    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const refused = await cli(['list'], { ...env, POINTCHECKOUT_BASE_URL: `http://127.0.0.1:${port}/mer/v2.0/` });
    expect(refused.code).to.equal(1);
    expect(refused.err).to.include(`could not reach the gateway at 127.0.0.1:${port}: ECONNREFUSED`);
  });
});
