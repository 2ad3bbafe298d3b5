import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';
import { devServerCsp } from './vite.shared.config.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

interface DevBridge {
  /** The bridge's per-run secret: the page is at /<token>/ and every call goes under it. */
  token: string;
  /** How Vite's proxy reaches it. */
  target: ProxyOptions;
}

/** Kept across Vite's restarts (a config change re-imports this file): one bridge, one token per run. */
const RUNNING = Symbol.for('extracto.devBridge');

/**
 * The bridge on the data home, started once per run. POSIX: on a Unix socket in a fresh 0700
 * folder, so no other user of the machine can even connect to it; only Vite's proxy does. Windows:
 * on 127.0.0.1, where the token alone keeps others out. EXTRACTO_BRIDGE names one already running
 * instead, by its URL with the token (`http://127.0.0.1:<port>/<token>`).
 */
function devBridge(): Promise<DevBridge> {
  const running = globalThis as { [RUNNING]?: Promise<DevBridge> };
  running[RUNNING] ??= (async () => {
    const external = process.env.EXTRACTO_BRIDGE;
    if (external) {
      const url = new URL(external);
      const token = url.pathname.split('/')[1];
      if (!token)
        throw new Error('EXTRACTO_BRIDGE is the bridge URL with its token: http://127.0.0.1:<port>/<token>');
      return { token, target: { target: url.origin, changeOrigin: true } };
    }
    const { usePrivateUmask } = await import('./src/core/private-files.ts');
    // What this process writes into the data home is private, as in the app and the CLI.
    usePrivateUmask();
    const { AppService } = await import('./src/app/service.ts');
    const { startBridgeServer } = await import('./src/app/bridge-server.ts');
    const { defaultDataHome } = await import('./src/core/paths.ts');
    const app = await AppService.open({ home: defaultDataHome() });
    const dir = process.platform === 'win32' ? null : mkdtempSync(path.join(tmpdir(), 'extracto-bridge-'));
    if (dir) {
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      // Ctrl+C would end the process without 'exit': leave through it, so the socket goes too.
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGHUP', () => process.exit(129));
    }
    const bridge = await startBridgeServer({
      app,
      ...(dir ? { socketPath: path.join(dir, 'bridge.sock') } : {}),
    });
    console.log(
      `Extracto bridge on ${bridge.socketPath ?? new URL(bridge.url).origin}, data home ${app.paths.home}.\n` +
        "Open the Local address below: it carries this run's token, and nothing answers without it.",
    );
    return {
      token: bridge.token,
      target: bridge.socketPath
        ? // Host and Origin go through as the browser sent them (Vite checked the host).
          { target: { host: 'localhost', port: 80, socketPath: bridge.socketPath } }
        : { target: new URL(bridge.url).origin, changeOrigin: true },
    };
  })();
  return running[RUNNING];
}

/**
 * The renderer in a plain browser during development: /<token>/ipc and /<token>/image are proxied
 * to the loopback bridge, which checks the token on every call, so the page stays same-origin and
 * its CSP can keep `connect-src 'self'`. The page is served at /<token>/ and calls relative to
 * itself; Vite's own CORS allowance (which by default lets any localhost page read responses) is
 * off, and nothing here is readable or embeddable from another origin.
 */
function bridge(): Plugin {
  let token = '';
  return {
    name: 'extracto-bridge',
    apply: 'serve',
    async config() {
      const running = await devBridge();
      token = running.token;
      return {
        server: {
          cors: false,
          headers: { 'Cross-Origin-Resource-Policy': 'same-origin', 'Referrer-Policy': 'no-referrer' },
          // Any first segment: the bridge, not a string comparison here, judges the token.
          proxy: { '^/[^/]+/(?:ipc|image)/': running.target },
        },
      };
    },
    configureServer(server) {
      // The address Vite prints (and opens with --open or "o") is the page's, token included.
      server.httpServer?.on('listening', () => {
        if (server.resolvedUrls)
          server.resolvedUrls.local = server.resolvedUrls.local.map((u) => `${u}${token}/`);
      });
      // Without the token the page could only fail at every call: say where it is instead.
      server.middlewares.use((req, res, next) => {
        const pathname = (req.url ?? '/').split('?')[0];
        if (pathname !== '/' && pathname !== '/index.html') return next();
        res.statusCode = 404;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end("Open the address that `npm run dev:renderer` printed: it carries this run's token.\n");
      });
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
