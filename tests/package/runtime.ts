/**
 * Loaded with `node --import` before the packaged app's main bundle: what Electron's runtime does
 * for main that plain Node does not, and nothing more.
 *
 * - `import 'electron'` gives the stand-in (electron-stand-in.ts).
 * - Native addons named by their path inside app.asar are loaded from app.asar.unpacked, as
 *   Electron's `process.dlopen` does (the archive view in electron-view.ts holds their names so
 *   that module resolution finds them, not their code).
 * - Every worker thread the app starts is recorded, so the test can check that each starts from a
 *   real file outside the archive.
 *
 * Worker threads get none of this: they run as plain Node, so a worker that needs anything from
 * inside the archive fails here. That is stricter than Electron (which has read the archive in
 * workers since v18) on purpose: the app starts its workers from unpacked files.
 */
import { registerHooks, syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import workerThreads from 'node:worker_threads';
import { writeEvent } from './events.ts';

if (workerThreads.isMainThread) {
  const standIn = pathToFileURL(path.join(import.meta.dirname, 'electron-stand-in.ts')).href;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === 'electron') return { url: standIn, shortCircuit: true };
      return nextResolve(specifier, context);
    },
  });

  const packed = `${path.sep}app.asar${path.sep}`;
  const dlopen = process.dlopen.bind(process);
  process.dlopen = (module: object, filename: string, ...flags: number[]) =>
    dlopen(module, filename.replace(packed, `${path.sep}app.asar.unpacked${path.sep}`), ...flags);

  const events = process.env.EXTRACTO_STANDIN_EVENTS!;
  const Original = workerThreads.Worker;
  class RecordedWorker extends Original {
    constructor(file: string | URL, options?: workerThreads.WorkerOptions) {
      writeEvent(events, { type: 'worker', file: file instanceof URL ? file.href : file });
      super(file, options);
    }
  }
  workerThreads.Worker = RecordedWorker;
  syncBuiltinESMExports();
}
