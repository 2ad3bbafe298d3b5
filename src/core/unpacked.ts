import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKED = `${path.sep}app.asar${path.sep}`;
const UNPACKED = `${path.sep}app.asar.unpacked${path.sep}`;

/**
 * The real file behind a path inside a packaged app's `app.asar`. Only Electron's own JavaScript
 * file functions can see into the archive: native code (onnxruntime reading a model) and worker
 * threads need files that exist on disk, so electron-builder unpacks those beside it
 * (`asarUnpack`) and they must be named by their unpacked path. Outside a packaged app (the CLI,
 * tests, `npm start`) the path is returned unchanged.
 */
export function outsideAsar(file: string): string {
  const at = file.indexOf(PACKED);
  return at < 0 ? file : `${file.slice(0, at)}${UNPACKED}${file.slice(at + PACKED.length)}`;
}

/** A worker thread's script, as a URL to start it from: its unpacked copy in a packaged app. */
export function workerScript(url: URL): URL {
  return pathToFileURL(outsideAsar(fileURLToPath(url)));
}
