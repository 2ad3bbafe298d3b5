import { useCallback, useState } from 'react';
import type { Profile } from '../../../shared/field.ts';

/** How History shows its results: rows of a few values, or a table of the profile's fields. */
export type HistoryView = 'list' | 'table';

const VIEW_KEY = 'extracto.history.view';

function storedView(): HistoryView {
  try {
    return localStorage.getItem(VIEW_KEY) === 'table' ? 'table' : 'list';
  } catch {
    // Storage refused (a locked-down profile): the list, as on a first start.
    return 'list';
  }
}

/**
 * The view, kept across reloads and restarts in the window's own storage: it is how this person
 * likes to look at the window, not a setting other processes (the CLI) need to read.
 */
export function useHistoryView(): [HistoryView, (view: HistoryView) => void] {
  const [view, setView] = useState(storedView);
  const choose = useCallback((next: HistoryView) => {
    setView(next);
    try {
      localStorage.setItem(VIEW_KEY, next);
    } catch {
      // Not kept: it still applies until the window closes.
    }
  }, []);
  return [view, choose];
}

/**
 * Whose fields the table's columns are: the profile filtered on; with All profiles, the active one
 * (the one new results are read with, so it does not change as rows come and go or are sorted),
 * else the first profile. `active` says whether it is the active one, for the sentence above.
 */
export function tableProfile(
  profiles: Profile[],
  filtered: string | undefined,
  activeId: string | null,
): { profile: Profile; active: boolean } | undefined {
  if (filtered !== undefined) {
    const profile = profiles.find((p) => p.id === filtered);
    return profile && { profile, active: false };
  }
  const active = profiles.find((p) => p.id === activeId);
  if (active) return { profile: active, active: true };
  return profiles[0] && { profile: profiles[0], active: false };
}
