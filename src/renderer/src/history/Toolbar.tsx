import { useEffect, useRef } from 'react';
import type { Profile } from '../../../shared/field.ts';
import { RESULT_STATUSES, type ResultStatus } from '../../../shared/result.ts';
import { useI18n } from '../i18n.ts';
import { DATE_RANGES, hasFilters, NO_FILTERS, rangeDays, type DateRange, type Filters } from './filters.ts';

interface Props {
  filters: Filters;
  onChange: (patch: Partial<Filters>) => void;
  profiles: Profile[];
  /** ArrowDown or Enter in the search: on to the results, the first one selected. */
  onToResults: () => void;
}

/**
 * Search, status, needs review, profile and a date range; every control labelled, Ctrl+F jumps
 * to the search, and ArrowDown or Enter from it goes on to the results.
 */
export function Toolbar({ filters, onChange, profiles, onToResults }: Props) {
  const { t } = useI18n();
  const search = useRef<HTMLInputElement>(null);

  // The desktop habit for "find": in the app no browser find bar claims the keys.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        search.current?.focus();
        search.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="filters" role="search" aria-label={t('filtersLabel')}>
      <div className="control control-inline">
        <label htmlFor="search">{t('searchLabel')}</label>
        <input
          id="search"
          ref={search}
          type="search"
          value={filters.search}
          placeholder={t('searchPlaceholder')}
          aria-keyshortcuts="Control+F"
          onChange={(e) => onChange({ search: e.target.value })}
          onKeyDown={(e) => {
            if ((e.key === 'ArrowDown' || e.key === 'Enter') && !e.nativeEvent.isComposing) {
              e.preventDefault();
              onToResults();
            }
          }}
        />
      </div>
      <div className="control control-inline">
        <label htmlFor="status-filter">{t('statusFilter')}</label>
        <select
          id="status-filter"
          value={filters.status ?? ''}
          onChange={(e) =>
            onChange({ status: e.target.value === '' ? undefined : (e.target.value as ResultStatus) })
          }
        >
          <option value="">{t('statusAll')}</option>
          {RESULT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status_${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="control control-inline">
        <input
          id="review-filter"
          type="checkbox"
          checked={filters.review}
          onChange={(e) => onChange({ review: e.target.checked })}
        />
        <label htmlFor="review-filter">{t('reviewFilter')}</label>
      </div>
      <div className="control control-inline">
        <label htmlFor="profile-filter">{t('profileFilter')}</label>
        <select
          id="profile-filter"
          value={filters.profileId ?? ''}
          onChange={(e) => onChange({ profileId: e.target.value || undefined })}
        >
          <option value="">{t('profileAll')}</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="control control-inline">
        <label htmlFor="range-filter">{t('dateRange')}</label>
        <select
          id="range-filter"
          value={filters.range}
          onChange={(e) => {
            const range = e.target.value as DateRange;
            // Custom starts from the days the range picked before covered, to be adjusted.
            onChange(range === 'custom' ? { range, ...rangeDays(filters, new Date()) } : { range });
          }}
        >
          {DATE_RANGES.map((r) => (
            <option key={r} value={r}>
              {t(`dateRange_${r}`)}
            </option>
          ))}
        </select>
      </div>
      {filters.range === 'custom' && (
        <>
          <div className="control control-inline">
            <label htmlFor="from-filter">{t('dateFrom')}</label>
            <input
              id="from-filter"
              type="date"
              value={filters.from}
              max={filters.to || undefined}
              onChange={(e) => onChange({ from: e.target.value })}
            />
          </div>
          <div className="control control-inline">
            <label htmlFor="to-filter">{t('dateTo')}</label>
            <input
              id="to-filter"
              type="date"
              value={filters.to}
              min={filters.from || undefined}
              onChange={(e) => onChange({ to: e.target.value })}
            />
          </div>
        </>
      )}
      {hasFilters(filters) && (
        <button
          type="button"
          className="link"
          onClick={() => {
            onChange(NO_FILTERS);
            // The button goes away with the filters: focus must not fall to the page.
            search.current?.focus();
          }}
        >
          {t('filtersClear')}
        </button>
      )}
    </div>
  );
}
