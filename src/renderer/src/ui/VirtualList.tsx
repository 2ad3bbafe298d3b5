import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { movedSelection } from './list-keys.ts';

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
 * Home/End move the selection; the focused listbox points at the selected row with
 * aria-activedescendant.
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
  const box = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => box.current,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN,
    // Before the first measurement (and in a test page without layout), a screenful of rows.
    initialRect: { width: 0, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (count > 0 && last >= first) onRange(first, last);
  }, [first, last, count, onRange]);

  // Keep the selected row in view when the keyboard moves it.
  useEffect(() => {
    if (selected >= 0 && selected < count) virtualizer.scrollToIndex(selected, { align: 'auto' });
  }, [selected, count, virtualizer]);

  const onKeyDown = (e: KeyboardEvent) => {
    const to = movedSelection(
      e.key,
      selected,
      count,
      Math.floor((box.current?.clientHeight ?? 600) / rowHeight),
    );
    if (to === undefined) return;
    e.preventDefault();
    onSelect(to);
  };

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
      aria-activedescendant={selected >= first && selected <= last ? rowId(selected) : undefined}
      onKeyDown={onKeyDown}
    >
      <div role="presentation" className="vsizer" style={{ height: virtualizer.getTotalSize() }}>
        {rows}
      </div>
    </div>
  );
}
