import { useEffect, useMemo, useRef, useState, type SyntheticEvent } from 'react';
import type { Field, Profile } from '../../../shared/field.ts';
import {
  asTable,
  needsReview,
  type FieldValue,
  type ProviderId,
  type Result,
} from '../../../shared/result.ts';
import { parseCellKey } from '../../../shared/roles.ts';
import { useApi } from '../api.ts';
import { formatTime } from '../format.ts';
import { sayError, useI18n } from '../i18n.ts';
import { Confirm } from '../ui/Confirm.tsx';
import { flaggedKeys } from './checks.ts';
import { ChecksList } from './ChecksList.tsx';
import { typeOf } from './edit.ts';
import { FailureNotice } from './FailureNotice.tsx';
import { FieldEditor } from './FieldEditor.tsx';
import { KeysHint } from './KeysHint.tsx';
import { RerunControl } from './RerunControl.tsx';
import { ResultPictures } from './ResultPictures.tsx';
import { reviewOfValues } from './review.ts';
import { TableField } from './TableField.tsx';
import { focusValue, valueKeyOf, valuesToReview } from './useReviewKeys.ts';

interface Props {
  result: Result;
  profile: Profile | undefined;
  onChanged: (result: Result) => void;
  onDeleted: () => void;
  onStatus: (message: string, error?: boolean) => void;
  /** Opened by `n` (the next result to review): the focus goes to its first value to review. */
  startAtReview?: boolean;
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

/** Whether a check of the numbers failed: what the status line after a correction speaks of. */
function checkFails(result: Result): boolean {
  return (result.checks ?? []).some((c) => !c.ok);
}

/** A run again replaces the values: corrections a person made would go with them. */
function hasCorrections(result: Result): boolean {
  return Object.values(result.fieldMeta).some((m) => m.original !== undefined);
}

type Pending = { kind: 'delete' } | { kind: 'rerun'; provider: ProviderId | undefined };

export function ResultDetail({ result, profile, onChanged, onDeleted, onStatus, startAtReview }: Props) {
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
  const values = useRef<HTMLDListElement>(null);
  const reviews = useMemo(() => reviewOfValues(result), [result]);
  // The value whose box is highlighted: the one under the mouse (in the list or on the picture),
  // else the one with the focus. Only one reached from the list scrolls the picture to its box.
  const [hovered, setHovered] = useState<{ key: string; onBox: boolean } | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const active = hovered
    ? { key: hovered.key, scroll: !hovered.onBox }
    : focused
      ? { key: focused, scroll: true }
      : null;
  const hover = (key: string | null, onBox: boolean) =>
    setHovered((h) => (h?.key === key ? h : key === null ? null : { key, onBox }));
  // A confirmed value: once the result on screen has it, the focus moves on from it.
  const [confirmed, setConfirmed] = useState<string | null>(null);

  useEffect(() => {
    if (!startAtReview) return;
    const [first] = valuesToReview(values.current);
    if (first) focusValue(first);
    else title.current?.focus();
    // Only as it opens: the props of later renders are about the same result.
  }, []);

  useEffect(() => {
    if (confirmed === null || !values.current) return;
    setConfirmed(null);
    const all = [...values.current.querySelectorAll<HTMLElement>('[data-value-key]')];
    const at = all.findIndex((el) => el.dataset.valueKey === confirmed);
    // The next value to review below it, else above it (one skipped), else the value itself.
    const next = [...all.slice(at + 1), ...all.slice(0, at)].find((el) => el.dataset.review !== undefined);
    focusValue(next ?? all[at]);
  }, [confirmed, result]);

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
    // About the checks alone: a value corrected that was not on the page changes no check.
    if (checkFails(next) !== checkFails(result))
      onStatus(t(checkFails(next) ? 'checksFailNow' : 'checksPassNow'));
  };
  const fields = fieldsOf(result, profile);
  const flagged = flaggedKeys(result.checks);

  /** A value's name as the person reads it: its label, or a cell's column and row. */
  const labelOf = (key: string) => {
    const cell = parseCellKey(key);
    const field = fields.find((f) => f.key === (cell?.table ?? key));
    if (!cell) return field?.label ?? key;
    const column = field?.columns?.find((c) => c.key === cell.column)?.label ?? cell.column;
    return t('tableCell', { column, row: cell.row + 1 });
  };

  /** A value a person says is right as read: it needs no review, and the focus goes to the next. */
  const confirmValue = async (key: string) => {
    try {
      const next = await api.resultsConfirm({ id: result.id, keys: [key] });
      onChanged(next);
      const left = [...reviewOfValues(next).values()].some((r) => r.flag);
      onStatus(t(left ? 'confirmDone' : 'confirmDoneLast', { label: labelOf(key) }));
      setConfirmed(key);
    } catch (e) {
      onStatus(sayError(t, e), true);
    }
  };

  // Focus and hover anywhere in the values, told by the value they are in (data-value-key).
  const onValueFocus = (e: SyntheticEvent) => setFocused(valueKeyOf(e.target));
  const onValueBlur = () => setFocused(null);
  const onValueHover = (e: SyntheticEvent) => hover(valueKeyOf(e.target), false);

  return (
    <section
      className={fields.some((f) => f.type === 'table') ? 'detail-pane has-table' : 'detail-pane'}
      aria-labelledby="detail-title"
      aria-busy={busy !== null}
    >
      <div className="shot-col">
        <ResultPictures
          result={result}
          reviews={reviews}
          active={active}
          labelOf={labelOf}
          onHover={(key) => hover(key, true)}
          onPick={(key) => focusValue(values.current?.querySelector(`[data-value-key="${CSS.escape(key)}"]`))}
          onOpen={openImage}
        />
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
        <KeysHint />
        <ChecksList checks={result.checks} />
        <dl
          className="values"
          ref={values}
          onFocus={onValueFocus}
          onBlur={onValueBlur}
          onMouseOver={onValueHover}
          onMouseLeave={() => hover(null, false)}
        >
          {fields.map((field) =>
            field.type === 'table' ? (
              <TableField
                key={`${result.id}-${field.key}`}
                field={field}
                rows={asTable(result.fields[field.key]) ?? []}
                meta={result.fieldMeta[field.key]}
                flagged={flagged}
                reviews={reviews}
                active={active?.key ?? null}
                onConfirm={(key) => void confirmValue(key)}
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
                review={reviews.get(field.key)}
                highlighted={active?.key === field.key}
                onConfirm={() => void confirmValue(field.key)}
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
