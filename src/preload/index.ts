import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ExtractoApi } from '../shared/ipc.ts';
import { createChannelApi, EVENT_NAMES, type IpcOutcome } from '../shared/ipc-client.ts';

/**
 * window.extracto: one named function per channel of the contract, each a single invoke, plus
 * main's notifications. Nothing else of Electron or Node reaches the page (no raw ipcRenderer).
 */
const api: ExtractoApi = {
  ...createChannelApi((channel, request) => ipcRenderer.invoke(channel, request) as Promise<IpcOutcome>),
  imageUrl: (id, page) =>
    `extracto://image/${encodeURIComponent(id)}${page === undefined ? '' : `?page=${page}`}`,
  // With contextIsolation a dropped File carries no path; only Electron can tell it, here.
  pathForFile: (file) => webUtils.getPathForFile(file),
  // The desktop app opens a finished export itself (results:openExport): nothing to download.
  exportUrl: () => undefined,
  on(event, listener) {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`Unknown event ${event}`);
    // The page gets the payload only, never Electron's event object (it holds the sender).
    const forward = (_event: IpcRendererEvent, payload: Parameters<typeof listener>[0]) => listener(payload);
    ipcRenderer.on(event, forward);
    return () => void ipcRenderer.off(event, forward);
  },
};

contextBridge.exposeInMainWorld('extracto', api);
