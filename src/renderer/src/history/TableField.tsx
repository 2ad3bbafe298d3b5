import { useEffect, useRef, useState } from 'react';
import { isAmountType, type Field } from '../../../shared/field.ts';
import { asTable, type CellValue, type FieldMeta, type TableValue } from '../../../shared/result.ts';
import { cellKey } from '../../../shared/roles.ts';
import { formatValue } from '../format.ts';
import { sayError, useI18n } from '../i18n.ts';
import type { ValueReview } from './review.ts';
import { TableCell } from './TableCell.tsx';
import {
  cellFromText,
  columnsOf,
  currencyOf,
  tableText,
  withCell,
  withEmptyRow,
  withoutRow,
  type ShownColumn,
} from './table.ts';

interface Props {
  field: Pick<Field, 'key' | 'label' | 'type' | 'columns'>;
  rows: TableValue;
  meta: FieldMeta | undefined;
  /** Cell keys (`items[2].amount`) a failed check compared. */
  flagged: ReadonlySet<string>;
  /** Each cell's review, by cell key. */
  reviews: ReadonlyMap<string, ValueReview>;
  /** The cell key whose evidence box is hovered or which is focused, if any. */
  active: string | null;
  onConfirm: (cellKey: string) => void;
  /** Saves the whole table as it now is (the store keeps the extracted rows the first time). */
  onSave: (rows: TableValue) => Promise<void>;
  onStatus: (message: string, error?: boolean) => void;
}

type Editing = { row: number; key: string };

/**
 * A table field as a table: one row per line of the document, each cell edited in place, rows
 * added and removed; every change saves the whole table, and the rows as extracted stay beneath.
 */
