import { useRef, useState } from 'react';
import type { Field, Profile } from '../../../shared/field.ts';
import {
  asTable,
  needsReview,
  type FieldValue,
  type ProviderId,
  type Result,
} from '../../../shared/result.ts';
import { useApi } from '../api.ts';
import { formatTime } from '../format.ts';
import { sayError, useI18n } from '../i18n.ts';
import { Confirm } from '../ui/Confirm.tsx';
import { flaggedKeys } from './checks.ts';
import { ChecksList } from './ChecksList.tsx';
import { typeOf } from './edit.ts';
import { FailureNotice } from './FailureNotice.tsx';
import { FieldEditor } from './FieldEditor.tsx';
import { RerunControl } from './RerunControl.tsx';
import { TableField } from './TableField.tsx';

interface Props {
  result: Result;
  profile: Profile | undefined;
  onChanged: (result: Result) => void;
  onDeleted: () => void;
  onStatus: (message: string, error?: boolean) => void;
}

/** The fields in the profile's order; keys the profile no longer has follow, typed by their value. */
function fieldsOf(
  result: Result,
  profile: Profile | undefined,
): Pick<Field, 'key' | 'label' | 'type' | 'columns'>[] {
  const known = profile?.fields ?? [];
  const rest = Object.keys(result.fields)
    .filter((k) => !known.some((f) => f.key === k))
    .map((key) => ({ key, label: key, type: typeOf(result.fields[key]) }));
  return [...known.filter((f) => f.key in result.fields), ...rest];
}

/** A run again replaces the values: corrections a person made would go with them. */
function hasCorrections(result: Result): boolean {
  return Object.values(result.fieldMeta).some((m) => m.original !== undefined);
}

type Pending = { kind: 'delete' } | { kind: 'rerun'; provider: ProviderId | undefined };

