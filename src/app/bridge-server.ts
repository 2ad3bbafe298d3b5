import { pageOf } from '../shared/pages.ts';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createHandlers, dispatch, type Handlers } from './ipc-handlers.ts';
import type { MainHandlers } from '../shared/ipc.ts';
import type { AppService } from './service.ts';

/**
 * The IPC contract over loopback HTTP, for the renderer in a plain browser (tests, `npm run
 * dev:renderer`). Everything lives under a per-run secret, the first segment of every path:
 * POST /<token>/ipc/<channel> with a JSON body answers the same outcome that Electron's ipcMain
 * would, GET /<token>/image/<id>[?page=N] serves a result's stored image (a document's page drawn), and, when `staticDir` is given,
 * the rest of /<token>/ serves a built renderer from the same origin (so the page's strict CSP
 * holds). The page's own calls are relative (`ipc/…`, `image/…`), so it carries the token without
 * knowing it, image URLs included. A request without the token, with a wrong one, or sent by a page
 * of another origin (Sec-Fetch-Site) gets 403 and nothing else; no response grants CORS.
 *
 * Who can connect: on TCP (127.0.0.1 only) every local user, so the token is what keeps them out;
 * on a Unix socket (`socketPath`, POSIX) only this user, the socket file being 0600 in a private
 * folder — `npm run dev:renderer` serves the bridge that way behind Vite's proxy.
 */
export interface BridgeServer {
  /**
   * The page and the contract, token included: `http://127.0.0.1:<port>/<token>` (its page is
   * `${url}/#/history`). A socket bridge answers at the same path through `socketPath`.
   */
  url: string;
  /** The per-run secret: 32 random bytes, base64url. */
  token: string;
  /** Where a socket bridge listens. */
  socketPath?: string;
  close(): Promise<void>;
}

export interface BridgeOptions {
  app: AppService;
  handlers?: Handlers;
  /** Main's channels to answer too (tests: the preview queue); the rest say they need the app. */
  main?: Partial<MainHandlers>;
  staticDir?: string;
  /** TCP on 127.0.0.1 (0: any free port, the default). */
  port?: number;
  /** A Unix socket instead of TCP (POSIX): made 0600; its folder should be private too. */
  socketPath?: string;
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

/**
 * On every response: never embedded by another origin (an <img> on a page elsewhere, even one that
 * learned the token), and the page's address (which holds the token) never sent as a referrer.
 * No Access-Control-* header is ever sent: other origins cannot read anything.
 */
const ALWAYS = {
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
} as const;

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, { ...ALWAYS, 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/** A file as the answer; with `download`, saved by the browser under that name. */
async function sendFile(res: ServerResponse, file: string, download?: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new HttpError(404, 'Not found.');
  res.writeHead(200, {
    ...ALWAYS,
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    ...(download ? { 'content-disposition': contentDisposition(download) } : {}),
  });
  createReadStream(file).pipe(res);
}

/** An attachment's header: an ASCII fallback name, and the real one percent-encoded (RFC 6266). */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A path under root, or null when the request tries to leave it. */
function inside(root: string, urlPath: string): string | null {
  const file = path.resolve(root, `.${decodeURIComponent(urlPath)}`);
  return file === root || file.startsWith(`${root}${path.sep}`) ? file : null;
}

/** A new per-run secret: 256 bits, URL-safe. */
function newBridgeToken(): string {
  return randomBytes(32).toString('base64url');
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Whether `given` is the token, in time that does not depend on how much of it matches. */
function tokenMatches(token: string, given: string): boolean {
  return timingSafeEqual(digest(token), digest(given));
}

/**
 * A request a page of another origin made (or a navigation from another site): browsers say so in
 * Sec-Fetch-Site. 127.0.0.1:3000 and 127.0.0.1:5173 are the same *site* (ports do not count), so
 * only same-origin and user-initiated ("none") requests pass; clients that are not browsers send
 * no such header.
 */
function fromAnotherOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

export async function startBridgeServer(options: BridgeOptions): Promise<BridgeServer> {
  const { app } = options;
  const handlers = options.handlers ?? createHandlers(app);
  const staticDir = options.staticDir ? path.resolve(options.staticDir) : undefined;
  const token = newBridgeToken();
  /** TCP only: the Host every request must name. Behind a socket only Vite's proxy connects. */
  let host: string | null = null;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only this origin may call: a page elsewhere (or a DNS-rebinding name) cannot drive the app.
    if (host !== null && req.headers.host !== host) throw new HttpError(403, 'Wrong host.');
    if (fromAnotherOrigin(req)) throw new HttpError(403, 'Forbidden.');
    const url = new URL(req.url ?? '/', 'http://bridge');
    // /<token>/<rest>: the token first, checked before anything else is looked at.
    const slash = url.pathname.indexOf('/', 1);
    const given = url.pathname.slice(1, slash === -1 ? undefined : slash);
    if (!tokenMatches(token, given)) throw new HttpError(403, 'Forbidden.');
    if (slash === -1) {
      // The page's relative calls need the trailing slash.
      res.writeHead(308, { ...ALWAYS, location: `/${given}/${url.search}` });
      res.end();
      return;
    }
    const rest = url.pathname.slice(slash);
    if (rest.startsWith('/ipc/')) {
      if (req.method !== 'POST') throw new HttpError(405, 'Use POST.');
      // JSON only: a cross-site form cannot send it without a CORS preflight, which is never granted.
      if (!req.headers['content-type']?.startsWith('application/json'))
        throw new HttpError(415, 'Send application/json.');
      const outcome = await dispatch(app, handlers, rest.slice(5), await readJson(req), options.main);
      send(res, 200, JSON.stringify(outcome), 'application/json');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'Use GET.');
    if (rest.startsWith('/image/')) {
      const picture = await app.picture(rest.slice(7), pageOf(url));
      if (!picture) throw new HttpError(404, 'Not found.');
      if ('file' in picture) await sendFile(res, picture.file);
      else send(res, 200, picture.png, 'image/png');
      return;
    }
    if (rest.startsWith('/export/')) {
      // A finished export, downloaded under the name it was offered with: a browser cannot open
      // the file where it was written, as the desktop app does.
      const job = decodeURIComponent(rest.slice(8));
      // An unknown job is a usage error: here, nothing to download.
      const done = await Promise.resolve()
        .then(() => handlers['results:exportStatus']({ job }))
        .catch(() => null);
      if (!done?.path) throw new HttpError(404, 'Not found.');
      await sendFile(res, done.path, done.name ?? path.basename(done.path));
      return;
    }
    if (!staticDir) throw new HttpError(404, 'Not found.');
    const file = inside(staticDir, rest === '/' ? '/index.html' : rest);
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
    if (options.socketPath) server.listen(options.socketPath, resolve);
    else server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  let origin = 'http://localhost';
  if (options.socketPath) {
    // Linux needs write permission on a socket file to connect to it.
    await chmod(options.socketPath, 0o600);
  } else {
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    origin = `http://${host}`;
  }
  return {
    url: `${origin}/${token}`,
    token,
    ...(options.socketPath ? { socketPath: options.socketPath } : {}),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
