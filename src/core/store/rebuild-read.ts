import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerScript } from '../unpacked.ts';
import { readResultFileSync, type FoundFile, type Skipped } from './files.ts';
import { indexRow, type IndexRow } from './index-row.ts';

/** One batch of a rebuild's files, read and turned into index rows, in walk order. */
export interface IndexBatch {
  seq: number;
  rows: IndexRow[];
  skipped: Skipped[];
}

/** Files per batch: a few milliseconds of work, so the event loop breathes between batches. */
const BATCH = 256;
/** Below this many files a worker's start-up (~100 ms) costs more than it saves. */
const WORKER_MIN_FILES = 5_000;
/** Batches sent ahead per worker, so it never waits for the inserting thread to ask. */
const AHEAD = 8;
const WORKER_URL = workerScript(new URL('./rebuild-worker.ts', import.meta.url));

/** Reads one batch of result files into index rows (here, or in a rebuild worker). */
export function readBatch(files: FoundFile[], seq: number, home: string): IndexBatch {
  const batch: IndexBatch = { seq, rows: [], skipped: [] };
  for (const found of files) {
    const outcome = readResultFileSync(found.path);
    if (outcome.ok) batch.rows.push(indexRow(outcome.result, found.rel, home));
    else batch.skipped.push({ path: found.path, reason: outcome.reason });
  }
  return batch;
}

/**
 * The rebuild's files as index rows, batch by batch in walk order. Large histories are read by
 * worker threads (all cores but the one inserting): measured at a million results, reading and
 * validating the JSON was half of a rebuild done in one thread. Small ones are read here.
 */
export async function* readForIndex(files: FoundFile[], home: string): AsyncGenerator<IndexBatch> {
  const count = Math.ceil(files.length / BATCH);
  const slice = (seq: number) => files.slice(seq * BATCH, (seq + 1) * BATCH);
  const workers = files.length < WORKER_MIN_FILES ? 0 : Math.max(1, Math.min(3, availableParallelism() - 1));
  if (workers === 0) {
    for (let seq = 0; seq < count; seq++) {
      yield readBatch(slice(seq), seq, home);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  const pool = Array.from({ length: workers }, () => new Worker(WORKER_URL));
  const arrived = new Map<number, IndexBatch>();
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  let sent = 0;
  const send = (worker: Worker) => {
    if (sent < count) worker.postMessage({ seq: sent, files: slice(sent++), home });
  };
  for (const worker of pool) {
    worker.on('message', (batch: IndexBatch) => {
      arrived.set(batch.seq, batch);
      send(worker);
      notify();
    });
    worker.on('error', (error) => {
      failure ??= error;
      notify();
    });
    worker.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`A rebuild worker stopped (exit code ${code}).`);
      notify();
    });
    for (let i = 0; i < AHEAD; i++) send(worker);
  }
  try {
    for (let next = 0; next < count; next++) {
      while (!arrived.has(next)) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const batch = arrived.get(next)!;
      arrived.delete(next);
      yield batch;
      // Batches that are already here are inserted back to back: let IPC and repaints in now and then.
      if (next % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
