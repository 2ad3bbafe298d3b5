import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { devServerCsp } from './vite.shared.config.ts';

const root = import.meta.dirname;
const src = (p: string) => path.join(root, 'src', p);

/**
 * Core's worker threads (imaging, the index rebuild's reader) are built as entries of their own
 * beside main's index.js; core's reference to each source file (run as TypeScript by Node in the CLI
 * and tests) is pointed at the built file.
 */
const WORKERS = [
  { from: path.join('core', 'imaging', 'pool.ts'), source: './worker.ts', built: './imaging-worker.js' },
  {
    from: path.join('core', 'store', 'rebuild-read.ts'),
    source: './rebuild-worker.ts',
    built: './rebuild-worker.js',
  },
];

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
      return code.replace(reference, `new URL('${worker.built}', import.meta.url)`);
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
        input: {
          index: src('main/index.ts'),
          'imaging-worker': src('core/imaging/worker.ts'),
          'rebuild-worker': src('core/store/rebuild-worker.ts'),
        },
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
