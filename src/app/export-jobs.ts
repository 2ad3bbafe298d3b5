import { randomUUID } from 'node:crypto';
import { errorMessage, usageError } from '../shared/errors.ts';
import { storedError } from '../shared/stored-error.ts';
import type { ExportStatus } from '../shared/ipc.ts';
import type { Logger } from '../core/log.ts';

/** Finished jobs are kept this long for a window to read their outcome, then forgotten. */
const KEEP_MS = 10 * 60_000;
/** And at most this many, so a script calling export in a loop cannot grow the map for ever. */
const MAX_JOBS = 50;

interface Job {
  status: ExportStatus;
  finishedAt?: number;
}

export type ExportWork = (
  onProgress: (done: number, total: number) => void,
) => Promise<{ path: string; count: number; name: string }>;

/**
 * Exports that run on after the call that started them, so the window can show a progress bar
 * while 10,000+ rows are written: start() answers at once with an id, status() says how far it got.
 */
export class ExportJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(logger: Logger, now: () => number = Date.now) {
    this.logger = logger;
    this.now = now;
  }

  start(total: number, work: ExportWork): string {
    this.prune();
    const id = randomUUID();
    const job: Job = { status: { done: 0, total } };
    this.jobs.set(id, job);
    work((done, all) => {
      job.status.done = done;
      job.status.total = all;
    }).then(
      ({ path, count, name }) => {
        job.status = { done: count, total: job.status.total, path, name };
        job.finishedAt = this.now();
      },
      (error: unknown) => {
        this.logger.error('export failed', error);
        job.status = { ...job.status, ...storedError(errorMessage(error)) };
        job.finishedAt = this.now();
      },
    );
    return id;
  }

  status(id: string): ExportStatus {
    const job = this.jobs.get(id);
    if (!job) throw usageError('export.unknown');
    return { ...job.status };
  }

  private prune(): void {
    const now = this.now();
    for (const [id, job] of this.jobs)
      if (job.finishedAt !== undefined && now - job.finishedAt > KEEP_MS) this.jobs.delete(id);
    // Map order is insertion order: the oldest finished ones go first.
    for (const [id, job] of this.jobs) {
      if (this.jobs.size < MAX_JOBS) break;
      if (job.finishedAt !== undefined) this.jobs.delete(id);
    }
  }
}
