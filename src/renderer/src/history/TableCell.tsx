import { useRef, useState, type KeyboardEvent } from 'react';
import { isAmountType } from '../../../shared/field.ts';
import type { CellValue } from '../../../shared/result.ts';
import { useI18n } from '../i18n.ts';
import { toText } from './edit.ts';
import type { ValueReview } from './review.ts';
import { ValueMark } from './ValueMark.tsx';
import type { ShownColumn } from './table.ts';

interface Props {
  /** The cell's button and input ids are made from it: focus comes back to the cell by id. */
  id: string;
  column: ShownColumn;
  /** The row's number as the person reads it, from 1. */
  row: number;
  value: CellValue;
  shown: string;
  /** A failed check compared this cell. */
  flagged: boolean;
  /** Its meta key (items[2].amount): the review keys and evidence boxes know the cell by it. */
  valueKey: string;
  /** Why a person should look at it (not on the page, low confidence), and its confidence. */
  review: ValueReview | undefined;
  /** Its evidence box is hovered, or it is. */
  highlighted: boolean;
  onConfirmValue: () => void;
  editing: boolean;
  /** Why the last text typed could not be saved; shown under the input. */
  problem: string;
  onStart: () => void;
  /**
   * The text typed, to be saved (the cell stays open until it is; a second call meanwhile is
   * ignored); then the focus goes down a row (Enter) or stays where it went (the box was left).
   */
  onConfirm: (text: string, then: 'down' | 'away') => void;
  onCancel: () => void;
}

/**
 * One cell of a table, edited in place: its value is a button; Enter saves what was typed and goes
 * down to the next row's cell, as in a spreadsheet (leaving the box saves too), Esc puts it back.
 */
export function TableCell(props: Props) {
  const { id, column, row, value, shown, flagged, review, highlighted, editing, problem } = props;
  const { t, locale } = useI18n();
  const [text, setText] = useState(() => toText(value, locale));
  // A box closed by Esc can still report a blur as it goes: that one must not save.
  const cancelled = useRef(false);
  const className = [
    isAmountType(column.type) && 'num',
    flagged && 'flagged',
    review?.flag && 'to-review',
    highlighted && 'ev-active',
  ]
    .filter(Boolean)
    .join(' ');
  const marks = { 'data-value-key': props.valueKey, 'data-review': review?.flag ? '' : undefined };

  if (!editing) {
    return (
      <td className={className || undefined} {...marks}>
        <button
          type="button"
          id={id}
          className="cell"
          data-value-target=""
          aria-label={t('tableEditCell', { column: column.label, row, value: shown })}
          aria-describedby={review?.flag ? `${id}-flag` : undefined}
          aria-keyshortcuts="e"
          title={review?.level ? t(`confidence_${review.level}`) : undefined}
          onClick={() => {
            cancelled.current = false;
            setText(toText(value, locale));
            props.onStart();
          }}
        >
          {shown}
        </button>
        {flagged && <span className="visually-hidden">{t('checkFlagged')}</span>}
        <ValueMark
          id={`${id}-flag`}
          review={review}
          label={t('tableCell', { column: column.label, row })}
          onConfirm={props.onConfirmValue}
        />
      </td>
    );
  }

  const confirm = (then: 'down' | 'away') => {
    if (!cancelled.current) props.onConfirm(text, then);
  };
  const cancel = () => {
    cancelled.current = true;
    props.onCancel();
  };
  const described = [`${id}-help`, problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = {
    id: `${id}-input`,
    'aria-label': t('tableCell', { column: column.label, row }),
    'aria-describedby': described,
    'aria-invalid': problem ? true : undefined,
    autoFocus: true,
    onBlur: () => confirm('away'),
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        confirm('down');
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        cancel();
      }
    },
  };
  return (
    <td className={`editing ${className}`.trim()} {...marks}>
      {column.type === 'boolean' ? (
        <select {...common} value={text} onChange={(e) => setText(e.target.value)}>
          <option value="">{t('valueEmpty')}</option>
          <option value="true">{t('valueYes')}</option>
          <option value="false">{t('valueNo')}</option>
        </select>
      ) : (
        <input
          {...common}
          type={column.type === 'date' ? 'date' : 'text'}
          inputMode={isAmountType(column.type) ? 'decimal' : undefined}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      )}
      <span id={`${id}-help`} className="visually-hidden">
        {t('tableCellHelp')}
      </span>
      {problem && (
        <span id={`${id}-error`} className="error">
          {problem}
        </span>
      )}
    </td>
  );
}
