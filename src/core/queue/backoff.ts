/**
 * When a pending result is tried again: 30 s, 1 min, 2 min … capped at 30 min. The provider has
 * already retried within seconds; this is for outages that last minutes or hours (a train, a
 * rate-limit window), so the queue keeps trying without hammering a service that is down.
 */
export interface QueuePolicy {
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_QUEUE_POLICY: QueuePolicy = { firstDelayMs: 30_000, maxDelayMs: 30 * 60_000 };

export function queueDelayMs(policy: QueuePolicy, failures: number): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, failures - 1));
}
