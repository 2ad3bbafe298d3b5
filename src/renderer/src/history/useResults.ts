import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResultFilter, ResultSummary } from '../../../shared/ipc.ts';
import { useApi } from '../api.ts';

const PAGE = 100;

export interface Results {
  total: number | null;
  rowAt: (index: number) => ResultSummary | undefined;
  /** Fetches the pages that hold rows first..last, if not already held or on their way. */
  ensure: (first: number, last: number) => void;
  reload: () => void;
  error: string;
}

/**
 * The history as pages fetched on demand: only the pages the list scrolls to are asked for, so a
 * history of 10,000+ results opens as fast as one of 10.
 */
export function useResults(filter: ResultFilter): Results {
  const api = useApi();
  const pages = useRef(new Map<number, ResultSummary[] | 'loading'>());
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [, setVersion] = useState(0);
  const [error, setError] = useState('');
  const [reloads, setReloads] = useState(0);

  const fetchPage = useCallback(
    (page: number) => {
      const gen = generation.current;
      pages.current.set(page, 'loading');
      api.resultsList({ ...filter, limit: PAGE, offset: page * PAGE }).then(
        ({ items, total }) => {
          if (gen !== generation.current) return; // the filter changed meanwhile
          pages.current.set(page, items);
          setTotal(total);
          setVersion((v) => v + 1);
        },
        (e: Error) => {
          pages.current.delete(page);
          setError(e.message);
        },
      );
    },
    [api, filter],
  );

  useEffect(() => {
    generation.current++;
    pages.current.clear();
    setError('');
    fetchPage(0);
  }, [fetchPage, reloads]);

  const ensure = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++)
        if (!pages.current.has(page)) fetchPage(page);
    },
    [fetchPage],
  );

  const rowAt = (index: number): ResultSummary | undefined => {
    const page = pages.current.get(Math.floor(index / PAGE));
    return page === 'loading' ? undefined : page?.[index % PAGE];
  };

  return { total, rowAt, ensure, reload: useCallback(() => setReloads((n) => n + 1), []), error };
}
