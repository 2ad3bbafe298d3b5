import type { Result } from '../../shared/result.ts';
import type { Logger } from '../log.ts';
import type { Clock } from '../auto/clock.ts';
import { DEFAULT_QUEUE_POLICY, queueDelayMs, type QueuePolicy } from './backoff.ts';

export interface QueuePorts {
  /** Every pending result in the store, oldest first: the queue is the store, so it survives crashes. */
  pending(): Promise<Result[]>;
  /** Runs a stored result again and stores the outcome under the same id. */
  rerun(result: Result): Promise<Result>;
  clock: Clock;
  logger: Logger;
}

interface Schedule {
  failures: number;
  nextAt: number;
}

/**
 * The offline queue. It keeps no list of its own: pending results are read from the store, so
 * whatever a crash or a restart interrupted is found again. Only the backoff schedule lives in
 * memory; after a restart every pending result is due at once, which is what a person expects.
 */
export class RetryQueue {
  private readonly ports: QueuePorts;
  private readonly policy: QueuePolicy;
  private readonly schedule = new Map<string, Schedule>();
  /** Results this process is running now, so two rounds never run the same one twice. */
  private readonly running = new Set<string>();

  constructor(ports: QueuePorts, policy: QueuePolicy = DEFAULT_QUEUE_POLICY) {
    this.ports = ports;
    this.policy = policy;
  }

  /** When a result will next be tried (epoch ms), or undefined when it is due now. */
  nextAttempt(id: string): number | undefined {
    return this.schedule.get(id)?.nextAt;
  }

  /** Runs the pending results whose wait is over, one at a time; returns their new states. */
  async runDue(options: { signal?: AbortSignal; limit?: number } = {}): Promise<Result[]> {
    const now = this.ports.clock.now();
    const due = (await this.ports.pending()).filter((r) => (this.schedule.get(r.id)?.nextAt ?? 0) <= now);
    return this.run(due.slice(0, options.limit ?? due.length), options.signal);
  }

  /** Runs the given results now, whatever their schedule (the Retry button, `extracto retry`). */
  async runNow(results: Result[], signal?: AbortSignal): Promise<Result[]> {
    return this.run(results, signal);
  }

  private async run(results: Result[], signal: AbortSignal | undefined): Promise<Result[]> {
    const done: Result[] = [];
    for (const result of results) {
      if (signal?.aborted) break;
      if (this.running.has(result.id)) continue;
      this.running.add(result.id);
      try {
        const after = await this.ports.rerun(result);
        done.push(after);
        if (after.status === 'pending') this.later(result.id, 'still cannot be sent');
        else this.schedule.delete(result.id);
      } catch (error) {
        // Not run at all (a person's Retry of the same result under way, local-only switched on):
        // the result stays pending and waits its turn like any other; the loop goes on.
        this.ports.logger.warn(`pending result ${result.id} was not run: ${(error as Error).message}`);
        this.later(result.id, 'was not run');
      } finally {
        this.running.delete(result.id);
      }
    }
    return done;
  }

  private later(id: string, why: string): void {
    const failures = (this.schedule.get(id)?.failures ?? 0) + 1;
    const nextAt = this.ports.clock.now() + queueDelayMs(this.policy, failures);
    this.schedule.set(id, { failures, nextAt });
    this.ports.logger.info(
      `pending result ${id} ${why} (try ${failures}); next try at ${new Date(nextAt).toISOString()}`,
    );
  }

  /** When the earliest pending result is due (epoch ms; now for one never tried), or undefined. */
  nextDue(pending: readonly Result[]): number | undefined {
    if (pending.length === 0) return undefined;
    const now = this.ports.clock.now();
    return Math.min(...pending.map((r) => this.schedule.get(r.id)?.nextAt ?? now));
  }
}
