import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startSimulator } from '../src/server';
import { api, call, createCheckout, start, waitFor } from './helpers';

describe('server', () => {
  it('reports the real port when started on port 0, and honours publicUrl', async () => {
    const sim = await start({ publicUrl: 'https://pay.example.test/' });
    try {
      expect(sim.port).to.be.above(0);
      expect(sim.url).to.equal(`http://127.0.0.1:${sim.port}`);
      const c = await createCheckout(sim);
      expect(c.redirectUrl).to.equal(`https://pay.example.test/checkout/${c.checkoutKey}`);
      expect((await call(sim, 'GET', '/_sim/health', { auth: false })).json).to.deep.equal({ ok: true });
    } finally {
      await sim.close();
    }
  });

  it('uses the default credentials and logs one line per request', async () => {
    const lines: string[] = [];
    const sim = await startSimulator({ port: 0, log: (line) => lines.push(line) });
    try {
      const reply = await call(sim, 'GET', '/mer/v2.0/checkout', {
        auth: false,
        headers: { 'X-PointCheckout-Api-Key': 'sim_test_key', 'X-PointCheckout-Api-Secret': 'sim_test_secret' },
      });
      expect(reply.status).to.equal(200);
      await waitFor(() => lines.includes('GET /mer/v2.0/checkout 200'));
      expect(lines.join('\n')).not.to.include('sim_test_secret');
    } finally {
      await sim.close();
    }
  });

  it('closes promptly even while a response is withheld by a timeout fault', async () => {
    const sim = await start();
    await call(sim, 'POST', '/_sim/faults', { auth: false, body: { match: '.', mode: 'timeout', count: 1 } });
    const pending = api(sim, 'GET', '/checkout').then(
      () => 'answered',
      () => 'aborted',
    );
    await waitFor(() => sim.store.stats.searches === 1);
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).to.be.below(1000);
    expect(await pending).to.equal('aborted');
  });

  it('CLI prints the listening line fast and exits cleanly on SIGTERM', async function () {
    this.timeout(10_000);
    const main = path.join(__dirname, '..', 'src', 'main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, SIMULATOR_PORT: '0', SIMULATOR_LOG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(`${code}/${signal}`)));
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    try {
      await waitFor(() => out.includes('\n'), 8000, 'listening line');
      expect(out).to.match(/^PointCheckout simulator listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).to.equal('0/null');
  });
});
