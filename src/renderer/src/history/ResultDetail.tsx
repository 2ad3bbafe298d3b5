import { useState } from 'react';
import type { Field, Profile } from '../../../shared/field.ts';
import type { Result } from '../../../shared/result.ts';
import { useApi } from '../api.ts';
import { formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { Confirm } from '../ui/Confirm.tsx';
import { typeOf } from './edit.ts';
import { FieldEditor } from './FieldEditor.tsx';

interface Props {
  result: Result;
  profile: Profile | undefined;
  onChanged: (result: Result) => void;
  onDeleted: () => void;
  onStatus: (message: string, error?: boolean) => void;
}

/** The fields in the profile's order; keys the profile no longer has follow, typed by their value. */
function fieldsOf(result: Result, profile: Profile | undefined): Pick<Field, 'key' | 'label' | 'type'>[] {
  const known = profile?.fields ?? [];
  const rest = Object.keys(result.fields)
    .filter((k) => !known.some((f) => f.key === k))
    .map((key) => ({ key, label: key, type: typeOf(result.fields[key]) }));
  return [...known.filter((f) => f.key in result.fields), ...rest];
}

export function ResultDetail({ result, profile, onChanged, onDeleted, onStatus }: Props) {
  const api = useApi();
  const { t, locale } = useI18n();
  const [confirming, setConfirming] = useState(false);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(JSON.stringify(result, null, 2));
      onStatus(t('detailCopied'));
    } catch (e) {
      onStatus((e as Error).message, true);
    }
  };
  const remove = async () => {
    setConfirming(false);
    try {
      await api.resultsDelete({ id: result.id });
      onDeleted();
    } catch (e) {
      onStatus((e as Error).message, true);
    }
  };

  return (
    <section className="detail-pane" aria-labelledby="detail-title">
      <figure className="shot">
        <img src={api.imageUrl(result.id)} alt={t('detailImageAlt', { id: result.id })} />
      </figure>
      <div className="detail-fields">
        <h2 id="detail-title">
          {result.profile.name} ·{' '}
          <time dateTime={result.createdAt}>{formatTime(result.createdAt, locale)}</time>
        </h2>
        <p className="hint">
          <span className={`pill pill-${result.status}`}>{t(`status_${result.status}`)}</span>{' '}
          {t('detailMeta', {
            provider: result.model ? `${result.provider} · ${result.model}` : result.provider,
            duration: result.durationMs,
          })}
        </p>
        {result.error && <p className="error">{t('detailError', { error: result.error })}</p>}
        <dl className="values">
          {fieldsOf(result, profile).map((field) => (
            <FieldEditor
              key={`${result.id}-${field.key}`}
              field={field}
              value={result.fields[field.key]}
              meta={result.fieldMeta[field.key]}
              onSave={async (value) =>
                onChanged(await api.resultsUpdate({ id: result.id, fields: { [field.key]: value } }))
              }
            />
          ))}
        </dl>
        <div className="actions">
          <button type="button" onClick={copy}>
            {t('detailCopyJson')}
          </button>
          <span className="spacer" />
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {t('detailDelete')}
          </button>
        </div>
        {confirming && (
          <Confirm
            message={t('detailDeleteConfirm')}
            onConfirm={remove}
            onCancel={() => setConfirming(false)}
          />
        )}
      </div>
    </section>
  );
}
