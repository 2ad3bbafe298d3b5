import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createHandlers, dispatch, type Handlers } from './ipc-handlers.ts';
import type { MainHandlers } from '../shared/ipc.ts';
import type { AppService } from './service.ts';

/**
 * The IPC contract over loopback HTTP, for the renderer in a plain browser (tests, `npm run
 * dev:renderer`): POST /ipc/<channel> with a JSON body answers the same outcome that Electron's
 * ipcMain would, GET /image/<id> serves a result's stored image, and, when `staticDir` is given,
 * everything else serves a built renderer from the same origin (so the page's strict CSP holds).
 */
export interface BridgeServer {
  url: string;
  close(): Promise<void>;
}

export interface BridgeOptions {
  app: AppService;
  handlers?: Handlers;
  /** Main's channels to answer too (tests: the preview queue); the rest say they need the app. */
  main?: Partial<MainHandlers>;
  staticDir?: string;
  port?: number;
}

/** Base64 screenshots are large: a 4K PNG is ~10 MB, ~14 MB as base64. */
const MAX_BODY = 64 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'Request too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'The body is not JSON.');
  }
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function sendFile(res: ServerResponse, file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new HttpError(404, 'Not found.');
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'x-content-type-options': 'nosniff',
  });
  createReadStream(file).pipe(res);
}

/** A path under root, or null when the request tries to leave it. */
function inside(root: string, urlPath: string): string | null {
  const file = path.resolve(root, `.${decodeURIComponent(urlPath)}`);
  return file === root || file.startsWith(`${root}${path.sep}`) ? file : null;
}

export async function startBridgeServer(options: BridgeOptions): Promise<BridgeServer> {
  const { app } = options;
  const handlers = options.handlers ?? createHandlers(app);
  const staticDir = options.staticDir ? path.resolve(options.staticDir) : undefined;
  let host = '';

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only this origin may call: a page elsewhere (or a DNS-rebinding name) cannot drive the app.
    if (req.headers.host !== host) throw new HttpError(403, 'Wrong host.');
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname.startsWith('/ipc/')) {
      if (req.method !== 'POST') throw new HttpError(405, 'Use POST.');
      // JSON only: a cross-site form cannot send it without a CORS preflight, which is never granted.
      if (!req.headers['content-type']?.startsWith('application/json'))
        throw new HttpError(415, 'Send application/json.');
      const outcome = await dispatch(app, handlers, url.pathname.slice(5), await readJson(req), options.main);
      send(res, 200, JSON.stringify(outcome), 'application/json');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'Use GET.');
    if (url.pathname.startsWith('/image/')) {
      const file = await app.imageFile(url.pathname.slice(7));
      if (!file) throw new HttpError(404, 'Not found.');
      await sendFile(res, file);
      return;
    }
    if (!staticDir) throw new HttpError(404, 'Not found.');
    const file = inside(staticDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) throw new HttpError(404, 'Not found.');
    await sendFile(res, file);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) app.logger.error('bridge request failed', error);
      if (!res.headersSent) send(res, status, error instanceof HttpError ? error.message : 'Server error.');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  return {
    url: `http://${host}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
