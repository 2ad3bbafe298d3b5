import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { displayAccelerator, effectiveHotkeys } from '../../../shared/accelerator.ts';
import type { Profile } from '../../../shared/field.ts';
import type { ResultSummary } from '../../../shared/ipc.ts';
import type { Result } from '../../../shared/result.ts';
import { useApi } from '../api.ts';
import { sayError, useI18n } from '../i18n.ts';
import { PLATFORM } from '../platform.ts';
import { Status } from '../ui/Status.tsx';
import { VirtualList } from '../ui/VirtualList.tsx';
import { ExportControls, ExportProgress } from './Export.tsx';
import { hasFilters, NO_FILTERS, toResultFilter, type Filters } from './filters.ts';
import { useToday } from './useToday.ts';
import { ResultDetail } from './ResultDetail.tsx';
import { ResultRow } from './ResultRow.tsx';
import { ResultTable } from './ResultTable.tsx';
import { DEFAULT_SORT, sortIn, tableColumns } from './table-columns.ts';
import { Toolbar } from './Toolbar.tsx';
import { useExport } from './useExport.ts';
import { useDropExtract } from './useDropExtract.ts';
import { useResults } from './useResults.ts';
import { useReviewKeys } from './useReviewKeys.ts';
import { tableProfile, useHistorySort, useHistoryView, type HistoryView } from './view.ts';
import type { ResultSort } from '../../../shared/result-list.ts';

const ROW_HEIGHT = 64;

/** `#/history?select=<id>`: the window was opened to show one result (a notification was clicked). */
function selectedInHash(): string | null {
  const query = window.location.hash.split('?')[1];
  return query ? new URLSearchParams(query).get('select') : null;
}

