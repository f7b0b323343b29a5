/**
 * Webhook registry (the spec's `/webhooks` resource) and delivery.
 *
 * The vendor documents nothing about delivery (research §7.2). Our assumptions, which the
 * backend under test must be written against:
 * - body: the checkout exactly as GET /checkout/{id} returns it, without the envelope;
 * - headers: `Content-Type: application/json` and `X-PointCheckout-Signature`, the lowercase
 *   hex HMAC-SHA256 of the raw body bytes keyed with the webhook's `hmacKey` (as UTF-8 text);
 * - success: any 2xx within the timeout; otherwise retry after each of `retryDelaysMs`,
 *   then mark the webhook `failed: true` and stop delivering to it until it is re-enabled.
 */
import type http from 'node:http';
import { newHmacKey, newNumericId } from './ids';
import { postSigned, signBody } from './webhookPost';

export { SIGNATURE_HEADER, signBody } from './webhookPost';

export interface WebhookResponse {
  id: string;
  hmacKey: string;
  address: string;
  failed: boolean;
  enabled: boolean;
}

/** One delivery attempt. `checkoutId`/`status` are null for a test delivery. */
export interface DeliveryLogEntry {
  seq: number;
  webhookId: string;
  checkoutId: string | null;
  status: string | null;
  attempt: number;
  httpStatus: number | null;
  error: string | null;
  at: string;
}

export interface WebhookOptions {
  retryDelaysMs: number[];
  timeoutMs: number;
  log?: (line: string) => void;
}

interface DeliveryJob {
  webhookId: string;
  body: string;
  checkoutId: string | null;
  status: string | null;
  /** Test calls are tried once and never mark the webhook failed. */
  test: boolean;
  generation: number;
}

export class Webhooks {
  private readonly hooks = new Map<string, WebhookResponse>();
  private readonly log: DeliveryLogEntry[] = [];
  private seq = 0;
  /** Bumped by reset/close so that retries scheduled before are dropped. */
  private generation = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<http.ClientRequest>();

  constructor(private readonly options: WebhookOptions) {}

  create(address: string): WebhookResponse {
    const hook: WebhookResponse = {
      id: newNumericId((id) => this.hooks.has(id)),
      hmacKey: newHmacKey(),
      address,
      failed: false,
      enabled: true,
    };
    this.hooks.set(hook.id, hook);
    return { ...hook };
  }

  list(): WebhookResponse[] {
    return [...this.hooks.values()].map((hook) => ({ ...hook }));
  }

  get(id: string): WebhookResponse | undefined {
    const hook = this.hooks.get(id);
    return hook && { ...hook };
  }

  /** Enabling also clears `failed`, which is how a merchant revives a webhook that gave up. */
  setEnabled(id: string, enabled: boolean): WebhookResponse | undefined {
    const hook = this.hooks.get(id);
    if (!hook) return undefined;
    hook.enabled = enabled;
    if (enabled) hook.failed = false;
    return { ...hook };
  }

  delete(id: string): WebhookResponse | undefined {
    const hook = this.hooks.get(id);
    if (!hook) return undefined;
    this.hooks.delete(id);
    return { ...hook };
  }

  deliveries(): DeliveryLogEntry[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  /** Queues delivery of a checkout snapshot to every enabled, non-failed webhook. Never blocks. */
  deliverCheckout(checkout: { id: string; status: string }): void {
    const body = JSON.stringify(checkout);
    for (const hook of this.hooks.values()) {
      if (!hook.enabled || hook.failed) continue;
      this.schedule(
        { webhookId: hook.id, body, checkoutId: checkout.id, status: checkout.status, test: false, generation: this.generation },
        1,
        0,
      );
    }
  }

  /** Sends one signed test call, whatever the webhook's state. */
  sendTest(id: string): void {
    const body = JSON.stringify({ test: true, webhookId: id });
    this.schedule({ webhookId: id, body, checkoutId: null, status: null, test: true, generation: this.generation }, 1, 0);
  }

  /** Forgets webhooks and deliveries and drops pending retries. */
  reset(): void {
    this.stopAll();
    this.hooks.clear();
    this.log.length = 0;
    this.seq = 0;
  }

  /** Stops every pending retry and in-flight request (server shutdown). */
  stopAll(): void {
    this.generation++;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const req of this.inFlight) req.destroy();
    this.inFlight.clear();
  }

  private schedule(job: DeliveryJob, attempt: number, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(job, attempt);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(job: DeliveryJob, attempt: number): Promise<void> {
    if (job.generation !== this.generation) return;
    const hook = this.hooks.get(job.webhookId);
    // A webhook deleted, disabled or failed meanwhile gets no further attempts.
    if (!hook || (!job.test && (!hook.enabled || hook.failed))) return;

    const outcome = await postSigned(hook.address, job.body, signBody(job.body, hook.hmacKey), this.options.timeoutMs, this.inFlight);
    if (job.generation !== this.generation) return;
    this.log.push({
      seq: ++this.seq,
      webhookId: job.webhookId,
      checkoutId: job.checkoutId,
      status: job.status,
      attempt,
      httpStatus: outcome.httpStatus,
      error: outcome.error,
      at: new Date().toISOString(),
    });
    const ok = outcome.httpStatus !== null && outcome.httpStatus >= 200 && outcome.httpStatus < 300;
    this.options.log?.(
      `webhook ${job.webhookId} ${job.test ? 'test' : `checkout ${job.checkoutId} ${job.status}`} attempt ${attempt}: ` +
        (outcome.error ?? `HTTP ${outcome.httpStatus}`),
    );
    if (ok || job.test) return;
    const delay = this.options.retryDelaysMs[attempt - 1];
    if (delay !== undefined) {
      this.schedule(job, attempt + 1, delay);
    } else {
      hook.failed = true;
      this.options.log?.(`webhook ${job.webhookId} marked failed after ${attempt} attempts`);
    }
  }
}
