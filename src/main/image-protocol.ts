import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import type { AppService } from '../app/service.ts';

/**
 * extracto://image/<result id> serves a result's stored screenshot to the windows: the page's CSP
 * allows images from this scheme only, and the id is looked up in the store, so no other file on
 * the disk can be named through it.
 */
const SCHEME = 'extracto';

/** Must run before the app is ready. */
export function registerImageScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } },
  ]);
}

export function serveImages(app: AppService): void {
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.hostname === 'image' ? await app.imageFile(url.pathname.slice(1)) : null;
    if (!file) return new Response('Not found.', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}
