/**
 * `npm run go-live` against the simulator (kind and strict): every failure the issue names is seen as the right
 * row with the right fix, the happy path is all green, and no secret is ever printed or recorded.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modeRow } from '../../scripts/go-live/checks/settings';
import { runGoLive } from '../../scripts/go-live/run';
import { RunRecorder } from '../../scripts/go-live/record';
import type { Setup } from '../../scripts/go-live/setup';
import type { Report, Row } from '../../scripts/go-live/report';
import { startSimulator, type Simulator } from '../../simulator/src/server';
import { functionsFolder, PROJECT, startFakeFunction, type FakeFunction } from './go-live-support';

const KEY = 'golive_key_123';
const SECRET = 'golive_secret_456';
const TOKEN = 'golive-token-0123456789abcdef';

interface Run {
  code: number;
  out: string;
  rows: Record<string, Row>;
}

for (const strict of [false, true]) {
  describe(`go-live check against the ${strict ? 'strict' : 'kind'} simulator`, function () {
    this.timeout(30_000);
    let sim: Simulator;
    let fn: FakeFunction;
    let hmacKey: string;
    let secretsSeen: string[];

    before(async () => {
      sim = await startSimulator({ port: 0, apiKey: KEY, apiSecret: SECRET });
      fn = await startFakeFunction();
    });
    after(async () => {
      await sim.close();
      await fn.close();
    });
    beforeEach(async () => {
      await fetch(`${sim.url}/_sim/reset`, { method: 'POST', body: '{}' });
      await fetch(`${sim.url}/_sim/config`, { method: 'POST', body: JSON.stringify({ strict }) });
      hmacKey = register(`${fn.url}?token=${TOKEN}`).hmacKey;
      fn.keys.clear();
      fn.health.clear();
      fn.keys.set('default', { token: TOKEN, hmacKey });
      secretsSeen = [SECRET, TOKEN, hmacKey];
    });

    function register(address: string) {
      return sim.webhooks.create(address);
    }

    async function goLive(args: string[], options: { secrets?: Record<string, string>; params?: Record<string, string>; accounts?: unknown } = {}): Promise<Run> {
      const secrets = {
        POINTCHECKOUT_API_KEY: KEY,
        POINTCHECKOUT_API_SECRET: SECRET,
        POINTCHECKOUT_WEBHOOK_TOKEN: TOKEN,
        POINTCHECKOUT_WEBHOOK_HMAC_KEY: hmacKey,
        ...options.secrets,
      };
      const dir = functionsFolder({ POINTCHECKOUT_BASE_URL: `${sim.url}/mer/v2.0/`, ...options.params }, secrets, options.accounts);
      const lines: string[] = [];
      const code = await runGoLive(['--function-url', fn.url, ...args], {
        env: { GCLOUD_PROJECT: PROJECT },
        out: (line) => lines.push(line),
        err: (line) => lines.push(line),
        functionsDir: dir,
        health: async (account) => fn.health.get(account) ?? null,
        retryDelayMs: 20,
        deliveryTimeoutMs: 5000,
      });
      const out = lines.join('\n');
      for (const secret of [...secretsSeen, ...Object.values(secrets).filter((v) => v.length > 8 && v !== KEY)]) {
        expect(out, 'a secret was printed').not.to.include(secret);
      }
      const rows: Record<string, Row> = {};
      if (args.includes('--json')) for (const row of (JSON.parse(out) as Report).rows) rows[row.check] = row;
      else for (const line of out.split('\n')) {
        const m = /^(PASS|WARN|FAIL) {2}(\S+) +(.*)$/.exec(line);
        if (m) rows[m[2] as string] = { check: m[2] as string, status: (m[1] as string).toLowerCase() as Row['status'], seen: m[3] as string };
      }
      return { code, out, rows };
    }

    const statuses = (run: Run) => Object.fromEntries(Object.values(run.rows).map((row) => [row.check, row.status]));

    it('happy path: every row passes, exit 0', async () => {
      const run = await goLive([]);
      expect(run.code, run.out).to.equal(0);
      expect(Object.keys(run.rows)).to.have.length(10);
      expect(Object.values(run.rows).filter((row) => row.status !== 'pass'), run.out).to.deep.equal([]);
      expect(run.rows.delivery?.seen).to.match(/arrived and the function accepted it/);
      expect(run.out).to.match(/10 pass, 0 warn, 0 fail: ready to go live/);
    });

    it('--json prints the report as JSON a script can read', async () => {
      const run = await goLive(['--json']);
      const report = JSON.parse(run.out) as Report;
      expect(report).to.include({ ok: true, account: 'default', mode: 'test' });
      expect(report.counts).to.deep.equal({ pass: 10, warn: 0, fail: 0 });
      expect(report.rows.map((row) => row.check)).to.deep.equal(
        ['credentials', 'probe', 'webhook', 'delivery', 'settings.params', 'settings.region', 'settings.app-check', 'settings.hmac-key', 'settings.mode', 'settings.reconcile'],
      );
    });

    it('wrong API secret: credentials fail with the secrets:set commands; the gateway checks are not run', async () => {
      secretsSeen.push('wrong-secret-value');
      const run = await goLive(['--json'], { secrets: { POINTCHECKOUT_API_SECRET: 'wrong-secret-value' } });
      expect(run.code).to.equal(1);
      expect(run.rows.credentials).to.include({ status: 'fail' });
      expect(run.rows.credentials?.seen).to.match(/HTTP 401 .*refused POINTCHECKOUT_API_KEY and POINTCHECKOUT_API_SECRET/);
      expect(run.rows.credentials?.fix).to.equal('npx firebase functions:secrets:set POINTCHECKOUT_API_KEY && npx firebase functions:secrets:set POINTCHECKOUT_API_SECRET');
      expect(run.rows.probe?.seen).to.match(/not checked/);
      expect(sim.store.stats.creates).to.equal(0);
    });

    it('wrong base URL: live mode on a test (or simulator) URL fails settings.mode; a URL that is not the merchant API fails credentials', async () => {
      const live = await goLive(['--mode', 'live']);
      expect(live.rows['settings.mode']?.status).to.equal('fail');
      expect(live.out).to.match(/fix: set POINTCHECKOUT_BASE_URL=https:\/\/api\.paymennt\.com\/mer\/v2\.0\/ in functions\/\.env\.golive-test/);
      const notApi = await goLive(['--base-url', `${sim.url}/`]);
      expect(notApi.rows.credentials?.status).to.equal('fail');
      expect(notApi.rows.credentials?.seen).to.match(/not "not found": is .* the merchant API/);
    });

    it('no webhook: registration and delivery fail, the fix is --fix', async () => {
      sim.webhooks.reset();
      const run = await goLive([]);
      expect(statuses(run)).to.include({ webhook: 'fail', delivery: 'fail' });
      expect(run.rows.webhook?.seen).to.equal('no webhook is registered: no event reaches the function');
      expect(run.out).to.include('fix: npm run go-live -- --fix');
    });

    it('webhook at another URL: fail, and the other address is listed with its token redacted', async () => {
      sim.webhooks.reset();
      register(`https://elsewhere.example.com/hook?token=${TOKEN}`);
      const run = await goLive([]);
      expect(run.rows.webhook?.seen).to.match(/no webhook points at .*; 1 point\(s\) elsewhere/);
      expect(run.out).to.include('https://elsewhere.example.com/hook?token=[redacted]');
    });

    it("webhook without ?account=: fail for a second account, whose deliveries the function would refuse", async () => {
      const accounts = { accounts: [{ id: 'uae-live', mode: 'test', baseUrl: `${sim.url}/mer/v2.0/` }] };
      const secrets = { POINTCHECKOUT_API_KEY__UAE_LIVE: KEY, POINTCHECKOUT_API_SECRET__UAE_LIVE: SECRET, POINTCHECKOUT_WEBHOOK_TOKEN__UAE_LIVE: TOKEN, POINTCHECKOUT_WEBHOOK_HMAC_KEY__UAE_LIVE: hmacKey };
      const run = await goLive(['--account', 'uae-live'], { accounts, secrets });
      expect(run.rows.credentials?.status).to.equal('pass');
      expect(run.rows.webhook?.status).to.equal('fail');
      expect(run.rows.webhook?.seen).to.match(/without \?account=uae-live/);
      expect(run.out).to.include('fix: npm run go-live -- --account uae-live --fix');
    });

    it('disabled webhook: fail with the enable command; --fix re-enables it and the delivery then arrives', async () => {
      const [hook] = sim.webhooks.list();
      sim.webhooks.setEnabled(hook?.id ?? '', false);
      const run = await goLive([]);
      expect(run.rows.webhook?.seen).to.match(/is disabled: no events arrive/);
      expect(run.out).to.include(`fix: npm run webhook -- enable ${hook?.id}`);
      const fixed = await goLive(['--fix']);
      expect(statuses(fixed)).to.include({ webhook: 'pass', delivery: 'pass' });
      expect(sim.webhooks.get(hook?.id ?? '')?.enabled).to.equal(true);
    });

    it('two webhooks for one URL: fail (every event twice) with the delete command', async () => {
      const second = register(`${fn.url}?token=${TOKEN}`);
      secretsSeen.push(second.hmacKey);
      const run = await goLive([]);
      expect(run.rows.webhook?.seen).to.match(/2 enabled webhooks point at .* delivered 2 times/);
      expect(run.out).to.include(`fix: npm run webhook -- delete ${second.id}`);
    });

    it("HMAC key in the function not matching the gateway's: registration and delivery fail with the secrets:set command", async () => {
      const other = 'f'.repeat(64);
      fn.keys.set('default', { token: TOKEN, hmacKey: other });
      secretsSeen.push(other);
      const run = await goLive([], { secrets: { POINTCHECKOUT_WEBHOOK_HMAC_KEY: other } });
      expect(statuses(run)).to.include({ webhook: 'fail', delivery: 'fail' });
      expect(run.rows.webhook?.seen).to.match(/HMAC key that is not POINTCHECKOUT_WEBHOOK_HMAC_KEY/);
      expect(run.rows.delivery?.seen).to.match(/refused it: HTTP 401 "bad signature"/);
      expect(run.out).to.include('npx firebase functions:secrets:set POINTCHECKOUT_WEBHOOK_HMAC_KEY');
    });

    it('the gateway answering an unknown status and an extra field: the probe warns and lists them (exit 0)', async () => {
      const fields = { status: 'ON_HOLD', riskScore: 7 };
      await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ match: '^GET /checkout/\\d{5,}$', mode: 'surprise', fields }) });
      const run = await goLive(['--json']);
      expect(run.code, run.out).to.equal(0);
      expect(run.rows.probe?.status).to.equal('warn');
      const details = (run.rows.probe?.details ?? []).join('\n');
      expect(details).to.match(/status ON_HOLD is not one our state machine knows/).and.match(/riskScore is not in the spec/);
    });

    it('gateway 429 and 5xx during the check: retried once; twice is a clear message', async () => {
      const fault = (body: object) => fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify(body) });
      await fault({ match: '^GET /checkout/0$', mode: 'http429', retryAfterSeconds: 0 });
      await fault({ match: '^GET /webhooks$', mode: 'http502' });
      const once = await goLive([]);
      expect(statuses(once)).to.include({ credentials: 'pass', webhook: 'pass' });
      await fault({ match: '^POST /checkout/qr$', mode: 'http500', count: 2 });
      const twice = await goLive(['--json']);
      expect(twice.code).to.equal(1);
      expect(twice.rows.probe?.seen).to.match(/is unavailable: POST checkout\/qr got HTTP 500 twice \(retried once\); run the check again in a few minutes/);
      expect(twice.rows.probe?.fix).to.equal('npm run go-live -- --function-url ' + fn.url + ' --json');
      expect(twice.rows.webhook?.status, 'the other checks still run').to.equal('pass');
    });

    it('--fix registers the webhook and writes its hmacKey to a private file, never to the screen', async () => {
      sim.webhooks.reset();
      const run = await goLive(['--fix', '--json']);
      const [hook] = sim.webhooks.list();
      expect(hook?.address).to.equal(`${fn.url}?token=${TOKEN}`);
      secretsSeen.push(hook?.hmacKey ?? '');
      expect(run.rows.webhook?.status).to.equal('warn');
      const file = /--data-file (\S+)/.exec(run.rows.webhook?.fix ?? '')?.[1] ?? '';
      expect(run.rows.webhook?.fix).to.equal(`npx firebase functions:secrets:set POINTCHECKOUT_WEBHOOK_HMAC_KEY --data-file ${file} && rm ${file} && npx firebase deploy --only functions`);
      expect(readFileSync(file, 'utf8')).to.equal(hook?.hmacKey);
      expect(statSync(file).mode & 0o777).to.equal(0o600);
      // Once stored and deployed, the next run is green.
      fn.keys.set('default', { token: TOKEN, hmacKey: hook?.hmacKey ?? '' });
      const after = await goLive([], { secrets: { POINTCHECKOUT_WEBHOOK_HMAC_KEY: hook?.hmacKey ?? '' } });
      expect(after.code, after.out).to.equal(0);
    });

    it('--record writes the run with secrets redacted', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'go-live-rec-')), 'run.json');
      await goLive(['--record', file]);
      expect(existsSync(file)).to.equal(true);
      const text = readFileSync(file, 'utf8');
      for (const secret of [SECRET, TOKEN, hmacKey]) expect(text).not.to.include(secret);
      expect((JSON.parse(text) as { exchanges: unknown[] }).exchanges.length).to.be.greaterThan(5);
    });
  });
}

describe('go-live settings.mode', () => {
  const setup = (mode: 'test' | 'live', baseUrl: string) => ({ mode, baseUrl, baseUrlSetting: 'POINTCHECKOUT_BASE_URL', envFile: 'functions/.env.p', account: 'default' }) as Setup;
  it("fails a mode on the other mode's PointCheckout host, passes the matching one", () => {
    expect(modeRow(setup('live', 'https://api.test.paymennt.com/mer/v2.0/'))).to.include({ status: 'fail' });
    expect(modeRow(setup('test', 'https://api.paymennt.com/mer/v2.0/')).seen).to.match(/mode test, but api\.paymennt\.com is PointCheckout's live API/);
    expect(modeRow(setup('live', 'https://api.paymennt.com/mer/v2.0/'))).to.include({ status: 'pass' });
    expect(modeRow(setup('test', 'https://api.test.paymennt.com/mer/v2.0/'))).to.include({ status: 'pass' });
    expect(modeRow(setup('live', 'http://api.paymennt.com/mer/v2.0/'))).to.include({ status: 'fail' });
    expect(modeRow(setup('test', 'https://gateway.example.com/mer/v2.0/'))).to.include({ status: 'warn' });
  });
});

describe('go-live usage', () => {
  it('exits 2 for a bad option or an unknown account, 0 for --help', async () => {
    const lines: string[] = [];
    const run = (args: string[]) => runGoLive(args, { env: {}, out: (l) => lines.push(l), err: (l) => lines.push(l), functionsDir: mkdtempSync(join(tmpdir(), 'go-live-empty-')), health: null });
    expect(await run(['--mode', 'prod'])).to.equal(2);
    expect(await run(['--account', 'nope'])).to.equal(2);
    expect(lines.join('\n')).to.match(/--mode must be test or live/).and.match(/account "nope" is not in functions\/pointcheckout\.accounts\.json/);
    expect(await run(['--help'])).to.equal(0);
  });
});

describe('go-live recording', () => {
  it('redacts hmacKeys, token= values, configured secrets and card-like numbers, and keeps gateway ids whole', () => {
    const recorder = new RunRecorder(['s3cret-value-123']);
    const url = new URL('https://api.test.paymennt.com/mer/v2.0/webhooks?page=0');
    recorder.add(
      {
        method: 'POST',
        url,
        headers: ['X-PointCheckout-Api-Key', 'X-PointCheckout-Api-Secret'],
        contentType: 'application/json',
        requestBody: { address: 'https://x.example/hook?account=a&token=tok-abc' },
        status: 200,
        responseBody: { success: true, result: { id: '4111111111111111', hmacKey: 'abc', orderId: 'card 4111 1111 1111 1111', note: 'has s3cret-value-123' } },
      },
      0,
    );
    const [exchange] = recorder.exchanges;
    expect(exchange?.headers).to.deep.equal(['x-pointcheckout-api-key', 'x-pointcheckout-api-secret']);
    expect(exchange?.requestBody).to.deep.equal({ address: 'https://x.example/hook?account=a&token=[redacted]' });
    const result = (exchange?.responseBody as { result: Record<string, string> }).result;
    expect(result.id, 'an id is the gateway id, not a card').to.equal('4111111111111111');
    expect(result.hmacKey).to.equal('[redacted]');
    expect(result.orderId).to.match(/^card \[card-like number, 16 digits, ending 1111\]$/);
    expect(result.note).to.equal('has [redacted]');
  });
});
