import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResultFilter } from '../../../shared/ipc.ts';
import type { ResultSort } from '../../../shared/result-list.ts';
import type { ExportFormat } from '../../../shared/result.ts';
import type { StoredError } from '../../../shared/stored-error.ts';
import { useApi } from '../api.ts';

export type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number }
  | { phase: 'done'; count: number; path: string; name: string; job: string }
  /** Said by the window in its language: the job's reason (`stored`), or the call's error. */
  | { phase: 'failed'; stored?: StoredError; thrown?: unknown };

/** Often enough for a bar that moves, rarely enough to cost nothing next to the export itself. */
const POLL_MS = 250;

/**
 * An export as a job: started, then asked how far it got until it says it is finished. Polling
 * runs only while a job does (the bridge cannot push, and main need not for this).
 */
export function useExport(): {
  state: ExportState;
  /** `sort`: the order the rows are written in (the table's); newest first without it. */
  start: (format: ExportFormat, filter: ResultFilter, sort?: ResultSort) => void;
  dismiss: () => void;
} {
  const api = useApi();
  const [state, setState] = useState<ExportState>({ phase: 'idle' });
  // Each start (and the window's closing) ends the polling of the job before it.
  const run = useRef(0);
  useEffect(
    () => () => {
      run.current++;
    },
    [],
  );

  const start = useCallback(
    (format: ExportFormat, filter: ResultFilter, sort?: ResultSort) => {
      const mine = ++run.current;
      const live = () => mine === run.current;
      const fail = (e: unknown) => live() && setState({ phase: 'failed', thrown: e });
      const poll = (job: string) => {
        api.resultsExportStatus({ job }).then((s) => {
          if (!live()) return;
          if (s.error !== undefined) setState({ phase: 'failed', stored: s });
          else if (s.path !== undefined)
            setState({ phase: 'done', count: s.done, path: s.path, name: s.name ?? s.path, job });
          else {
            setState({ phase: 'running', done: s.done, total: s.total });
            setTimeout(() => poll(job), POLL_MS);
          }
        }, fail);
      };
      setState({ phase: 'running', done: 0, total: 0 });
      api.resultsExport({ format, filter, ...(sort ? { sort } : {}) }).then((started) => {
        if (!live()) return;
        // The person closed the save dialog: nothing was written, nothing to say.
        if ('cancelled' in started) return setState({ phase: 'idle' });
        setState({ phase: 'running', done: 0, total: started.total });
        poll(started.job);
      }, fail);
    },
    [api],
  );

  const dismiss = useCallback(() => {
    run.current++;
    setState({ phase: 'idle' });
  }, []);

  return { state, start, dismiss };
}
