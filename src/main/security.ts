import { app, session, shell } from 'electron';

/**
 * Electron's security checklist, app-wide: no page may navigate away from the app, open windows,
 * attach webviews or ask for permissions, and every response carries the strict CSP (the pages
 * carry it too, as a meta tag; the header also covers Vite's dev server).
 */
export function hardenWebContents(devServer: string | undefined): void {
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
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
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
