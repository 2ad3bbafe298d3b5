/**
 * The one place requests to model APIs are retried. The SDKs' own retries are switched off
 * (`maxRetries: 0`) so a request is never retried twice over, and billed twice over.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** The first backoff; each later one doubles, with jitter. Tests pass a few milliseconds. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server's `retry-after` is honoured up to this; beyond it we wait only this long. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

export interface RetryOptions {
  policy: RetryPolicy;
  signal?: AbortSignal | undefined;
  /**
   * When the whole wait ends (a Date.now() time): no retry is started, and no wait between
   * attempts begun, that would end after it. The caller bounds each attempt by it too.
   */
  deadline?: number | undefined;
  /** Whether an error is worth another attempt (429, 5xx, network), and any wait the server asked for. */
  retryable(error: unknown): boolean;
  retryAfterMs?(error: unknown): number | undefined;
  /** Turns the last error into the one that is thrown, knowing how many retries were made. */
  fail(error: unknown, retries: number): Error;
  onRetry?(error: unknown, delayMs: number, retry: number): void;
  random?: () => number;
}

/** Backoff before retry `n` (0-based): exponential, capped, with "equal jitter" so clients spread out. */
export function backoffMs(policy: RetryPolicy, n: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `attempt` until it succeeds, a failure is not retryable, the retries run out, the deadline
 * comes, or the caller aborts.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, signal } = options;
  for (let n = 0; ; n++) {
    try {
      signal?.throwIfAborted();
      return await attempt(n);
    } catch (error) {
      // A cancel stops at once: no further attempt, no wait.
      if (signal?.aborted || n >= policy.retries || !options.retryable(error)) throw options.fail(error, n);
      const asked = options.retryAfterMs?.(error);
      const delay =
        asked === undefined ? backoffMs(policy, n, options.random) : Math.min(asked, policy.maxRetryAfterMs);
      // Out of time: the last failure is the answer, rather than a wait that cannot pay off.
      if (options.deadline !== undefined && Date.now() + delay >= options.deadline)
        throw options.fail(error, n);
      options.onRetry?.(error, delay, n + 1);
      try {
        await sleep(delay, signal);
      } catch (abort) {
        throw options.fail(abort, n);
      }
    }
  }
}
