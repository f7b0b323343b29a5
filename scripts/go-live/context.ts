/** What every check of the go-live run shares. */
import type { GoLiveArgs } from './args';
import type { Gateway } from './gateway';
import type { Row } from './report';
import type { Setup } from './setup';

export interface HealthRecord {
  lastDelivery?: { atMs: number; outcome: string; httpStatus: number };
  lastTestCall?: { atMs: number; outcome: string; httpStatus: number };
  lastRejected?: { atMs: number; reason: string; httpStatus: number };
}

/** Reads webhookHealth/{account}; null when this machine has no access to the project. */
export type HealthReader = ((account: string) => Promise<HealthRecord | null>) | null;

export interface CheckContext {
  args: GoLiveArgs;
  setup: Setup;
  gateway: Gateway;
  health: HealthReader;
  /** How long the delivery check waits for the function to note the test call. */
  deliveryTimeoutMs: number;
  /** The enabled webhook the registration check found (or --fix made): the delivery check tests it. */
  webhookId?: string;
  /** The rerun command with this run's arguments (fix of a transient failure). */
  rerun: string;
}

export type Check = (ctx: CheckContext) => Promise<Row[]>;
