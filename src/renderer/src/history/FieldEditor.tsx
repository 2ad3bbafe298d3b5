import { useEffect, useState } from 'react';
import type { Field } from '../../../shared/field.ts';
import type { FieldMeta, FieldValue } from '../../../shared/result.ts';
import { formatValue } from '../format.ts';
import { sayError, useI18n } from '../i18n.ts';
import { fromText, toText } from './edit.ts';

interface Props {
  field: Pick<Field, 'key' | 'label' | 'type'>;
  value: FieldValue | undefined;
  meta: FieldMeta | undefined;
  /** A failed check compared this value. */
  flagged: boolean;
  onSave: (value: FieldValue) => Promise<void>;
  onStatus: (message: string, error?: boolean) => void;
}

/** How long a copy button says "Copied" before it goes back to "Copy". */
const COPIED_MS = 1500;

/** One extracted value; a correction keeps what the extraction said, shown beneath it. */
export function FieldEditor({ field, value, meta, flagged, onSave, onStatus }: Props) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState('');
  const [copied, setCopied] = useState(false);
  const id = `value-${field.key}`;
  const changed = meta?.original !== undefined;
  const shown = formatValue(value, locale, t, field.type);
  const empty = value === null || value === undefined || value === '';

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
  const save = async () => {
    const next = fromText(text, field.type, value);
    if (next === undefined) {
      setProblem(t(`type_${field.type}`));
      return;
    }
    try {
      await onSave(next);
      setEditing(false);
    } catch (e) {
      setProblem(sayError(t, e));
    }
  };

  return (
    <div className={flagged ? 'value-row flagged' : 'value-row'}>
      <dt>
        {editing ? <label htmlFor={id}>{field.label}</label> : field.label}
        {changed && <span className="badge badge-changed">{t('detailEdited')}</span>}
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
            onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
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
            <button type="button" onClick={() => setEditing(false)}>
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
            <span className="value">{shown}</span>
            <button
              type="button"
              className="link"
              aria-label={`${t('detailEdit')} ${field.label}`}
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
