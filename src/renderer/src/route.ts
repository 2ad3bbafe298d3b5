import { useSyncExternalStore } from 'react';

export type Route = 'settings' | 'history';

function current(): Route {
  return window.location.hash.startsWith('#/history') ? 'history' : 'settings';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** Each Electron window loads the renderer with its own hash: #/settings or #/history. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, current);
}
