import { useCallback, useState } from 'react';
import type { Profile } from '../../../shared/field.ts';
import { ResultSort } from '../../../shared/result-list.ts';
import { DEFAULT_SORT } from './table-columns.ts';

/** How History shows its results: rows of a few values, or a table of the profile's fields. */
export type HistoryView = 'list' | 'table';

const VIEW_KEY = 'extracto.history.view';
const SORT_KEY = 'extracto.history.sort';

/**
 * A choice kept across reloads and restarts in the window's own storage: it is how this person
 * likes to look at the window, not a setting other processes (the CLI) need to read. `read` turns
 * what is stored (null: nothing yet) into the choice, or the default for anything it cannot use.
 */
function useStored<T>(key: string, read: (stored: string | null) => T, write: (value: T) => string) {
  const [value, setValue] = useState(() => {
    try {
      return read(localStorage.getItem(key));
    } catch {
      // Storage refused (a locked-down profile): the default, as on a first start.
      return read(null);
    }
  });
  const choose = useCallback(
    (next: T) => {
      setValue(next);
      try {
        localStorage.setItem(key, write(next));
      } catch {
        // Not kept: it still applies until the window closes.
      }
    },
    [key, write],
  );
  return [value, choose] as const;
}

const viewFrom = (stored: string | null): HistoryView => (stored === 'table' ? 'table' : 'list');
const asIs = (view: HistoryView) => view;

/** The view: the list on a first start. */
export function useHistoryView(): readonly [HistoryView, (view: HistoryView) => void] {
  return useStored(VIEW_KEY, viewFrom, asIs);
}

/**
 * The table's order as last stored: the default when there is none or it no longer parses (a
 * version that sorted otherwise). A sort by a field the shown profile lacks is kept here, and
 * dropped where the columns are known (sortIn): back on that profile, its order comes back.
 */
export function sortFrom(stored: string | null): ResultSort {
  if (stored === null) return DEFAULT_SORT;
  let json: unknown;
  try {
    json = JSON.parse(stored);
  } catch {
    return DEFAULT_SORT;
  }
  const parsed = ResultSort.safeParse(json);
  if (!parsed.success) return DEFAULT_SORT;
  const sort = parsed.data;
  // The default itself, so that the window knows it as the default (no sort sent to the store).
  return sort.by === DEFAULT_SORT.by && sort.direction === DEFAULT_SORT.direction ? DEFAULT_SORT : sort;
}

/** The table's order, newest first on a first start. */
export function useHistorySort(): readonly [ResultSort, (sort: ResultSort) => void] {
  return useStored(SORT_KEY, sortFrom, JSON.stringify);
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
