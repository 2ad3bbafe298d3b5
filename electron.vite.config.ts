import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const root = import.meta.dirname;
const src = (p: string) => path.join(root, 'src', p);

/**
 * The imaging worker is built as an entry of its own beside main's index.js; core's reference to
 * its source file (run as TypeScript by Node in the CLI and tests) is pointed at the built file.
 */
function imagingWorker(): Plugin {
  const reference = "new URL('./worker.ts', import.meta.url)";
  return {
    name: 'extracto-imaging-worker',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith(path.join('core', 'imaging', 'pool.ts'))) return null;
      if (!code.includes(reference)) this.error(`pool.ts no longer says ${reference}; update this plugin`);
      return code.replace(reference, "new URL('./imaging-worker.js', import.meta.url)");
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
    plugins: [imagingWorker()],
    build: {
      rollupOptions: {
        input: { index: src('main/index.ts'), 'imaging-worker': src('core/imaging/worker.ts') },
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
    plugins: [react()],
    build: {
      rollupOptions: {
        input: { index: src('renderer/index.html'), overlay: src('renderer/overlay.html') },
      },
    },
  },
});
