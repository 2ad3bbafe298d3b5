import { RESULT_STATUSES, type ResultStatus } from '../../../shared/result.ts';
import { useI18n } from '../i18n.ts';

interface Props {
  search: string;
  onSearch: (text: string) => void;
  status: ResultStatus | undefined;
  onStatus: (status: ResultStatus | undefined) => void;
  total: number | null;
  onExport: () => void;
}

export function Toolbar({ search, onSearch, status, onStatus, total, onExport }: Props) {
  const { t } = useI18n();
  return (
    <div className="toolbar" role="search">
      <div className="control control-inline">
        <label htmlFor="search">{t('searchLabel')}</label>
        <input
          id="search"
          type="search"
          value={search}
          placeholder={t('searchPlaceholder')}
          onChange={(e) => onSearch(e.target.value)}
        />
      </div>
      <div className="control control-inline">
        <label htmlFor="status-filter">{t('statusFilter')}</label>
        <select
          id="status-filter"
          value={status ?? ''}
          onChange={(e) => onStatus(e.target.value === '' ? undefined : (e.target.value as ResultStatus))}
        >
          <option value="">{t('statusAll')}</option>
          {RESULT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status_${s}`)}
            </option>
          ))}
        </select>
      </div>
      <span className="count" aria-live="polite">
        {total === null ? '' : total === 1 ? t('resultsCountOne') : t('resultsCount', { count: total })}
      </span>
      <span className="spacer" />
      <button type="button" onClick={onExport} disabled={!total}>
        {t('exportCsv')}
      </button>
    </div>
  );
}