export function ResultDetail({ result, profile, onChanged, onDeleted, onStatus }: Props) {
  const api = useApi();
  const { t, locale } = useI18n();
  const [confirming, setConfirming] = useState<Pending | null>(null);
  // The button that asked: a confirmation answered (or cancelled) gives the focus back to it.
  const asker = useRef<HTMLElement | null>(null);
  const ask = (pending: Pending) => {
    asker.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setConfirming(pending);
  };
  const settle = () => {
    setConfirming(null);
    asker.current?.focus();
    asker.current = null;
  };
  const [busy, setBusy] = useState<'retry' | 'rerun' | null>(null);
  const title = useRef<HTMLHeadingElement>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(JSON.stringify(result, null, 2));
      onStatus(t('detailCopied'));
    } catch {
      // The browser's own reason ("Write permission denied.") means nothing to the person.
      onStatus(t('copyFailed'), true);
    }
  };
  const openImage = async () => {
    try {
      await api.resultsOpenImage({ id: result.id });
    } catch (e) {
      onStatus(sayError(t, e), true);
    }
  };
  const remove = async () => {
    setConfirming(null);
    try {
      await api.resultsDelete({ id: result.id });
      onDeleted();
    } catch (e) {
      onStatus(sayError(t, e), true);
    }
  };
  /** Retry (no provider: its own) or re-run with a provider; the result is replaced in place. */
  const rerun = async (provider: ProviderId | undefined) => {
    settle();
    setBusy(provider === undefined ? 'retry' : 'rerun');
    onStatus(t('rerunStarted'));
    try {
      const next = await api.resultsRetry({ id: result.id, ...(provider ? { provider } : {}) });
      onChanged(next);
      // A retry that worked takes its button away with the notice: focus goes to the result.
      if (provider === undefined && next.status === 'ok') title.current?.focus();
      const name = t(`providerShort_${next.provider}`);
      onStatus(
        next.status === 'ok'
          ? t('rerunDone', { provider: name })
          : t('rerunNotOk', { provider: name, status: t(`status_${next.status}`) }),
        next.status !== 'ok',
      );
    } catch (e) {
      onStatus(sayError(t, e), true);
    } finally {
      setBusy(null);
    }
  };
  const askRerun = (provider: ProviderId | undefined) =>
    hasCorrections(result) ? ask({ kind: 'rerun', provider }) : void rerun(provider);

  /** A correction; the checks ran again on it, and a change in what they say is told. */
  const save = async (key: string, value: FieldValue) => {
    const next = await api.resultsUpdate({ id: result.id, fields: { [key]: value } });
    onChanged(next);
    if (needsReview(next) !== needsReview(result))
      onStatus(t(needsReview(next) ? 'checksFailNow' : 'checksPassNow'));
  };
  const fields = fieldsOf(result, profile);
  const flagged = flaggedKeys(result.checks);

  return (
    <section
      className={fields.some((f) => f.type === 'table') ? 'detail-pane has-table' : 'detail-pane'}
      aria-labelledby="detail-title"
      aria-busy={busy !== null}
    >
      <div className="shot-col">
        {result.image.path ? (
          <>
            {result.document ? (
              // A document: each page read, drawn, one under the other.
              result.document.pages.map(({ page }) => (
                <figure className="shot" key={page}>
                  <img
                    src={api.imageUrl(result.id, page)}
                    alt={t('detailPageAlt', { id: result.id, page: String(page) })}
                  />
                  <figcaption>
                    {t('detailPageCaption', {
                      page: String(page),
                      count: String(result.document!.pageCount),
                    })}
                  </figcaption>
                </figure>
              ))
            ) : (
              <figure className="shot">
                <img src={api.imageUrl(result.id)} alt={t('detailImageAlt', { id: result.id })} />
              </figure>
            )}
            {/* Beside the picture it acts on: the system's viewer can zoom, print, annotate. */}
            <button type="button" onClick={openImage}>
              {t(result.document ? 'detailOpenDocument' : 'detailOpenImage')}
            </button>
          </>
        ) : (
          <p className="hint">{t('detailNoImage')}</p>
        )}
      </div>
      <div className="detail-fields">
        <h2 id="detail-title" ref={title} tabIndex={-1}>
          {result.profile.name} ·{' '}
          <time dateTime={result.createdAt}>{formatTime(result.createdAt, locale)}</time>
        </h2>
        <p className="hint">
          <span className={`pill pill-${result.status}`}>{t(`status_${result.status}`)}</span>{' '}
          {needsReview(result) && <span className="pill pill-review">{t('reviewBadge')}</span>}{' '}
          {t('detailMeta', {
            provider: result.model ? `${result.provider} · ${result.model}` : result.provider,
            duration: result.durationMs,
          })}
        </p>
        <FailureNotice
          result={result}
          running={busy === 'retry'}
          disabled={busy !== null}
          onRetry={() => askRerun(undefined)}
        />
        <ChecksList checks={result.checks} />
        <dl className="values">
          {fields.map((field) =>
            field.type === 'table' ? (
              <TableField
                key={`${result.id}-${field.key}`}
                field={field}
                rows={asTable(result.fields[field.key]) ?? []}
                meta={result.fieldMeta[field.key]}
                flagged={flagged}
                onSave={(rows) => save(field.key, rows)}
                onStatus={onStatus}
              />
            ) : (
              <FieldEditor
                key={`${result.id}-${field.key}`}
                field={field}
                value={result.fields[field.key]}
                meta={result.fieldMeta[field.key]}
                flagged={flagged.has(field.key)}
                onSave={(value) => save(field.key, value)}
                onStatus={onStatus}
              />
            ),
          )}
        </dl>
        <div className="actions">
          <button type="button" onClick={copy}>
            {t('detailCopyJson')}
          </button>
          <span className="spacer" />
          <button type="button" className="danger" onClick={() => ask({ kind: 'delete' })}>
            {t('detailDelete')}
          </button>
        </div>
        <RerunControl
          current={result.provider}
          running={busy === 'rerun'}
          disabled={busy !== null}
          onRerun={askRerun}
        />
        {confirming?.kind === 'delete' && (
          <Confirm message={t('detailDeleteConfirm')} onConfirm={remove} onCancel={settle} />
        )}
        {confirming?.kind === 'rerun' && (
          <Confirm
            message={t('rerunConfirm')}
            confirmLabel={t('rerunButton')}
            onConfirm={() => void rerun(confirming.provider)}
            onCancel={settle}
          />
        )}
      </div>
    </section>
  );
}
