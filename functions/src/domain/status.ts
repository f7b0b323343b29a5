/**
 * The checkout state machine: the only place that decides whether a status may change. Pure: no I/O.
 * The repository applies its decisions inside a Firestore transaction.
 */

export const CHECKOUT_STATUSES = [
  'PENDING',
  'AUTHORIZED',
  'PAID',
  'FAILED',
  'CANCELLED',
  'EXPIRED',
  'REFUNDED',
  'PARTIALLY_REFUNDED',
] as const;

export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];

export const TRANSITION_SOURCES = ['create', 'webhook', 'refresh', 'cancel', 'refund', 'reconcile'] as const;
export type TransitionSource = (typeof TRANSITION_SOURCES)[number];

const EDGES: Readonly<Record<CheckoutStatus, readonly CheckoutStatus[]>> = {
  PENDING: ['AUTHORIZED', 'PAID', 'FAILED', 'CANCELLED', 'EXPIRED'],
  AUTHORIZED: ['PAID', 'FAILED', 'CANCELLED', 'EXPIRED'],
  PAID: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  // A second partial refund is a transition of its own (the refunded total grows).
  PARTIALLY_REFUNDED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  FAILED: [],
  CANCELLED: [],
  EXPIRED: [],
  REFUNDED: [],
};

export const FINAL_STATUSES: readonly CheckoutStatus[] = ['FAILED', 'CANCELLED', 'EXPIRED', 'REFUNDED'];
export const OPEN_STATUSES: readonly CheckoutStatus[] = ['PENDING', 'AUTHORIZED'];
/** Statuses in which the customer's money has been taken: the order must not be charged again. */
export const CHARGED_STATUSES: readonly CheckoutStatus[] = ['PAID', 'AUTHORIZED', 'PARTIALLY_REFUNDED', 'REFUNDED'];

export function isCheckoutStatus(value: unknown): value is CheckoutStatus {
  return typeof value === 'string' && (CHECKOUT_STATUSES as readonly string[]).includes(value);
}

export function isFinal(status: CheckoutStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

export function canTransition(from: CheckoutStatus, to: CheckoutStatus): boolean {
  return EDGES[from].includes(to);
}

/** Shortest path of legal hops from → to (excluding `from`), or null when `to` is unreachable. */
export function pathTo(from: CheckoutStatus, to: CheckoutStatus): CheckoutStatus[] | null {
  const previous = new Map<CheckoutStatus, CheckoutStatus>();
  const queue: CheckoutStatus[] = [from];
  const seen = new Set<CheckoutStatus>([from]);
  while (queue.length > 0) {
    const current = queue.shift() as CheckoutStatus;
    for (const next of EDGES[current]) {
      if (seen.has(next)) continue;
      seen.add(next);
      previous.set(next, current);
      if (next === to) {
        const path: CheckoutStatus[] = [to];
        let step = current;
        while (step !== from) {
          path.unshift(step);
          step = previous.get(step) as CheckoutStatus;
        }
        return path;
      }
      queue.push(next);
    }
  }
  return null;
}

export interface StatusSnapshot {
  status: CheckoutStatus;
  totalRefundedMinor: number;
}

export interface Hop {
  from: CheckoutStatus | null;
  to: CheckoutStatus;
  /** True for a hop we infer because the gateway is already past it (a missed webhook). */
  inferred: boolean;
}

export type TransitionPlan =
  | { kind: 'apply'; hops: Hop[]; next: StatusSnapshot }
  | { kind: 'noop'; reason: 'unchanged' }
  | { kind: 'ignored'; reason: 'backwards' | 'refund-total-decreased' };

/**
 * Decides what to do when the gateway (or one of our own operations) reports `observed` for a checkout
 * that we hold as `current`. Duplicates and late events are no-ops; a status the graph cannot reach from
 * here would move the checkout backwards and is ignored; a status reachable only through statuses we never
 * heard of (a missed webhook) is applied hop by hop, so the history shows every step.
 */
export function planTransition(current: StatusSnapshot, observed: StatusSnapshot): TransitionPlan {
  if (observed.totalRefundedMinor < current.totalRefundedMinor) {
    return { kind: 'ignored', reason: 'refund-total-decreased' };
  }
  if (observed.status === current.status) {
    const moreRefunded =
      current.status === 'PARTIALLY_REFUNDED' && observed.totalRefundedMinor > current.totalRefundedMinor;
    if (!moreRefunded) return { kind: 'noop', reason: 'unchanged' };
    return {
      kind: 'apply',
      hops: [{ from: current.status, to: observed.status, inferred: false }],
      next: observed,
    };
  }
  const path = pathTo(current.status, observed.status);
  if (!path) return { kind: 'ignored', reason: 'backwards' };
  const hops: Hop[] = [];
  let from: CheckoutStatus = current.status;
  for (const [index, to] of path.entries()) {
    hops.push({ from, to, inferred: index < path.length - 1 });
    from = to;
  }
  return { kind: 'apply', hops, next: observed };
}
