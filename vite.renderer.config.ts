import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { devServerCsp } from './vite.shared.config.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The renderer in a plain browser during development: /ipc and /image are proxied to the loopback
 * bridge (EXTRACTO_BRIDGE, or one started here on the data home), so the page stays same-origin
 * and its CSP can keep `connect-src 'self'`.
 */
function bridge(): Plugin {
  return {
    name: 'extracto-bridge',
    apply: 'serve',
    async config() {
      let target = process.env.EXTRACTO_BRIDGE;
      if (!target) {
        const { AppService } = await import('./src/app/service.ts');
        const { startBridgeServer } = await import('./src/app/bridge-server.ts');
        const { defaultDataHome } = await import('./src/core/paths.ts');
        const app = await AppService.open({ home: defaultDataHome() });
        target = (await startBridgeServer({ app })).url;
        console.log(`Extracto bridge on ${target}, data home ${app.paths.home}`);
      }
      const proxy = { target, changeOrigin: true };
      return { server: { proxy: { '/ipc': proxy, '/image': proxy } } };
    },
  };
}

export default defineConfig({
  root: path.join(root, 'src/renderer'),
  base: './',
  plugins: [react(), bridge(), devServerCsp()],
  build: {
    outDir: path.join(root, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome140',
    // Loaded from disk by a desktop app, not over a network: one bundle is the fast path.
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1' },
});