export function TableField(props: Props) {
  const { field, rows, meta, flagged, reviews, active, onSave, onStatus } = props;
  const { t, locale } = useI18n();
  const columns = columnsOf(field, rows);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [problem, setProblem] = useState('');
  // A ref, not state: a blur can arrive after Enter in the same tick, before state has moved on.
  const open = useRef<Editing | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  // The rows as the last save left them, and the saves still under way, one after another.
  const latest = useRef(rows);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const base = `table-${field.key}`;
  const idOf = (row: number, key: string) => `${base}-${row}-${key}`;
  const original = asTable(meta?.original ?? undefined);
  const changed = meta?.original !== undefined;
  const show = (value: CellValue, column: ShownColumn) => formatValue(value, locale, t, column.type);

  useEffect(() => {
    latest.current = rows;
  }, [rows]);

  // After a save or a cancel the box is gone: the focus goes to what now stands in its place.
  useEffect(() => {
    if (!focusId) return;
    (document.getElementById(focusId) ?? document.getElementById(`${base}-add`))?.focus();
    setFocusId(null);
  }, [focusId, base]);

  const startEditing = (next: Editing | null) => {
    open.current = next;
    setEditing(next);
    setProblem('');
  };

  /**
   * Saves the table as `edit` makes it from the rows the last save left. Saves run one after
   * another: a cell saved as it loses the focus and the Remove row clicked next cannot each
   * start from the old rows and undo the other. Nothing is sent when nothing changed.
   */
  const change = (edit: (rows: TableValue) => TableValue): Promise<void> => {
    const run = queue.current.then(async () => {
      const next = edit(latest.current);
      if (JSON.stringify(next) === JSON.stringify(latest.current)) return;
      await onSave(next);
      latest.current = next;
    });
    queue.current = run.catch(() => undefined);
    return run;
  };

  const confirm = async (at: Editing, text: string, then: 'down' | 'away') => {
    const current = open.current;
    if (current?.row !== at.row || current.key !== at.key) return;
    const column = columns.find((c) => c.key === at.key)!;
    const before = latest.current[at.row]?.[at.key] ?? null;
    const value = cellFromText(text, column.type, before ?? currencyOf(latest.current, at.key));
    if (value === undefined) {
      setProblem(t(`type_${column.type}`));
      return;
    }
    try {
      await change((rows) => withCell(rows, at.row, at.key, value));
    } catch (e) {
      setProblem(sayError(t, e));
      return;
    }
    startEditing(null);
    // Enter: on down the column (the last row's cell stays). Left for elsewhere: the focus stays there.
    if (then === 'down') setFocusId(idOf(at.row + 1 < latest.current.length ? at.row + 1 : at.row, at.key));
  };

  const addRow = async () => {
    try {
      await change((rows) => withEmptyRow(rows, columns));
    } catch (e) {
      onStatus(sayError(t, e), true);
      return;
    }
    // The new row's first cell opens: the person types its first value straight away.
    if (columns[0]) startEditing({ row: latest.current.length - 1, key: columns[0].key });
  };

  const removeRow = async (row: number) => {
    try {
      await change((rows) => withoutRow(rows, row));
    } catch (e) {
      onStatus(sayError(t, e), true);
      return;
    }
    startEditing(null);
    // The row that took its place, else the one above, else Add row.
    const left = latest.current.length;
    setFocusId(left === 0 ? `${base}-add` : `${base}-remove-${Math.min(row, left - 1)}`);
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(
        tableText(rows, columns, (value, column) => (value === null ? '' : show(value, column))),
      );
      onStatus(t('fieldCopied', { label: field.label }));
    } catch {
      onStatus(t('copyFailed'), true);
    }
  };

  return (
    <div className="value-row value-row-table">
      <dt id={`${base}-label`}>
        {field.label}
        {changed && <span className="badge badge-changed">{t('detailEdited')}</span>}
      </dt>
      <dd>
        <div className="table-scroll">
          <table className="cells" aria-labelledby={`${base}-label`}>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('tableRowHeader')}
                </th>
                {columns.map((c) => (
                  <th key={c.key} scope="col" className={isAmountType(c.type) ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">{t('tableRowActions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  <th scope="row" className="num">
                    {i + 1}
                  </th>
                  {columns.map((c) => {
                    const value = row[c.key] ?? null;
                    const here = editing?.row === i && editing.key === c.key;
                    const key = cellKey(field.key, i, c.key);
                    return (
                      <TableCell
                        key={c.key}
                        id={idOf(i, c.key)}
                        column={c}
                        row={i + 1}
                        value={value}
                        shown={show(value, c)}
                        flagged={flagged.has(key)}
                        valueKey={key}
                        review={reviews.get(key)}
                        highlighted={active === key}
                        onConfirmValue={() => props.onConfirm(key)}
                        editing={here}
                        problem={here ? problem : ''}
                        onStart={() => startEditing({ row: i, key: c.key })}
                        onConfirm={(text, then) => void confirm({ row: i, key: c.key }, text, then)}
                        onCancel={() => {
                          startEditing(null);
                          setFocusId(idOf(i, c.key));
                        }}
                      />
                    );
                  })}
                  <td>
                    <button
                      type="button"
                      id={`${base}-remove-${i}`}
                      className="icon danger"
                      aria-label={t('tableRemoveRow', { row: i + 1 })}
                      onClick={() => void removeRow(i)}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length === 0 && <span className="hint">{t('tableNoRows')}</span>}
        <div className="table-actions">
          <button type="button" id={`${base}-add`} onClick={() => void addRow()}>
            + {t('tableAddRow')}
          </button>
          {rows.length > 0 && (
            <button
              type="button"
              className="link"
              aria-label={t('fieldCopyLabel', { label: field.label })}
              onClick={copy}
            >
              {t('fieldCopy')}
            </button>
          )}
        </div>
        {changed && (
          <details className="original">
            <summary>
              {t('tableExtracted', { rows: formatValue(original ?? [], locale, t, 'table') })}
            </summary>
            <ExtractedRows rows={original ?? []} columns={columns} show={show} />
          </details>
        )}
      </dd>
    </div>
  );
}

/** The rows as the extraction gave them, read-only: what a correction can be compared with. */
function ExtractedRows({
  rows,
  columns,
  show,
}: {
  rows: TableValue;
  columns: readonly ShownColumn[];
  show: (value: CellValue, column: ShownColumn) => string;
}) {
  return (
    <div className="table-scroll">
      <table className="cells cells-readonly">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={isAmountType(c.type) ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c.key} className={isAmountType(c.type) ? 'num' : undefined}>
                  {show(row[c.key] ?? null, c)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
