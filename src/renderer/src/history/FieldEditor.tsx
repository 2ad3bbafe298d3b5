import { useEffect, useRef, useState } from 'react';
import type { Field } from '../../../shared/field.ts';
import type { FieldMeta, FieldValue } from '../../../shared/result.ts';
import { formatValue } from '../format.ts';
import { sayError, useI18n } from '../i18n.ts';
import { fromText, toText } from './edit.ts';
import { OtherReadings, readingId } from './OtherReadings.tsx';
import { otherReadings, type ValueReview } from './review.ts';
import { ValueMark } from './ValueMark.tsx';

interface Props {
  field: Pick<Field, 'key' | 'label' | 'type'>;
  value: FieldValue | undefined;
  meta: FieldMeta | undefined;
  /** A failed check compared this value. */
  flagged: boolean;
  /** Why a person should look at it (not on the page, low confidence), and its confidence. */
  review: ValueReview | undefined;
  /** Its evidence box is hovered, or it is: drawn as one with the box. */
  highlighted: boolean;
  onSave: (value: FieldValue) => Promise<void>;
  onConfirm: () => void;
  onStatus: (message: string, error?: boolean) => void;
}

/** How long a copy button says "Copied" before it goes back to "Copy". */
const COPIED_MS = 1500;

/** One extracted value; a correction keeps what the extraction said, shown beneath it. */
export function FieldEditor(props: Props) {
  const { field, value, meta, flagged, review, highlighted, onSave, onStatus } = props;
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState('');
  const [copied, setCopied] = useState(false);
  // Saved or cancelled: the input is gone, and the focus goes back to Edit rather than the page.
  const [refocus, setRefocus] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const id = `value-${field.key}`;
  const changed = meta?.original !== undefined;
  const shown = formatValue(value, locale, t, field.type);
  const empty = value === null || value === undefined || value === '';
  const readings = otherReadings(meta);
  // Reached by n, the Edit button says why the value is to look at and what else was read.
  const describedBy =
    [...(review?.flag ? [`${id}-flag`] : []), ...readings.map((r) => readingId(id, r))].join(' ') ||
    undefined;

  useEffect(() => {
    if (editing || !refocus) return;
    editButton.current?.focus();
    setRefocus(false);
  }, [editing, refocus]);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  // The value as shown (in the person's locale): what they see is what they paste.
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shown);
      setCopied(true);
      onStatus(t('fieldCopied', { label: field.label }));
    } catch {
      // The browser's own reason ("Write permission denied.") means nothing to the person.
      onStatus(t('copyFailed'), true);
    }
  };

  const start = () => {
    setText(toText(value));
    setProblem('');
    setEditing(true);
  };
  const stop = () => {
    setEditing(false);
    setRefocus(true);
  };
  const save = async () => {
    const next = fromText(text, field.type, value);
    if (next === undefined) {
      setProblem(t(`type_${field.type}`));
      return;
    }
    try {
      await onSave(next);
      stop();
    } catch (e) {
      setProblem(sayError(t, e));
    }
  };

  /** Another reading taken as the value: saved as a correction, like one typed. */
  const use = async (reading: FieldValue) => {
    try {
      await onSave(reading);
      // Its button goes with the reading: the focus goes back to Edit rather than the page.
      setRefocus(true);
    } catch (e) {
      onStatus(sayError(t, e), true);
    }
  };

  const rowClass = [
    'value-row',
    flagged && 'flagged',
    review?.flag && 'to-review',
    highlighted && 'ev-active',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    // data-value-key: the review keys (useReviewKeys) find the value, and its box, from the focus.
    <div className={rowClass} data-value-key={field.key} data-review={review?.flag ? '' : undefined}>
      <dt>
        {editing ? <label htmlFor={id}>{field.label}</label> : field.label}
        {changed && <span className="badge badge-changed">{t('detailEdited')}</span>}
        {!changed && meta?.reviewedAt && <span className="badge badge-confirmed">{t('confirmedBadge')}</span>}
        {flagged && <span className="visually-hidden"> ({t('checkFlagged')})</span>}
      </dt>
      <dd>
        {editing ? (
          <form
            className="inline-edit"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
            onKeyDown={(e) => e.key === 'Escape' && stop()}
          >
            {field.type === 'boolean' ? (
              <select id={id} value={text} onChange={(e) => setText(e.target.value)} autoFocus>
                <option value="">{t('valueEmpty')}</option>
                <option value="true">{t('valueYes')}</option>
                <option value="false">{t('valueNo')}</option>
              </select>
            ) : (
              <input
                id={id}
                type={field.type === 'date' ? 'date' : 'text'}
                inputMode={field.type === 'number' || field.type === 'currency' ? 'decimal' : undefined}
                value={text}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${id}-error` : undefined}
                onChange={(e) => setText(e.target.value)}
                autoFocus
              />
            )}
            <button type="submit" className="primary">
              {t('save')}
            </button>
            <button type="button" onClick={stop}>
              {t('cancel')}
            </button>
            {problem && (
              <span id={`${id}-error`} className="error">
                {problem}
              </span>
            )}
          </form>
        ) : (
          <>
            <span className="value" title={review?.level ? t(`confidence_${review.level}`) : undefined}>
              {shown}
            </span>
            <button
              type="button"
              ref={editButton}
              className="link"
              data-value-target=""
              aria-label={`${t('detailEdit')} ${field.label}`}
              aria-describedby={describedBy}
              aria-keyshortcuts="e"
              onClick={start}
            >
              {t('detailEdit')}
            </button>
            {!empty && (
              <button
                type="button"
                className="link"
                aria-label={t('fieldCopyLabel', { label: field.label })}
                onClick={copy}
              >
                {copied ? t('fieldCopiedShort') : t('fieldCopy')}
              </button>
            )}
            <ValueMark id={`${id}-flag`} review={review} label={field.label} onConfirm={props.onConfirm} />
            <OtherReadings valueId={id} readings={readings} field={field} onUse={(v) => void use(v)} />
            {changed && (
              <span className="original">
                {t('detailOriginal', { value: formatValue(meta.original, locale, t, field.type) })}
              </span>
            )}
          </>
        )}
      </dd>
    </div>
  );
}
