import { useEffect, useState } from 'react';
import type { ExportFormat } from '../../../shared/result.ts';
import { useApi } from '../api.ts';
import { sayError, useI18n } from '../i18n.ts';
import { sayStoredError } from '../../../shared/stored-error.ts';
import type { ExportState } from './useExport.ts';

/** Excel first: it is where most of these exports end up (see DESIGN: the accountant). */
const ORDER: readonly ExportFormat[] = ['xlsx', 'csv', 'json', 'jsonl'];

/** The format to write and the button that exports what the filters show. */
export function ExportControls({
  empty,
  busy,
  onExport,
}: {
  /** Nothing to export. */
  empty: boolean;
  /** An export is under way: one at a time. */
  busy: boolean;
  onExport: (format: ExportFormat) => void;
}) {
  const { t } = useI18n();
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  return (
    <div className="export-controls">
      <label htmlFor="export-format">{t('exportFormat')}</label>
      <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
        {ORDER.map((f) => (
          <option key={f} value={f}>
            {t(`exportFormat_${f}`)}
          </option>
        ))}
      </select>
      {/* aria-disabled while busy, not disabled: a button pressed from the keyboard keeps the focus. */}
      <button type="button" disabled={empty} aria-disabled={busy} onClick={() => busy || onExport(format)}>
        {t('exportButton')}
      </button>
    </div>
  );
}

/**
 * Where an export stands, floating over the window's foot so nothing moves: a progress bar while it
 * runs, then where the file went with a way to open it (the desktop app) or download it (a plain
 * browser, behind the bridge), or the sentence that says why it failed.
 */
export function ExportProgress({ state, onDismiss }: { state: ExportState; onDismiss: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [problem, setProblem] = useState('');
  // A new export (or its end) starts without the last one's "could not open the file".
  useEffect(() => setProblem(''), [state.phase]);
  if (state.phase === 'idle') return null;
  // Until the job answers, the count is not known yet.
  const progress =
    state.phase === 'running' && state.total > 0
      ? t('exportRunning', { done: state.done, total: state.total })
      : t('exportStarting');

  const openExport = async (job: string, reveal: boolean) => {
    setProblem('');
    try {
      await api.resultsOpenExport({ job, reveal });
    } catch (e) {
      setProblem(sayError(t, e));
    }
  };
  const download = state.phase === 'done' ? api.exportUrl(state.job) : undefined;

  return (
    <div className={`export-progress export-${state.phase}`}>
      {state.phase === 'running' && (
        <>
          {/* Without a value (the count not known yet) the bar is an indeterminate one. */}
          <progress
            value={state.total > 0 ? state.done : undefined}
            max={Math.max(1, state.total)}
            aria-label={t('exportProgress')}
            aria-valuetext={progress}
          />
          <span role="status">{progress}</span>
        </>
      )}
      {state.phase === 'done' && (
        <>
          <span role="status" className="export-path">
            {state.count === 1
              ? t('exportDoneOne', { path: state.path })
              : t('exportDone', { count: state.count, path: state.path })}
          </span>
          {download ? (
            <a className="button" href={download} download={state.name}>
              {t('exportDownload')}
            </a>
          ) : (
            <>
              <button type="button" onClick={() => void openExport(state.job, false)}>
                {t('exportOpenFile')}
              </button>
              <button type="button" onClick={() => void openExport(state.job, true)}>
                {t('exportShowInFolder')}
              </button>
            </>
          )}
        </>
      )}
      {state.phase === 'failed' && (
        <span role="alert" className="error">
          {state.stored ? sayStoredError(t.locale, state.stored) : sayError(t, state.thrown)}
        </span>
      )}
      {problem && (
        <span role="alert" className="error">
          {problem}
        </span>
      )}
      {state.phase !== 'running' && (
        <button type="button" className="icon" aria-label={t('exportDismiss')} onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
