#!/usr/bin/env node
/**
 * CLI: `node simulator/lib/main.js`. Configured by environment variables:
 * SIMULATOR_HOST (127.0.0.1), SIMULATOR_PORT (8089), POINTCHECKOUT_API_KEY (sim_test_key),
 * POINTCHECKOUT_API_SECRET (sim_test_secret), SIMULATOR_PUBLIC_URL (http://host:port),
 * SIMULATOR_LOG=1 to log one line per request, SIMULATOR_RECORD=1 to record every API exchange
 * for contract tests (GET /_sim/exchanges), SIMULATOR_STRICT=1 for strict mode,
 * SIMULATOR_LATENCY_MS (0) and SIMULATOR_RATE_LIMIT (requests per second per API key; unset = none).
 */
import { configFromEnv } from './config';
import { DEFAULT_API_KEY, DEFAULT_API_SECRET, DEFAULT_PORT, startSimulator, type Simulator } from './server';

let simulator: Simulator | undefined;
let stopping = false;

/**
 * Installed before the server starts, so a signal arriving right after the "listening"
 * line (or during start-up) always ends the process cleanly; repeated signals are ignored.
 */
function stop(): void {
  if (stopping) return;
  stopping = true;
  const closing = simulator ? simulator.close() : Promise.resolve();
  closing.then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

async function main(): Promise<void> {
  const env = process.env;
  const port = env.SIMULATOR_PORT ? Number(env.SIMULATOR_PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`SIMULATOR_PORT must be a port number, got '${env.SIMULATOR_PORT}'`);
  }
  const started = await startSimulator({
    host: env.SIMULATOR_HOST || '127.0.0.1',
    port,
    apiKey: env.POINTCHECKOUT_API_KEY || DEFAULT_API_KEY,
    apiSecret: env.POINTCHECKOUT_API_SECRET || DEFAULT_API_SECRET,
    publicUrl: env.SIMULATOR_PUBLIC_URL || undefined,
    log: env.SIMULATOR_LOG === '1' ? (line) => console.log(line) : undefined,
    recordExchanges: env.SIMULATOR_RECORD === '1',
    ...configFromEnv(env),
  });
  if (stopping) {
    await started.close();
    process.exit(0);
  }
  simulator = started;
  const { strict, latencyMs, rateLimitPerSecond } = started.config.get();
  const notes = [
    started.recorder ? 'recording exchanges' : '',
    strict ? 'strict' : '',
    latencyMs > 0 ? `latency ${latencyMs} ms` : '',
    rateLimitPerSecond !== null ? `rate limit ${rateLimitPerSecond}/s` : '',
  ].filter(Boolean);
  console.log(`PointCheckout simulator listening on ${started.url}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`);
}

main().catch((err: unknown) => {
  console.error(`PointCheckout simulator failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
