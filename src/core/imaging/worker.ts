import { parentPort } from 'node:worker_threads';
import { UserError } from '../../shared/errors.ts';
import { keepFrame, prepareEncoded, prepareRaw, stitchFrames } from './encode.ts';
import {
  sharedNow,
  type Bytes,
  type KeptOutput,
  type PreparedOutput,
  type StitchedOutput,
  type WorkerJob,
  type WorkerReply,
} from './protocol.ts';

// One job at a time per worker: sharp already uses libvips threads inside a job, and the pool
// decides how many workers there are.
if (!parentPort) throw new Error('imaging/worker.ts must run as a worker thread');
const port = parentPort;

port.on('message', (job: WorkerJob) => {
  void run(job);
});

function bytes(data: Buffer): Bytes {
  return { data: data.buffer as ArrayBuffer, byteOffset: data.byteOffset, byteLength: data.byteLength };
}

type Output = PreparedOutput | KeptOutput | StitchedOutput;

async function work(job: WorkerJob): Promise<Output> {
  if (job.kind === 'stitch') return { kind: 'stitch', frame: await stitchFrames(job.parts, job.canvas) };
  if (job.kind === 'keep') {
    const kept = await keepFrame(job.frame, job.crop, job.format);
    return { kind: 'keep', image: bytes(kept.image), ext: kept.ext, frame: kept.frame };
  }
  const { input, request } = job;
  const { data, ...rest } =
    input.kind === 'raw'
      ? await prepareRaw(input.frame, request)
      : await prepareEncoded(
          Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength),
          request,
        );
  return { kind: 'prepare', image: { ...rest, ...bytes(data) } };
}

/**
 * What to transfer back, most first: sharp's output may live in native memory that V8 cannot
 * detach (then it is cloned: a PNG is small), while a frame's pixels always can be — and must be,
 * since cloning a 4K frame costs ~90 ms.
 */
function transferLists(output: Output): ArrayBuffer[][] {
  switch (output.kind) {
    case 'prepare':
      return [[output.image.data], []];
    case 'keep':
      return [[output.image.data, output.frame.data], [output.frame.data]];
    case 'stitch':
      return [[output.frame.data]];
  }
}

function post(reply: WorkerReply, lists: ArrayBuffer[][]): void {
  for (const list of lists) {
    try {
      port.postMessage(reply, list);
      return;
    } catch {
      // Not detachable: try the next, shorter list.
    }
  }
  port.postMessage(reply);
}

async function run(job: WorkerJob): Promise<void> {
  const started = sharedNow();
  const handoffMs = started - job.postedAt;
  try {
    const output = await work(job);
    const doneAt = sharedNow();
    const reply: WorkerReply = {
      id: job.id,
      ok: true,
      output,
      timings: { handoffMs, workMs: doneAt - started, doneAt },
    };
    post(reply, transferLists(output));
  } catch (error) {
    const doneAt = sharedNow();
    const user = error instanceof UserError;
    const reply: WorkerReply = {
      id: job.id,
      ok: false,
      error: {
        message: error instanceof Error ? error.message : String(error),
        ...(user ? { said: error.said } : {}),
        kind: user ? error.kind : 'failed',
      },
      timings: { handoffMs, workMs: doneAt - started, doneAt },
    };
    port.postMessage(reply);
  }
}
