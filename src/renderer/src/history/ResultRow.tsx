import type { Profile } from '../../../shared/field.ts';
import type { ResultSummary } from '../../../shared/ipc.ts';
import { useApi } from '../api.ts';
import { formatTime, formatValue } from '../format.ts';
import { sayStoredError } from '../../../shared/stored-error.ts';
import { useI18n } from '../i18n.ts';
import { DuplicateMark } from './DuplicateMark.tsx';
import { rowFields } from './row-fields.ts';

export function ResultRow({
  summary,
  profiles,
}: {
  summary: ResultSummary | undefined;
  profiles: Profile[];
}) {
  const api = useApi();
  const { t, locale } = useI18n();
  if (!summary) return <span className="row-loading">{t('loading')}</span>;
  const profile = profiles.find((p) => p.id === summary.profile.id);
  const main = rowFields(profile?.fields, Object.keys(summary.fields));
  const why = sayStoredError(locale, summary);
  return (
    <>
      {summary.image.path ? (
        <img className="thumb" src={api.imageUrl(summary.id)} alt="" loading="lazy" decoding="async" />
      ) : (
        <span className="thumb" aria-hidden="true" />
      )}
      <span className="row-main">
        <span className="row-top">
          <time dateTime={summary.createdAt}>{formatTime(summary.createdAt, locale)}</time>
          {/* With one profile, its name on every row says nothing. */}
          {profiles.length > 1 && <span className="row-profile">{summary.profile.name}</span>}
          <span className={`pill pill-${summary.status}`}>{t(`status_${summary.status}`)}</span>
          {summary.review && <span className="pill pill-review">{t('reviewBadge')}</span>}
          {summary.edited && <span className="badge badge-changed">{t('detailEdited')}</span>}
          <DuplicateMark of={summary.duplicateOf} />
        </span>
        {summary.status !== 'ok' ? (
          // A failed or pending row has no values to show: why it has none is what matters.
          <span className={`row-why row-why-${summary.status}`} title={why}>
            {why ?? t(summary.status === 'failed' ? 'failedNoReason' : 'pendingNoReason')}
          </span>
        ) : (
          <span className="row-fields">
            {main.map(({ key, amount }) => {
              const field = profile?.fields.find((f) => f.key === key);
              return (
                <span key={key} className={amount ? 'row-field row-field-amount' : 'row-field'}>
                  <span className="row-field-label">{field?.label ?? key}</span>{' '}
                  {formatValue(summary.fields[key], locale, t, field?.type)}
                </span>
              );
            })}
          </span>
        )}
      </span>
    </>
  );
}
