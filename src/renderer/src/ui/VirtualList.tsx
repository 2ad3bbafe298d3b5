import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

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
 * A listbox that renders only the rows in view (fixed height rows: the offset of row i is i * h),
 * so 10,000 results cost what 20 do. Keyboard: arrows, Page Up/Down, Home/End move the selection;
 * the focused listbox points at the selected row with aria-activedescendant.
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
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(count - 1, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  useEffect(() => {
    if (count > 0) onRange(first, last);
  }, [first, last, count, onRange]);

  // Keep the selected row in view when the keyboard moves it.
  useEffect(() => {
    const el = box.current;
    if (!el || selected < 0) return;
    const top = selected * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight)
      el.scrollTop = top + rowHeight - el.clientHeight;
  }, [selected, rowHeight]);

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(height / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: selected + 1,
      ArrowUp: selected - 1,
      PageDown: selected + page,
      PageUp: selected - page,
      Home: 0,
      End: count - 1,
    };
    const to = moves[e.key];
    if (to === undefined || count === 0) return;
    e.preventDefault();
    onSelect(Math.min(count - 1, Math.max(0, to)));
  };

  const rows: ReactNode[] = [];
  for (let i = first; i <= last; i++) {
    rows.push(
      <div
        key={i}
        id={rowId(i)}
        role="option"
        aria-selected={i === selected}
        aria-posinset={i + 1}
        aria-setsize={count}
        className="vrow"
        // Positioned through the CSSOM (not a style attribute), which the strict CSP allows.
        style={{ top: i * rowHeight, height: rowHeight }}
        onClick={() => onSelect(i)}
      >
        {renderRow(i)}
      </div>,
    );
  }

  return (
    <div
      ref={box}
      className="vlist"
      role="listbox"
      tabIndex={0}
      aria-label={label}
      aria-activedescendant={selected >= first && selected <= last ? rowId(selected) : undefined}
      onKeyDown={onKeyDown}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div role="presentation" className="vsizer" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
