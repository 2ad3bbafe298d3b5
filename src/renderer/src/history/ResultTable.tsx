import { isAmountType } from '../../../shared/field.ts';
import type { ResultSummary } from '../../../shared/ipc.ts';
import type { ResultSort } from '../../../shared/result-list.ts';
import { formatTime, formatValue } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { useVirtualRows } from '../ui/useVirtualRows.ts';
import { DuplicateMark } from './DuplicateMark.tsx';
import { ariaSort, gridTemplate, nextSort, type TableColumn } from './table-columns.ts';

const ROW_HEIGHT = 36;
/** The sticky header's height: a row scrolled to by the keyboard must not end up under it. */
const HEAD_HEIGHT = 36;
const OVERSCAN = 8;

interface Props {
  columns: TableColumn[];
  count: number;
  rowAt: (index: number) => ResultSummary | undefined;
  /** The selected row's index, or -1. */
  selected: number;
  onSelect: (index: number) => void;
  /** Called with the rows about to be shown, so the caller can fetch them. */
  onRange: (first: number, last: number) => void;
  sort: ResultSort;
  onSort: (sort: ResultSort) => void;
  label: string;
}

const rowId = (i: number) => `result-cell-row-${i}`;

/**
 * History's results as a grid: a column per field of one profile, sortable headers (the order is
 * the store's: see PageOptions.sort), rows windowed like the list's (@tanstack/react-virtual) and
 * fetched by page. The same keys as the list move the selection; the grid keeps the focus and
 * points at the selected row with aria-activedescendant.
 */
export function ResultTable({
  columns,
  count,
  rowAt,
  selected,
  onSelect,
  onRange,
  sort,
  onSort,
  label,
}: Props) {
  const { t, locale } = useI18n();
  // A header's own Enter and Space sort; the arrows move the selection from anywhere in the grid.
  const { box, items, totalSize, selectedShown, onKeyDown, onFocus } = useVirtualRows({
    count,
    rowHeight: ROW_HEIGHT,
    overscan: OVERSCAN,
    headHeight: HEAD_HEIGHT,
    selected,
    onSelect,
    onRange,
  });

  const template = gridTemplate(columns);
  const header = (column: TableColumn) =>
    column.kind === 'createdAt'
      ? t('columnTime')
      : column.kind === 'status'
        ? t('columnStatus')
        : (column.field.label ?? column.field.key);

  /** A cell's text as a title too: a narrow column cuts it with an ellipsis. */
  const text = (summary: ResultSummary, column: TableColumn): string | undefined =>
    column.kind === 'createdAt'
      ? formatTime(summary.createdAt, locale)
      : column.kind === 'field'
        ? formatValue(summary.fields[column.field.key], locale, t, column.field.type)
        : undefined;

  const cell = (summary: ResultSummary, column: TableColumn) => {
    if (column.kind === 'createdAt') return <time dateTime={summary.createdAt}>{text(summary, column)}</time>;
    if (column.kind === 'status') {
      // One word for where it stands, as the status column sorts: a flagged OK result needs review.
      const pill = summary.review && summary.status === 'ok' ? 'review' : summary.status;
      return (
        <>
          <span className={`pill pill-${pill}`}>
            {pill === 'review' ? t('reviewBadge') : t(`status_${summary.status}`)}
          </span>
          <DuplicateMark of={summary.duplicateOf} />
        </>
      );
    }
    return text(summary, column);
  };

  return (
    <div
      ref={box}
      className="rtable"
      role="grid"
      tabIndex={0}
      aria-label={label}
      aria-rowcount={count + 1}
      aria-colcount={columns.length}
      aria-activedescendant={selectedShown ? rowId(selected) : undefined}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      <div role="rowgroup" className="rtable-head">
        <div role="row" aria-rowindex={1} className="rtable-row" style={{ gridTemplateColumns: template }}>
          {columns.map((column) => {
            const order = ariaSort(sort, column);
            const amount = column.kind === 'field' && isAmountType(column.field.type);
            return (
              <div
                key={column.kind === 'field' ? `field:${column.field.key}` : column.kind}
                role="columnheader"
                aria-sort={order}
                className={amount ? 'rtable-cell num' : 'rtable-cell'}
              >
                <button
                  type="button"
                  title={header(column)}
                  onClick={() => onSort(nextSort(sort, column, locale))}
                >
                  <span className="rtable-label">{header(column)}</span>
                  <span className="sort-mark" aria-hidden="true">
                    {order === 'ascending' ? '▲' : order === 'descending' ? '▼' : ''}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className="rtable-body" style={{ height: totalSize }}>
        {items.map(({ index: i, start }) => {
          const summary = rowAt(i);
          return (
            <div
              key={i}
              id={rowId(i)}
              role="row"
              aria-rowindex={i + 2}
              aria-selected={i === selected}
              className="rtable-row"
              // Positioned through the CSSOM (not a style attribute), which the strict CSP allows.
              style={{ top: start, height: ROW_HEIGHT, gridTemplateColumns: template }}
              onClick={() => onSelect(i)}
            >
              {summary ? (
                columns.map((column) => (
                  <div
                    key={column.kind === 'field' ? `field:${column.field.key}` : column.kind}
                    role="gridcell"
                    className={
                      column.kind === 'field' && isAmountType(column.field.type)
                        ? 'rtable-cell num'
                        : 'rtable-cell'
                    }
                    title={text(summary, column)}
                  >
                    {cell(summary, column)}
                  </div>
                ))
              ) : (
                <div role="gridcell" className="rtable-cell row-loading">
                  {t('loading')}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
