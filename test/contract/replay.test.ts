/**
 * The replay of a recorded go-live run (test/contract/fixtures/go-live-run.json, written by
 * `npm run go-live -- --fix --record <file>` against the simulator) is part of `npm test`: it must stay valid
 * against the vendor spec and our wire schemas, and the replay must catch what the documents never showed.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadRecording, replay } from './replay';

const FIXTURE = resolve(__dirname, 'fixtures/go-live-run.json');
const ROOT = resolve(__dirname, '../..');

function tampered(change: (doc: any) => void): string {
  const doc = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  change(doc);
  const file = join(mkdtempSync(join(tmpdir(), 'replay-')), 'run.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

const cli = (file: string) => spawnSync('npx', ['tsx', 'test/contract/cli.ts', '--replay', file], { cwd: ROOT, encoding: 'utf8' });

describe('replay of a recorded go-live run', () => {
  it('the committed run replays clean against the vendor spec and our wire schemas', () => {
    const { exchanges, headerFamily } = loadRecording(FIXTURE);
    const operations = exchanges.map((e) => `${e.method} ${e.path.replace(/\d{5,}/g, '{id}')}`);
    expect(operations).to.include.members([
      'GET /mer/v2.0/checkout/0',
      'POST /mer/v2.0/checkout/qr',
      'GET /mer/v2.0/checkout/{id}',
      'POST /mer/v2.0/checkout/{id}/cancel',
      'GET /mer/v2.0/webhooks',
      'POST /mer/v2.0/webhooks',
      'POST /mer/v2.0/webhooks/{id}/test',
    ]);
    expect(replay(exchanges, headerFamily).violations).to.deep.equal([]);
  });

  it('the committed run holds no secret: hmacKey and the token in addresses are redacted, header values absent', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    expect(text).not.to.match(/sim_test_secret|sim_test_key|local-webhook-token/);
    expect(text).not.to.match(/"hmacKey": "(?!\[redacted\])/);
    expect(text).to.include('token=[redacted]');
  });

  it('lists an unknown status, an extra field and a missing field as violations', () => {
    const file = tampered((doc) => {
      const read = doc.exchanges.find((e: any) => e.method === 'GET' && /checkout\/\d{5,}$/.test(e.path));
      read.responseBody.result.status = 'ON_HOLD';
      read.responseBody.result.riskScore = 7;
      delete read.responseBody.result.requestId;
    });
    const { violations } = replay(loadRecording(file).exchanges);
    expect(violations.join('\n')).to.match(/status/).and.match(/riskScore is not in the spec/).and.match(/requestId.*our wire schema/);
  });

  it('npm run test:contract -- --replay exits 0 for a clean run, 1 with violations, 2 for an unreadable file', function () {
    this.timeout(60_000);
    const clean = cli(FIXTURE);
    expect(clean.status, clean.stderr).to.equal(0);
    expect(clean.stdout).to.match(/7 exchanges against pointcheckout-v2\.0-2022-02 and our wire schemas: all valid/);
    const bad = cli(tampered((doc) => (doc.exchanges[1].responseBody.result.amount = 'lots')));
    expect(bad.status).to.equal(1);
    expect(bad.stdout).to.match(/#2 .*amount/);
    expect(cli(join(tmpdir(), 'no-such-recording.json')).status).to.equal(2);
  });
});