export function HistoryWindow() {
  const api = useApi();
  const { t } = useI18n();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [query, setQuery] = useState('');
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [activeProfileId, setActiveProfileId] = useState<string | null>(null);
  // The capture shortcut the empty list tells about: the person's own, else this platform's.
  const [captureKey, setCaptureKey] = useState(() => effectiveHotkeys({}, PLATFORM).capture);
  const [selected, setSelected] = useState(-1);
  // A result asked for by id rather than picked in the list (main asked for it, or it was just
  // changed here): shown until a row is picked, even when it no longer matches the filters.
  const [pinned, setPinned] = useState<string | null>(selectedInHash);
  const [detail, setDetail] = useState<Result | null>(null);
  const [notice, setNotice] = useState<{ message: string; error?: boolean }>({ message: '' });
  const exporter = useExport();

  // Search as the person types, once they pause.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(filters.search.trim()), 200);
    return () => clearTimeout(timer);
  }, [filters.search]);

  const { status, review, profileId, range, from, to } = filters;
  // "Today", "Last 7 days"... are counted from the day it is now: at midnight the filter is made
  // anew (toResultFilter reads the clock), and the list moves on to the new day.
  const today = useToday();
  const countedFrom = range === 'any' || range === 'custom' ? null : today;
  const filter = useMemo(
    () => toResultFilter({ search: '', status, review, profileId, range, from, to }, query),
    [query, status, review, profileId, range, from, to, countedFrom],
  );
  const [view, setView] = useHistoryView();
  const [sortChosen, setSortChosen] = useHistorySort();
  const columnsOf = tableProfile(profiles, profileId, activeProfileId);
  const columns = useMemo(() => tableColumns(columnsOf?.profile), [columnsOf?.profile]);
  const sort = sortIn(sortChosen, columns);
  // The list has no headers: it stays newest first. The default order goes without a sort, so the
  // store pages it by its index as it always has. Export writes the rows in this order too.
  const order = view === 'table' && sort !== DEFAULT_SORT ? sort : undefined;
  const results = useResults(filter, order);
  const summary: ResultSummary | undefined = selected >= 0 ? results.rowAt(selected) : undefined;

  useEffect(() => {
    api.profilesList().then(
      (s) => {
        setProfiles(s.profiles);
        setActiveProfileId(s.activeProfileId);
      },
      () => undefined,
    );
    api.settingsGet().then(
      (s) => setCaptureKey(effectiveHotkeys(s.capture, PLATFORM).capture),
      () => undefined,
    );
  }, [api]);

  // A new filter starts from the top with nothing selected (but the result the window was opened
  // for stays until then).
  const firstFilter = useRef(filter);
  useEffect(() => {
    if (filter === firstFilter.current) return;
    setSelected(-1);
    setPinned(null);
  }, [filter]);

  // Main's news: a capture or retry stored a result (the list refreshes), or a notification asks
  // for one result.
  const { reload } = results;
  useEffect(() => {
    const offChanged = api.on('results:changed', () => reload());
    const offSelect = api.on('history:select', ({ id }) => {
      setSelected(-1);
      setPinned(id);
      reload();
    });
    return () => {
      offChanged();
      offSelect();
    };
  }, [api, reload]);

  // Another order or view puts other rows at each index: the result on screen stays (pinned), the
  // highlight goes until a row is picked.
  const reorder = (next: { view?: HistoryView; sort?: ResultSort }) => {
    setPinned(pinned ?? summary?.id ?? null);
    setSelected(-1);
    if (next.view) setView(next.view);
    if (next.sort) setSortChosen(next.sort);
  };

  const pick = useCallback((index: number) => {
    setPinned(null);
    setSelected(index);
  }, []);

  const selectedId = pinned ?? summary?.id;
  const shown = useRef(selectedId);
  useEffect(() => {
    shown.current = selectedId;
  }, [selectedId]);
  // A message is about what was on screen when it came: another result or filter clears it.
  useEffect(() => setNotice({ message: '' }), [selectedId, filter]);
  useEffect(() => {
    if (!selectedId) {
      setDetail(null);
      return;
    }
    let live = true;
    api.resultsGet({ id: selectedId }).then(
      (r) => live && setDetail(r),
      (e: unknown) => live && setNotice({ message: sayError(t, e), error: true }),
    );
    return () => {
      live = false;
    };
  }, [api, selectedId]);

  // An edit, a retry or a re-run answered: show the new version if it is still the one on
  // screen, and keep it there (pinned) even if it now falls outside the filters.
  const changed = useCallback(
    (r: Result) => {
      if (shown.current === r.id) {
        setPinned(r.id);
        setDetail(r);
      }
      reload();
    },
    [reload],
  );

  // A dropped file's result is shown as it arrives, like one just changed here.
  const extracted = useCallback(
    (r: Result) => {
      setPinned(r.id);
      setDetail(r);
      reload();
    },
    [reload],
  );
  const drop = useDropExtract(extracted);
  const { clearStatus } = drop;
  // Like the notices, a drop's last word goes when the person moves on to other results.
  useEffect(() => clearStatus(), [filter, clearStatus]);
  const activeProfile = profiles.find((p) => p.id === activeProfileId);

  const empty = results.total === 0;
  // The highlighted row must be the result on screen; a pinned one that left the list has none.
  const listSelected = pinned !== null && summary?.id !== pinned ? -1 : selected;

  // `n` past a result's last value to review: the rows below are searched for the next result that
  // needs review, from `seek` on, fetching the pages not yet held (their arrival renders again).
  const [seek, setSeek] = useState<number | null>(null);
  const [openedForReview, setOpenedForReview] = useState<string | null>(null);
  const listPane = useRef<HTMLDivElement>(null);
  const detailWrap = useRef<HTMLDivElement>(null);
  const { rowAt, ensure, total } = results;
  useEffect(() => {
    if (seek === null) return;
    for (let i = seek; i < (total ?? 0); i++) {
      const row = rowAt(i);
      if (!row) return ensure(i, i);
      if (row.review) {
        setSeek(null);
        setOpenedForReview(row.id);
        pick(i);
        return;
      }
    }
    setSeek(null);
    setNotice({ message: t('reviewNoMore') });
  });
  // ArrowDown or Enter in the search: the list takes the focus, and its first row is selected once
  // the rows for what was typed are here (the search is sent now rather than after the pause).
  const [firstWanted, setFirstWanted] = useState(false);
  const focusList = () =>
    listPane.current?.querySelector<HTMLElement>('[role="listbox"], [role="grid"]')?.focus();
  const toResults = () => {
    setQuery(filters.search.trim());
    setFirstWanted(true);
    focusList();
  };
  const { held } = results;
  useEffect(() => {
    if (!firstWanted || !held(0)) return;
    setFirstWanted(false);
    if (total) pick(0);
  });
  useReviewKeys(detailWrap, {
    step: (by) => {
      if (!total) return;
      setOpenedForReview(null);
      pick(Math.min(total - 1, Math.max(0, listSelected + by)));
      // The list takes the focus: the detail it was in is replaced by the next result's.
      focusList();
    },
    nextResultToReview: () => setSeek(listSelected + 1),
  });
  return (
    <main className="history" {...drop.handlers}>
      <h1 className="visually-hidden">{t('historyTitle')}</h1>
      {drop.over && (
        <div className="drop-target" aria-hidden="true">
          <p>{activeProfile ? t('dropTarget', { profile: activeProfile.name }) : t('dropTargetNoProfile')}</p>
        </div>
      )}
      <div className="toolbar">
        <Toolbar
          filters={filters}
          onChange={(patch) => setFilters((f) => ({ ...f, ...patch }))}
          profiles={profiles}
          onToResults={toResults}
        />
      </div>
      <ExportProgress state={exporter.state} onDismiss={exporter.dismiss} />
      <Status
        message={notice.message || drop.status.message || (results.error ? sayError(t, results.error) : '')}
        error={
          (notice.message
            ? notice.error
            : drop.status.message
              ? drop.status.error
              : results.error !== null) === true
        }
      />
      <div className={view === 'table' ? 'history-body history-body-table' : 'history-body'}>
        <div className="list-pane" ref={listPane}>
          {/* What the list holds and its export sit together: Export writes exactly these rows. */}
          <div className="list-head">
            <span className="count" aria-live="polite">
              {results.total === null
                ? ''
                : results.total === 1
                  ? t('resultsCountOne')
                  : t('resultsCount', { count: results.total })}
            </span>
            <div className="view-switch" role="group" aria-label={t('viewLabel')}>
              {(['list', 'table'] as const).map((v) => (
                <button
                  key={v}
                  type="button"
                  aria-pressed={view === v}
                  onClick={() => view !== v && reorder({ view: v })}
                >
                  {t(v === 'list' ? 'viewList' : 'viewTable')}
                </button>
              ))}
            </div>
            <span className="spacer" />
            <ExportControls
              empty={!results.total}
              busy={exporter.state.phase === 'running'}
              onExport={(format) => exporter.start(format, filter, order)}
            />
          </div>
          {view === 'table' && columnsOf && !filters.profileId && (
            <p className="table-note">
              {t(columnsOf.active ? 'tableColumnsActive' : 'tableColumnsOf', {
                profile: columnsOf.profile.name,
              })}
            </p>
          )}
          {empty ? (
            <p className="empty">
              {hasFilters(filters)
                ? t('resultsNoMatch')
                : t('resultsNone', { shortcut: displayAccelerator(captureKey, PLATFORM) })}
            </p>
          ) : view === 'table' ? (
            <ResultTable
              columns={columns}
              count={results.total ?? 0}
              rowAt={results.rowAt}
              selected={listSelected}
              onSelect={pick}
              onRange={results.ensure}
              sort={sort}
              onSort={(next) => reorder({ sort: next })}
              label={t('historyTitle')}
            />
          ) : (
            <VirtualList
              count={results.total ?? 0}
              rowHeight={ROW_HEIGHT}
              selected={listSelected}
              onSelect={pick}
              onRange={results.ensure}
              rowId={(i) => `result-row-${i}`}
              label={t('historyTitle')}
              renderRow={(i) => <ResultRow summary={results.rowAt(i)} profiles={profiles} />}
            />
          )}
        </div>
        <div className="detail-wrap" ref={detailWrap}>
          {detail ? (
            <ResultDetail
              key={detail.id}
              result={detail}
              profile={profiles.find((p) => p.id === detail.profile.id)}
              onChanged={changed}
              onDeleted={() => {
                setDetail(null);
                setSelected(-1);
                setPinned(null);
                reload();
              }}
              onStatus={(message, error) => setNotice({ message, ...(error ? { error } : {}) })}
              startAtReview={detail.id === openedForReview}
            />
          ) : (
            <p className="empty">{t('detailEmpty')}</p>
          )}
        </div>
      </div>
    </main>
  );
}
