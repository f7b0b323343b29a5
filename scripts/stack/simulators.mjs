/** The two PointCheckout simulators (test and live accounts): started, waited for, our webhook registered. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { groups, isStopping } from './processes.mjs';
import {
  LIVE_SECRETS,
  LIVE_SIMULATOR_PORT,
  LIVE_SIMULATOR_URL,
  LIVE_WEBHOOK_URL,
  LOCAL_SECRETS,
  log,
  root,
  SIMULATOR_PORT,
  SIMULATOR_URL,
  tee,
  WEBHOOK_URL,
} from './settings.mjs';

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms: ${error}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * The address phones use for payment pages: `--host <addr>` or POS_PUBLIC_HOST; null keeps 127.0.0.1.
 * Only a host name or an IP address is accepted, so nothing else can end up in the QR.
 */
export function publicHost(args, env = process.env) {
  const index = args.indexOf('--host');
  const value = index >= 0 ? args[index + 1] : env.POS_PUBLIC_HOST;
  if (value === undefined || value === '') return null;
  if (!/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(value) && !/^[0-9a-fA-F:]+$/.test(value)) {
    throw new Error(`--host must be a host name or an IP address such as 192.168.1.20, got '${value}'`);
  }
  return value;
}

const SIMULATORS = {
  test: { port: SIMULATOR_PORT, url: SIMULATOR_URL, key: LOCAL_SECRETS.POINTCHECKOUT_API_KEY, secret: LOCAL_SECRETS.POINTCHECKOUT_API_SECRET, webhook: WEBHOOK_URL },
  live: { port: LIVE_SIMULATOR_PORT, url: LIVE_SIMULATOR_URL, key: LIVE_SECRETS.POINTCHECKOUT_API_KEY__LIVE, secret: LIVE_SECRETS.POINTCHECKOUT_API_SECRET__LIVE, webhook: LIVE_WEBHOOK_URL },
};

export async function startSimulator(env, which = 'test', host = null) {
  const sim = SIMULATORS[which];
  const reachable = host
    ? { SIMULATOR_HOST: host.includes(':') ? '::' : '0.0.0.0', SIMULATOR_PUBLIC_URL: `http://${host.includes(':') ? `[${host}]` : host}:${sim.port}` }
    : {};
  const child = spawn(process.execPath, [join(root, 'simulator', 'lib', 'main.js')], {
    // Recording lets the last emulator suite file validate every exchange against PointCheckout's OpenAPI spec.
    env: {
      ...env,
      ...reachable,
      SIMULATOR_PORT: String(sim.port),
      SIMULATOR_RECORD: '1',
      POINTCHECKOUT_API_KEY: sim.key,
      POINTCHECKOUT_API_SECRET: sim.secret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group too: stopped by the script after the emulators, never mid-delivery by the terminal.
    detached: true,
  });
  tee(child);
  groups.push(child.pid);
  child.on('exit', (code, signal) => {
    if (!isStopping()) log(`${which} simulator exited unexpectedly (code ${code}, signal ${signal})`);
  });
  // Generous: on a loaded 2-core machine a node process can take many seconds to listen; it returns at once when up.
  await waitFor(`${sim.url}/_sim/stats`, 60_000);
  const res = await fetch(`${sim.url}/mer/v2.0/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-PointCheckout-Api-Key': sim.key, 'X-PointCheckout-Api-Secret': sim.secret },
    body: JSON.stringify({ address: sim.webhook }),
  });
  const body = await res.json();
  if (!body.success) throw new Error(`webhook registration at the ${which} simulator failed: ${body.error}`);
  log(`${which} simulator on ${sim.url}; webhook ${body.result.id} → pointcheckoutWebhook (signed)`);
  if (reachable.SIMULATOR_PUBLIC_URL) log(`payment pages (and QR codes) use ${reachable.SIMULATOR_PUBLIC_URL}, listening on all interfaces`);
  return { child, hmacKey: body.result.hmacKey, publicUrl: reachable.SIMULATOR_PUBLIC_URL };
}

