import { parentPort } from 'node:worker_threads';
import { UserError } from '../../shared/errors.ts';
import { prepareEncoded, prepareRaw, type Prepared } from './encode.ts';
import { sharedNow, type WorkerJob, type WorkerReply } from './protocol.ts';

// One job at a time per worker: sharp already uses libvips threads inside a job, and the pool
// decides how many workers there are.
if (!parentPort) throw new Error('imaging/worker.ts must run as a worker thread');
const port = parentPort;

port.on('message', (job: WorkerJob) => {
  void run(job);
});

async function run(job: WorkerJob): Promise<void> {
  const started = sharedNow();
  const handoffMs = started - job.postedAt;
  try {
    const out: Prepared =
      job.input.kind === 'raw'
        ? await prepareRaw(job.input.frame, job.request)
        : await prepareEncoded(
            Buffer.from(job.input.data.buffer, job.input.data.byteOffset, job.input.data.byteLength),
            job.request,
          );
    const doneAt = sharedNow();
    const { data, ...rest } = out;
    // sharp's output Buffer may sit in a larger pooled ArrayBuffer; send offsets with it.
    const reply: WorkerReply = {
      id: job.id,
      ok: true,
      image: {
        ...rest,
        data: data.buffer as ArrayBuffer,
        byteOffset: data.byteOffset,
        byteLength: data.byteLength,
      },
      timings: { handoffMs, workMs: doneAt - started, doneAt },
    };
    try {
      // Passthrough output is the bytes cloned in: transferring them back is free.
      port.postMessage(reply, [reply.image.data]);
    } catch {
      // sharp's output lives in native memory V8 cannot detach; the PNG is small, so clone it.
      port.postMessage(reply);
    }
  } catch (error) {
    const doneAt = sharedNow();
    const user = error instanceof UserError;
    const reply: WorkerReply = {
      id: job.id,
      ok: false,
      error: {
        message: error instanceof Error ? error.message : String(error),
        user,
        kind: user ? error.kind : 'failed',
      },
      timings: { handoffMs, workMs: doneAt - started, doneAt },
    };
    port.postMessage(reply);
  }
}
