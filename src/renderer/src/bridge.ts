import type { ExtractoApi } from '../../shared/ipc.ts';
import { createChannelApi, type IpcOutcome } from '../../shared/ipc-client.ts';

/**
 * window.extracto for the renderer in a plain browser (tests, `npm run dev:renderer`): the same
 * contract over the loopback bridge (src/app/bridge-server.ts), same origin as the page. In the
 * Electron app, preload exposes the same ExtractoApi over ipcRenderer instead.
 *
 * `base` is where the bridge answers, its per-run token as the last segment. The page itself is
 * served at `<origin>/<token>/`, so by default every call is relative to the page ('.'): the token
 * goes with each /ipc call and each image URL without the page ever reading or storing it.
 */
export function createBridgeApi(base = '.'): ExtractoApi {
  const channels = createChannelApi(async (channel, request) => {
    const response = await fetch(`${base}/ipc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: request === undefined ? '' : JSON.stringify(request),
    });
    if (!response.ok) {
      return { ok: false, error: { message: await response.text(), kind: 'failed' } };
    }
    return (await response.json()) as IpcOutcome;
  });
  return {
    ...channels,
    imageUrl: (id, page) =>
      `${base}/image/${encodeURIComponent(id)}${page === undefined ? '' : `?page=${page}`}`,
    // A browser never tells a page where a file is: dropped files are sent as bytes.
    pathForFile: () => '',
    exportUrl: (job) => `${base}/export/${encodeURIComponent(job)}`,
    // Main's notifications come from captures and retries the desktop app runs; behind the bridge
    // every change starts in this page, so there is never one to deliver.
    on: () => () => undefined,
  };
}
