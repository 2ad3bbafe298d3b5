import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Profile } from '../../../shared/field.ts';
import type { ResultFilter, ResultSummary } from '../../../shared/ipc.ts';
import type { Result } from '../../../shared/result.ts';
import { useApi } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { Status } from '../ui/Status.tsx';
import { VirtualList } from '../ui/VirtualList.tsx';
import { ResultDetail } from './ResultDetail.tsx';
import { ResultRow } from './ResultRow.tsx';
import { Toolbar } from './Toolbar.tsx';
import { useResults } from './useResults.ts';

const ROW_HEIGHT = 64;

/** `#/history?select=<id>`: the window was opened to show one result (a notification was clicked). */
function selectedInHash(): string | null {
  const query = window.location.hash.split('?')[1];
  return query ? new URLSearchParams(query).get('select') : null;
}

export function HistoryWindow() {
  const api = useApi();
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [status, setStatusFilter] = useState<ResultFilter['status']>(undefined);
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [selected, setSelected] = useState(-1);
  // A result asked for by id (from main) rather than picked in the list: shown until a row is picked.
  const [pinned, setPinned] = useState<string | null>(selectedInHash);
  const [detail, setDetail] = useState<Result | null>(null);
  const [notice, setNotice] = useState<{ message: string; error?: boolean }>({ message: '' });

  // Search as the person types, once they pause.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), 200);
    return () => clearTimeout(timer);
  }, [search]);

  const filter = useMemo<ResultFilter>(
    () => ({ ...(query ? { search: query } : {}), ...(status ? { status } : {}) }),
    [query, status],
  );
  const results = useResults(filter);
  const summary: ResultSummary | undefined = selected >= 0 ? results.rowAt(selected) : undefined;

  useEffect(() => {
    api.profilesList().then(
      (s) => setProfiles(s.profiles),
      () => undefined,
    );
  }, [api]);

  // A new filter starts from the top with nothing selected.
  useEffect(() => setSelected(-1), [filter]);

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

  const pick = useCallback((index: number) => {
    setPinned(null);
    setSelected(index);
  }, []);

  const selectedId = summary?.id ?? pinned ?? undefined;
  useEffect(() => {
    if (!selectedId) {
      setDetail(null);
      return;
    }
    let live = true;
    api.resultsGet({ id: selectedId }).then(
      (r) => live && setDetail(r),
      (e: Error) => live && setNotice({ message: e.message, error: true }),
    );
    return () => {
      live = false;
    };
  }, [api, selectedId]);

  const exportCsv = useCallback(async () => {
    try {
      const { path, count } = await api.resultsExport({ format: 'csv', filter });
      setNotice({ message: count === 1 ? t('exportDoneOne', { path }) : t('exportDone', { count, path }) });
    } catch (e) {
      setNotice({ message: (e as Error).message, error: true });
    }
  }, [api, filter, t]);

  const empty = results.total === 0;
  return (
    <main className="history">
      <h1 className="visually-hidden">{t('historyTitle')}</h1>
      <Toolbar
        search={search}
        onSearch={setSearch}
        status={status}
        onStatus={setStatusFilter}
        total={results.total}
        onExport={exportCsv}
      />
      <Status message={notice.message || results.error} error={notice.error || results.error !== ''} />
      <div className="history-body">
        <div className="list-pane">
          {empty ? (
            <p className="empty">{filter.search || filter.status ? t('resultsNoMatch') : t('resultsNone')}</p>
          ) : (
            <VirtualList
              count={results.total ?? 0}
              rowHeight={ROW_HEIGHT}
              selected={selected}
              onSelect={pick}
              onRange={results.ensure}
              rowId={(i) => `result-row-${i}`}
              label={t('historyTitle')}
              renderRow={(i) => <ResultRow summary={results.rowAt(i)} profiles={profiles} />}
            />
          )}
        </div>
        <div className="detail-wrap">
          {detail ? (
            <ResultDetail
              result={detail}
              profile={profiles.find((p) => p.id === detail.profile.id)}
              onChanged={(r) => {
                setDetail(r);
                results.reload();
              }}
              onDeleted={() => {
                setDetail(null);
                setSelected(-1);
                setPinned(null);
                results.reload();
              }}
              onStatus={(message, error) => setNotice({ message, error })}
            />
          ) : (
            <p className="empty">{t('detailEmpty')}</p>
          )}
        </div>
      </div>
    </main>
  );
}
