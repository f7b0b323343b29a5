/** What every handler of the merchant API, the controls and the payment page shares. */
import type { RuntimeConfig } from './config';
import type { Faults } from './faults';
import type { RateLimiter } from './rate-limit';
import type { ExchangeRecorder } from './recorder';
import type { CheckoutStore } from './store';
import type { Webhooks } from './webhooks';

export interface ApiContext {
  store: CheckoutStore;
  webhooks: Webhooks;
  faults: Faults;
  apiKey: string;
  apiSecret: string;
  publicUrl: () => string;
  log?: (line: string) => void;
  /** Set when exchanges are recorded (option `recordExchanges`). */
  recorder?: ExchangeRecorder;
  /** Strict mode, latency and rate limit (GET/POST /_sim/config). */
  config: RuntimeConfig;
  rateLimiter: RateLimiter;
  /** True once `close()` began: a request still waiting out its latency is then dropped unprocessed. */
  closed: () => boolean;
}
