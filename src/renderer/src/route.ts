import { useSyncExternalStore } from 'react';

export type Route = 'settings' | 'history' | 'preview';

function current(): Route {
  const hash = window.location.hash;
  if (hash.startsWith('#/history')) return 'history';
  if (hash.startsWith('#/preview')) return 'preview';
  return 'settings';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** Each Electron window loads the renderer with its own hash: #/settings, #/history or #/preview. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, current);
}
