import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { devServerCsp } from './vite.shared.config.ts';

const root = import.meta.dirname;
const src = (p: string) => path.join(root, 'src', p);

/**
 * Core's worker threads (imaging, the index rebuild's reader) are emitted as files of their own
 * beside main's index.js. Core names each worker by its source file (run as TypeScript by Node in
 * the CLI and tests); here that reference is pointed at the emitted file, relative to the chunk the
 * referencing module finally lands in (a fixed './rebuild-worker.js' broke once rebuild-read.ts was
 * shared by two entries and moved into out/main/chunks/).
 */
const WORKERS = [
  { from: path.join('core', 'imaging', 'pool.ts'), source: './worker.ts', built: 'imaging-worker.js' },
  {
    from: path.join('core', 'store', 'rebuild-read.ts'),
    source: './rebuild-worker.ts',
    built: 'rebuild-worker.js',
  },
];
const PLACEHOLDER = /__extracto_worker__\/([\w.-]+)/g;

function coreWorkers(): Plugin {
  return {
    name: 'extracto-core-workers',
    enforce: 'pre',
    transform(code, id) {
      const worker = WORKERS.find((w) => id.endsWith(w.from));
      if (!worker) return null;
      const reference = `new URL('${worker.source}', import.meta.url)`;
      if (!code.includes(reference))
        this.error(`${worker.from} no longer says ${reference}; update this plugin`);
      this.emitFile({
        type: 'chunk',
        id: path.join(path.dirname(id), worker.source),
        fileName: worker.built,
      });
      return code.replace(reference, `new URL('__extracto_worker__/${worker.built}', import.meta.url)`);
    },
    renderChunk(code, chunk) {
      if (!code.includes('__extracto_worker__/')) return null;
      const from = path.posix.dirname(chunk.fileName);
      return code.replace(PLACEHOLDER, (_match, built: string) => {
        const relative = path.posix.relative(from, built);
        return relative.startsWith('.') ? relative : `./${relative}`;
      });
    },
  };
}

/**
 * `npm start` (electron-vite dev) and `npm run dist` (electron-vite build, then electron-builder):
 * main and its imaging worker as ES modules with the npm dependencies left external (sharp,
 * onnxruntime and tesseract.js load their native parts and data from node_modules); preload as one
 * CommonJS file, as sandboxed preloads must be; the renderer's two pages (the windows, the region
 * overlay).
 */
export default defineConfig({
  main: {
    plugins: [coreWorkers()],
    build: {
      rollupOptions: {
        input: { index: src('main/index.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: src('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: src('renderer'),
    base: './',
    plugins: [react(), devServerCsp()],
    build: {
      rollupOptions: {
        input: { index: src('renderer/index.html'), overlay: src('renderer/overlay.html') },
      },
    },
  },
});
