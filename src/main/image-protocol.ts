import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import type { AppService } from '../app/service.ts';
import { pageOf } from '../shared/pages.ts';

/**
 * extracto://image/<result id>[?page=N] serves a result's stored screenshot (or a page of its
 * stored PDF, drawn) to the windows: the page's CSP
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
    const picture = url.hostname === 'image' ? await app.picture(url.pathname.slice(1), pageOf(url)) : null;
    if (!picture) return new Response('Not found.', { status: 404 });
    if ('png' in picture)
      return new Response(new Uint8Array(picture.png), { headers: { 'content-type': 'image/png' } });
    return net.fetch(pathToFileURL(picture.file).toString());
  });
}
