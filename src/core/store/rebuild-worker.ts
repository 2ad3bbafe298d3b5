import { parentPort } from 'node:worker_threads';
import type { FoundFile } from './files.ts';
import { readBatch } from './rebuild-read.ts';

// A rebuild's reading half: read, parse and validate result files and compute their index rows,
// while the main thread does nothing but insert them.
if (!parentPort) throw new Error('store/rebuild-worker.ts must run as a worker thread');
const port = parentPort;

port.on('message', (job: { seq: number; files: FoundFile[]; home: string }) => {
  port.postMessage(readBatch(job.files, job.seq, job.home));
});
