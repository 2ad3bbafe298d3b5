import type { ReactNode } from 'react';
import { useVirtualRows } from './useVirtualRows.ts';

interface Props {
  count: number;
  rowHeight: number;
  /** The selected row's index, or -1. */
  selected: number;
  onSelect: (index: number) => void;
  /** Called with the rows about to be shown, so the caller can fetch them. */
  onRange: (first: number, last: number) => void;
  renderRow: (index: number) => ReactNode;
  rowId: (index: number) => string;
  label: string;
}

/** Rows drawn beyond the visible ones, so a fast scroll does not flash blanks. */
const OVERSCAN = 6;

/**
 * A listbox that renders only the rows in view (@tanstack/react-virtual does the windowing and
 * follows the list's size), so 10,000 results cost what 20 do. Keyboard: arrows, Page Up/Down,
 * Home/End move the selection (focus from the keyboard selects the first row when none is); the
 * focused listbox points at the selected row with aria-activedescendant.
 */
export function VirtualList({
  count,
  rowHeight,
  selected,
  onSelect,
  onRange,
  renderRow,
  rowId,
  label,
}: Props) {
  const { box, items, totalSize, selectedShown, onKeyDown, onFocus } = useVirtualRows({
    count,
    rowHeight,
    overscan: OVERSCAN,
    selected,
    onSelect,
    onRange,
  });

  const rows = items.map(({ index: i, start }) => (
    <div
      key={i}
      id={rowId(i)}
      role="option"
      aria-selected={i === selected}
      aria-posinset={i + 1}
      aria-setsize={count}
      className="vrow"
      // Positioned through the CSSOM (not a style attribute), which the strict CSP allows.
      style={{ top: start, height: rowHeight }}
      onClick={() => onSelect(i)}
    >
      {renderRow(i)}
    </div>
  ));

  return (
    <div
      ref={box}
      className="vlist"
      role="listbox"
      tabIndex={0}
      aria-label={label}
      aria-activedescendant={selectedShown ? rowId(selected) : undefined}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      <div role="presentation" className="vsizer" style={{ height: totalSize }}>
        {rows}
      </div>
    </div>
  );
}
