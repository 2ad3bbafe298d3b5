import { app, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PAGES } from './windows.ts';

/** The one permission a page gets: writing text to the clipboard (the Copy buttons in History). */
const ALLOWED_PERMISSION = 'clipboard-sanitized-write';

/**
 * Whether a page may have a permission: only `clipboard-sanitized-write`, and only for the app's
 * own pages — those under `pagesBase`, the folder of the built pages as a file: URL (ending in
 * '/'), or Vite's dev server under `npm start` (same origin). Anything else, and a request that
 * names no page, is refused.
 */
export function permissionAllowed(permission: string, url: string | undefined, pagesBase: string): boolean {
  if (permission !== ALLOWED_PERMISSION || !url) return false;
  try {
    const page = new URL(url);
    const base = new URL(pagesBase);
    if (base.protocol !== 'file:') return page.origin === base.origin;
    // A file: URL has no origin to compare ("null"): the page must be a file in the pages' folder
    // (paths compared decoded, as Chromium and Node may escape a character of it differently; an
    // escaped '..' that decoding would bring back is refused).
    const folder = decodeURIComponent(base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`);
    const file = decodeURIComponent(page.pathname);
    return (
      page.protocol === 'file:' &&
      page.host === base.host &&
      file.startsWith(folder) &&
      !/(^|[\\/])\.\.([\\/]|$)/.test(file)
    );
  } catch {
    return false; // Not a URL, or a malformed escape in it.
  }
}

/**
 * Electron's security checklist, app-wide: no page may navigate away from the app, open windows,
 * attach webviews or have any permission but writing to the clipboard (see permissionAllowed), and
 * every response carries the strict CSP (the pages carry it too, as a meta tag; the header also
 * covers Vite's dev server).
 */
export function hardenWebContents(devServer: string | undefined): void {
  const pagesBase = devServer ?? pathToFileURL(PAGES + path.sep).href;
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // A link to the web (documentation, say) opens in the person's browser, never in the app.
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (url !== contents.getURL()) event.preventDefault();
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl, pagesBase)),
  );
  // A check names the page's URL when made for a document, else only its origin (enough for the
  // dev server, never for a file: page).
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionAllowed(permission, details.requestingUrl ?? requestingOrigin, pagesBase),
  );
  const csp = [
    "default-src 'none'",
    // Vite's dev server injects React's refresh preamble and styles inline; the built app has none.
    devServer ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    devServer ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' extracto: data:",
    devServer ? `connect-src 'self' ${devServer.replace(/^http/, 'ws')}` : "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}
