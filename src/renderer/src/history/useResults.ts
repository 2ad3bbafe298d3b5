import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResultFilter, ResultSummary } from '../../../shared/ipc.ts';
import type { ResultSort } from '../../../shared/result-list.ts';
import { useApi } from '../api.ts';

const PAGE = 100;

export interface Results {
  total: number | null;
  rowAt: (index: number) => ResultSummary | undefined;
  /** Whether the page holding row `index` has arrived for the current filter and order. */
  held: (index: number) => boolean;
  /** Fetches the pages that hold rows first..last, if not already held or on their way. */
  ensure: (first: number, last: number) => void;
  /** Fetches again every page held, keeping the rows on screen until the new ones arrive. */
  reload: () => void;
  /** Why the last page could not be fetched; null when it was. */
  error: unknown;
}

/**
 * The history as pages fetched on demand: only the pages the list scrolls to are asked for, so a
 * history of 10,000+ results opens as fast as one of 10. `sort` (absent: newest first) is applied
 * by the store to every match, so each page is a slice of the one order.
 */
export function useResults(filter: ResultFilter, sort?: ResultSort): Results {
  const api = useApi();
  const pages = useRef(new Map<number, ResultSummary[] | 'loading'>());
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);

  const fetchPage = useCallback(
    (page: number) => {
      const gen = generation.current;
      // A page being fetched again keeps its old rows meanwhile: no flash of "Loading…".
      if (!pages.current.has(page)) pages.current.set(page, 'loading');
      api.resultsList({ ...filter, ...(sort ? { sort } : {}), limit: PAGE, offset: page * PAGE }).then(
        ({ items, total }) => {
          if (gen !== generation.current) return; // the filter changed, or a reload overtook it
          pages.current.set(page, items);
          setTotal(total);
          setVersion((v) => v + 1);
        },
        (e: unknown) => {
          if (pages.current.get(page) === 'loading') pages.current.delete(page);
          setError(e);
        },
      );
    },
    [api, filter, sort],
  );

  // Another filter or order: other rows entirely, from the top.
  useEffect(() => {
    generation.current++;
    pages.current.clear();
    setError(null);
    fetchPage(0);
  }, [fetchPage]);

  const ensure = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++)
        if (!pages.current.has(page)) fetchPage(page);
    },
    [fetchPage],
  );

  // Every page held, not just the first: a list scrolled deep must not be left showing "Loading…".
  const reload = useCallback(() => {
    generation.current++;
    setError(null);
    const held = [...pages.current.keys()];
    for (const page of held.length > 0 ? held : [0]) fetchPage(page);
  }, [fetchPage]);

  const rowAt = (index: number): ResultSummary | undefined => {
    const page = pages.current.get(Math.floor(index / PAGE));
    return page === 'loading' ? undefined : page?.[index % PAGE];
  };

  // Read from the pages as they are now (not as of the last render): an effect run as the filter
  // changes sees its rows are not here yet.
  const held = (index: number): boolean => Array.isArray(pages.current.get(Math.floor(index / PAGE)));

  return { total, rowAt, held, ensure, reload, error };
}
