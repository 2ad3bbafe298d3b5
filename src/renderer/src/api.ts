import { createContext, useContext } from 'react';
import type { ExtractoApi } from '../../shared/ipc.ts';
import { createBridgeApi } from './bridge.ts';

declare global {
  interface Window {
    /** Set by Electron's preload; absent in a plain browser, where the loopback bridge serves. */
    extracto?: ExtractoApi;
  }
}

export function defaultApi(): ExtractoApi {
  return window.extracto ?? createBridgeApi();
}

export const ApiContext = createContext<ExtractoApi | null>(null);

export function useApi(): ExtractoApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}
