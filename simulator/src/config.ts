/**
 * Runtime settings that change how harsh the simulator is: strict mode, added latency and a
 * per-merchant rate limit. Set at start (options or env), read and changed by GET/POST
 * /_sim/config, restored to the start values by POST /_sim/reset.
 */
import { isPlainObject } from './http-util';

export interface SimConfig {
  /** Strict mode: no idempotent create, no refund de-duplication (README "Strict mode"). */
  strict: boolean;
  /** Wait added before every merchant API request is processed, in ms (0 = none). */
  latencyMs: number;
  /** Merchant API requests allowed per API key per 1-second window; null = unlimited. */
  rateLimitPerSecond: number | null;
}

export const DEFAULT_CONFIG: Readonly<SimConfig> = { strict: false, latencyMs: 0, rateLimitPerSecond: null };

const FIELDS = Object.keys(DEFAULT_CONFIG) as (keyof SimConfig)[];

/** Bad config input; the message names the field. */
export class ConfigError extends Error {}

/** Validates a subset of the config (a POST /_sim/config body or start options); unknown fields are refused. */
export function parseConfigPatch(body: unknown): Partial<SimConfig> {
  if (!isPlainObject(body)) throw new ConfigError('body must be a JSON object');
  const patch: Partial<SimConfig> = {};
  for (const [field, value] of Object.entries(body)) {
    if (!(FIELDS as string[]).includes(field)) {
      throw new ConfigError(`${field}: unknown field; use ${FIELDS.join(', ')}`);
    }
    if (value === undefined) continue;
    if (field === 'strict') {
      if (typeof value !== 'boolean') throw new ConfigError('strict must be a boolean');
      patch.strict = value;
    } else if (field === 'latencyMs') {
      if (!isInteger(value) || value < 0) throw new ConfigError('latencyMs must be an integer >= 0');
      patch.latencyMs = value;
    } else {
      if (value !== null && (!isInteger(value) || value < 1)) {
        throw new ConfigError('rateLimitPerSecond must be an integer >= 1, or null for no limit');
      }
      patch.rateLimitPerSecond = value;
    }
  }
  return patch;
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Reads the env variables of main.ts into a config patch; throws ConfigError naming the variable. */
export function configFromEnv(env: NodeJS.ProcessEnv): Partial<SimConfig> {
  const patch: Partial<SimConfig> = {};
  if (env.SIMULATOR_STRICT) {
    if (env.SIMULATOR_STRICT !== '1' && env.SIMULATOR_STRICT !== '0') {
      throw new ConfigError(`SIMULATOR_STRICT must be 1 or 0, got '${env.SIMULATOR_STRICT}'`);
    }
    patch.strict = env.SIMULATOR_STRICT === '1';
  }
  if (env.SIMULATOR_LATENCY_MS) patch.latencyMs = envInteger('SIMULATOR_LATENCY_MS', env.SIMULATOR_LATENCY_MS, 0);
  if (env.SIMULATOR_RATE_LIMIT) patch.rateLimitPerSecond = envInteger('SIMULATOR_RATE_LIMIT', env.SIMULATOR_RATE_LIMIT, 1);
  return patch;
}

function envInteger(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer >= ${min}, got '${text}'`);
  }
  return value;
}

/** The live config plus the one the simulator was started with (what reset restores). */
export class RuntimeConfig {
  private readonly initial: SimConfig;
  private current: SimConfig;

  constructor(start: Partial<SimConfig>) {
    this.initial = { ...DEFAULT_CONFIG, ...parseConfigPatch(start) };
    this.current = { ...this.initial };
  }

  get(): SimConfig {
    return { ...this.current };
  }

  get strict(): boolean {
    return this.current.strict;
  }

  /** Validates the whole patch before applying any of it. */
  update(body: unknown): SimConfig {
    this.current = { ...this.current, ...parseConfigPatch(body) };
    return this.get();
  }

  reset(): void {
    this.current = { ...this.initial };
  }
}
