import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerScript } from '../unpacked.ts';
import { sharedNow, type JobTimings, type WorkerJob, type WorkerReply, type WorkerTask } from './protocol.ts';

type Reply = WorkerReply & { receivedAt: number };

interface Slot {
  worker: Worker;
  busy: number;
}

interface Pending {
  slot: Slot;
  resolve(reply: Reply): void;
  reject(error: Error): void;
}

/** 1 worker on a 2-core machine (the other core is the app's), 2 at most: sharp is multi-threaded already. */
const POOL_SIZE = Math.min(2, Math.max(1, availableParallelism() - 1));
const WORKER_URL = workerScript(new URL('./worker.ts', import.meta.url));

const slots: Slot[] = [];
const pending = new Map<number, Pending>();
let nextId = 1;

function spawn(): Slot {
  const worker = new Worker(WORKER_URL);
  const slot: Slot = { worker, busy: 0 };
  // Idle workers must not keep the process alive; a busy one must (see run()).
  worker.unref();
  worker.on('message', (reply: WorkerReply) => {
    const job = pending.get(reply.id);
    if (!job) return;
    pending.delete(reply.id);
    done(slot);
    job.resolve({ ...reply, receivedAt: sharedNow() });
  });
  const fail = (error: Error): void => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    for (const [id, job] of pending) {
      if (job.slot !== slot) continue;
      pending.delete(id);
      job.reject(error);
    }
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`The imaging worker stopped (exit code ${code}).`)));
  slots.push(slot);
  return slot;
}

function done(slot: Slot): void {
  slot.busy -= 1;
  if (slot.busy === 0) slot.worker.unref();
}

/** The least busy worker, created lazily up to POOL_SIZE. */
function pick(): Slot {
  const idle = slots.find((s) => s.busy === 0);
  if (idle) return idle;
  if (slots.length < POOL_SIZE) return spawn();
  return slots.reduce((a, b) => (b.busy < a.busy ? b : a));
}

/**
 * Sends one task to a worker. A raw frame's ArrayBuffer is transferred (detached here, no copy);
 * encoded bytes are small and cloned so the caller keeps its Buffer.
 */
export function runInPool(task: WorkerTask): Promise<Reply> {
  const slot = pick();
  const id = nextId++;
  slot.busy += 1;
  slot.worker.ref();
  const job: WorkerJob = { ...task, id, postedAt: sharedNow() };
  const transfer =
    task.kind === 'keep'
      ? [task.frame.data]
      : task.kind === 'stitch'
        ? task.parts.map((p) => p.frame.data)
        : task.input.kind === 'raw'
          ? [task.input.frame.data]
          : [];
  return new Promise<Reply>((resolve, reject) => {
    pending.set(id, { slot, resolve, reject });
    try {
      slot.worker.postMessage(job, transfer);
    } catch (error) {
      pending.delete(id);
      done(slot);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** Ends the workers (the app calls this on quit; tests and benchmarks when done). */
export async function closeImagingPool(): Promise<void> {
  const all = slots.splice(0);
  await Promise.all(all.map((s) => s.worker.terminate()));
}

export type { JobTimings };
