import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { isAmountType, type Field } from '../../../shared/field.ts';
import type { FieldMeta, FieldValue } from '../../../shared/result.ts';
import { formatValue } from '../format.ts';
import { sayError, useI18n } from '../i18n.ts';
import { fromText, toText } from './edit.ts';
import { OtherReadings, readingId } from './OtherReadings.tsx';
import { otherReadings, type ValueReview } from './review.ts';
import { focusNextValue } from './useReviewKeys.ts';
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

/** Where the focus goes as the box closes: the next value (Enter), back to this one, or nowhere (it left). */
type Then = 'next' | 'back' | 'away';

/**
 * One extracted value, edited in place: the value is a button; Enter (or leaving the box) saves
 * what was typed and Enter goes on to the next value, Esc puts it back. A correction keeps what
 * the extraction said, shown beneath it.
 */
export function FieldEditor(props: Props) {
  const { field, value, meta, flagged, review, highlighted, onSave, onStatus } = props;
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState('');
  const [copied, setCopied] = useState(false);
  // Saved or put back: the box is gone, and the focus goes back to the value rather than the page.
  const [refocus, setRefocus] = useState(false);
  const valueButton = useRef<HTMLButtonElement>(null);
  const row = useRef<HTMLDivElement>(null);
  // The box is closing (or saving): the blur its closing causes must not save a second time.
  const closing = useRef(false);
  const id = `value-${field.key}`;
  const changed = meta?.original !== undefined;
  const shown = formatValue(value, locale, t, field.type);
  const empty = value === null || value === undefined || value === '';
  const readings = otherReadings(meta);
  // Reached by n, the value's button says why it is to look at and what else was read.
  const describedBy =
    [...(review?.flag ? [`${id}-flag`] : []), ...readings.map((r) => readingId(id, r))].join(' ') ||
    undefined;

  useEffect(() => {
    if (editing || !refocus) return;
    valueButton.current?.focus();
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
    closing.current = false;
    setText(toText(value, locale));
    setProblem('');
    setEditing(true);
  };
  const close = (then: Then) => {
    closing.current = true;
    setEditing(false);
    if (then === 'next' && row.current && focusNextValue(row.current)) return;
    if (then !== 'away') setRefocus(true);
  };
  /** Saves what was typed, unless it is what was there: opening and leaving a value changes nothing. */
  const commit = async (then: Then) => {
    if (closing.current) return;
    if (text === toText(value, locale)) return close(then);
    const next = fromText(text, field.type, value);
    if (next === undefined) {
      setProblem(t(`type_${field.type}`));
      return;
    }
    closing.current = true;
    try {
      await onSave(next);
      close(then);
    } catch (e) {
      closing.current = false;
      setProblem(sayError(t, e));
    }
  };

  /** Another reading taken as the value: saved as a correction, like one typed. */
  const use = async (reading: FieldValue) => {
    try {
      await onSave(reading);
      // Its button goes with the reading: the focus goes back to the value rather than the page.
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
  const boxKeys = {
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        void commit('next');
      } else if (e.key === 'Escape') {
        // Only this value's box closes: nothing else in the window hears this Esc.
        e.preventDefault();
        e.stopPropagation();
        close('back');
      }
    },
  };
  return (
    // data-value-key: the review keys (useReviewKeys) find the value, and its box, from the focus.
    <div
      ref={row}
      className={rowClass}
      data-value-key={field.key}
      data-review={review?.flag ? '' : undefined}
    >
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
              void commit('back');
            }}
            onBlur={(e) => {
              // Leaving the box (not for its own Save / Cancel) saves what was typed: nothing is lost.
              if (!e.currentTarget.contains(e.relatedTarget)) void commit('away');
            }}
          >
            {field.type === 'boolean' ? (
              <select
                id={id}
                value={text}
                aria-describedby={`${id}-help`}
                onChange={(e) => setText(e.target.value)}
                autoFocus
                {...boxKeys}
              >
                <option value="">{t('valueEmpty')}</option>
                <option value="true">{t('valueYes')}</option>
                <option value="false">{t('valueNo')}</option>
              </select>
            ) : (
              <input
                id={id}
                type={field.type === 'date' ? 'date' : 'text'}
                inputMode={isAmountType(field.type) ? 'decimal' : undefined}
                value={text}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${id}-help ${id}-error` : `${id}-help`}
                onChange={(e) => setText(e.target.value)}
                // The whole value selected: typing replaces it, an arrow key keeps it to change a part.
                onFocus={(e) => e.currentTarget.select()}
                autoFocus
                {...boxKeys}
              />
            )}
            <button type="submit" className="primary">
              {t('save')}
            </button>
            <button type="button" onClick={() => close('back')}>
              {t('cancel')}
            </button>
            <span id={`${id}-help`} className="visually-hidden">
              {t('valueEditHelp')}
            </span>
            {problem && (
              <span id={`${id}-error`} className="error">
                {problem}
              </span>
            )}
          </form>
        ) : (
          <>
            <button
              type="button"
              ref={valueButton}
              className="value value-edit"
              data-value-target=""
              aria-label={t('valueEdit', { label: field.label, value: shown })}
              aria-describedby={describedBy}
              aria-keyshortcuts="e Enter Control+C"
              title={review?.level ? t(`confidence_${review.level}`) : undefined}
              onClick={start}
              onKeyDown={(e) => {
                // Ctrl+C on the value copies it, as shown: Copy itself is for the mouse.
                if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'c' && !empty) {
                  e.preventDefault();
                  void copy();
                }
              }}
            >
              {shown}
            </button>
            {!empty && (
              <button
                type="button"
                className="link"
                // One Tab stop per value: from the keyboard, Ctrl+C on the value copies it.
                tabIndex={-1}
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
