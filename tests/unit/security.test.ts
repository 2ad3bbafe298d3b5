import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

// The real 'electron' package, imported under Node, looks for (and would download) the binary: here
// it is the smallest stand-in, whose session keeps the permission handlers security.ts installs.
type RequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: object,
) => void;
type CheckHandler = (contents: unknown, permission: string, origin: string, details: object) => boolean;
const installed = vi.hoisted(() => ({}) as { request?: RequestHandler; check?: CheckHandler });
vi.mock('electron', () => ({
  app: { on: () => undefined },
  shell: {},
  BrowserWindow: class {},
  nativeTheme: {},
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: RequestHandler) => (installed.request = handler),
      setPermissionCheckHandler: (handler: CheckHandler) => (installed.check = handler),
      webRequest: { onHeadersReceived: () => undefined },
    },
  },
}));
const { hardenWebContents, permissionAllowed } = await import('../../src/main/security.ts');
const { PAGES } = await import('../../src/main/windows.ts');

/** The built pages' folder as hardenWebContents computes it, and a page in it as loadFile loads it. */
const BUILT = pathToFileURL(PAGES + path.sep).href;
const HISTORY = `${pathToFileURL(path.join(PAGES, 'index.html')).href}#/history`;
const DEV = 'http://localhost:5173';

describe('permissionAllowed: the clipboard for the app’s own pages, nothing else', () => {
  it('lets the built pages write to the clipboard (the Copy buttons)', () => {
    expect(permissionAllowed('clipboard-sanitized-write', HISTORY, BUILT)).toBe(true);
    expect(
      permissionAllowed(
        'clipboard-sanitized-write',
        pathToFileURL(path.join(PAGES, 'overlay.html')).href,
        BUILT,
      ),
    ).toBe(true);
    // Installed under a folder whose name needs escaping, the same.
    const odd = pathToFileURL(
      path.join('/opt', 'Mis programas', 'José #1', 'out', 'renderer') + path.sep,
    ).href;
    expect(permissionAllowed('clipboard-sanitized-write', `${odd}index.html#/history`, odd)).toBe(true);
  });

  it('lets the dev server’s pages write to it under `npm start`', () => {
    expect(permissionAllowed('clipboard-sanitized-write', `${DEV}/index.html#/history`, DEV)).toBe(true);
    // A check made for no document names only the origin: enough for the dev server.
    expect(permissionAllowed('clipboard-sanitized-write', DEV, DEV)).toBe(true);
  });

  it('refuses pages of any other origin or folder', () => {
    for (const url of [
      'https://example.com/index.html',
      'http://localhost:5174/index.html',
      'http://127.0.0.1:5173/index.html',
      pathToFileURL(path.join(PAGES, '..', 'elsewhere.html')).href,
      pathToFileURL(path.join(path.dirname(PAGES), 'renderer-evil', 'index.html')).href,
      `${BUILT}..%2F..%2Fevil.html`,
      'file:///tmp/index.html',
      'extracto://image/x',
      'null',
      'file://',
    ]) {
      expect(permissionAllowed('clipboard-sanitized-write', url, BUILT), url).toBe(false);
    }
    expect(permissionAllowed('clipboard-sanitized-write', HISTORY, DEV)).toBe(false);
    expect(permissionAllowed('clipboard-sanitized-write', 'https://example.com/', DEV)).toBe(false);
  });

  it('refuses every other permission, even to the app’s pages', () => {
    for (const permission of [
      'clipboard-read',
      'deprecated-sync-clipboard-read',
      'media',
      'display-capture',
      'geolocation',
      'notifications',
      'openExternal',
      'fileSystem',
      'fullscreen',
      'unknown',
      '',
    ]) {
      expect(permissionAllowed(permission, HISTORY, BUILT), permission).toBe(false);
      expect(permissionAllowed(permission, `${DEV}/index.html`, DEV), permission).toBe(false);
    }
  });

  it('refuses a request that names no page', () => {
    expect(permissionAllowed('clipboard-sanitized-write', undefined, BUILT)).toBe(false);
    expect(permissionAllowed('clipboard-sanitized-write', '', BUILT)).toBe(false);
    expect(permissionAllowed('clipboard-sanitized-write', undefined, DEV)).toBe(false);
  });
});

describe('hardenWebContents: both of the session’s permission handlers decide so', () => {
  const request = (permission: string, requestingUrl: string) =>
    new Promise<boolean>((resolve) =>
      installed.request!(null, permission, resolve, { requestingUrl, isMainFrame: true }),
    );
  const check = (permission: string, origin: string, requestingUrl?: string) =>
    installed.check!(null, permission, origin, {
      isMainFrame: true,
      ...(requestingUrl ? { requestingUrl } : {}),
    });

  it('in the built app', async () => {
    hardenWebContents(undefined);
    expect(await request('clipboard-sanitized-write', HISTORY)).toBe(true);
    expect(await request('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    expect(await request('media', HISTORY)).toBe(false);
    // Electron's check names the page, with its origin: "null" (Node) or "file://" (Chromium).
    expect(check('clipboard-sanitized-write', 'file://', HISTORY)).toBe(true);
    expect(check('clipboard-sanitized-write', 'null', HISTORY)).toBe(true);
    expect(check('clipboard-sanitized-write', 'file://')).toBe(false);
    expect(check('clipboard-read', 'file://', HISTORY)).toBe(false);
    expect(check('notifications', 'file://', HISTORY)).toBe(false);
  });

  it('under `npm start`', async () => {
    hardenWebContents(DEV);
    expect(await request('clipboard-sanitized-write', `${DEV}/index.html#/history`)).toBe(true);
    expect(await request('clipboard-sanitized-write', HISTORY)).toBe(false);
    expect(check('clipboard-sanitized-write', DEV, `${DEV}/index.html#/history`)).toBe(true);
    expect(check('clipboard-sanitized-write', DEV)).toBe(true);
    expect(check('clipboard-sanitized-write', 'https://example.com')).toBe(false);
    expect(check('geolocation', DEV, `${DEV}/index.html`)).toBe(false);
  });
});
