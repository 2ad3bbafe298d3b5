import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { outsideAsar, workerScript } from '../../src/core/unpacked.ts';

describe('files that native code and worker threads read in a packaged app', () => {
  const app = path.join(path.sep, 'opt', 'Extracto', 'resources');

  it('are named by their unpacked copy beside app.asar', () => {
    expect(outsideAsar(path.join(app, 'app.asar', 'node_modules', 'm', 'model.onnx'))).toBe(
      path.join(app, 'app.asar.unpacked', 'node_modules', 'm', 'model.onnx'),
    );
    expect(workerScript(pathToFileURL(path.join(app, 'app.asar', 'out', 'main', 'w.js'))).href).toBe(
      pathToFileURL(path.join(app, 'app.asar.unpacked', 'out', 'main', 'w.js')).href,
    );
  });

  it('are left as they are outside a packaged app, or when already unpacked', () => {
    const repo = path.join(path.sep, 'home', 'me', 'extracto', 'node_modules', 'm', 'model.onnx');
    expect(outsideAsar(repo)).toBe(repo);
    const unpacked = path.join(app, 'app.asar.unpacked', 'x.js');
    expect(outsideAsar(unpacked)).toBe(unpacked);
    // A folder that merely starts with the name is not the archive.
    const lookalike = path.join(path.sep, 'data', 'app.asar-backup', 'x.js');
    expect(outsideAsar(lookalike)).toBe(lookalike);
  });
});
