/** Time for the watch loop and the queue: real in the app, virtual in tests (sleeping advances it). */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early (without throwing) when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** A clock that only moves when someone sleeps: loops over hours of "time" run in milliseconds. */
export function virtualClock(
  start = Date.parse('2026-11-25T09:00:00Z'),
): Clock & { advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms, signal) => {
      if (!signal?.aborted && ms > 0) t += ms;
      // Let other promises run, as a real timer would.
      await new Promise((r) => setImmediate(r));
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
