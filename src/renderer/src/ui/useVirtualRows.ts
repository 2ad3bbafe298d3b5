import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type FocusEvent, type KeyboardEvent } from 'react';
import { movedSelection } from './list-keys.ts';

interface Options {
  count: number;
  rowHeight: number;
  /** Rows drawn beyond the visible ones, so a fast scroll does not flash blanks. */
  overscan: number;
  /** Height above the rows inside the scroller (a sticky header): a row scrolled to stays below it. */
  headHeight?: number;
  /** The selected row's index, or -1. */
  selected: number;
  onSelect: (index: number) => void;
  /** Called with the rows about to be shown, so the caller can fetch them. */
  onRange: (first: number, last: number) => void;
}

/**
 * The windowing History's list and table share (@tanstack/react-virtual): only the rows in view
 * are drawn, the caller hears which ones so it can fetch them, the selected row is kept in view,
 * arrows, Page Up/Down, Home/End move the selection, and focus from the keyboard selects a row.
 */
export function useVirtualRows({
  count,
  rowHeight,
  overscan,
  headHeight = 0,
  selected,
  onSelect,
  onRange,
}: Options) {
  const box = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => box.current,
    estimateSize: () => rowHeight,
    overscan,
    scrollPaddingStart: headHeight,
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
    const page = Math.floor(((box.current?.clientHeight ?? 600) - headHeight) / rowHeight);
    const to = movedSelection(e.key, selected, count, page);
    if (to === undefined) return;
    e.preventDefault();
    onSelect(to);
  };

  // Reached from the keyboard with nothing selected, the first row is: the ring shows where the
  // keys act. A click selects its own row instead (and shows no ring).
  const onFocus = (e: FocusEvent<HTMLElement>) => {
    if (e.target !== e.currentTarget || selected >= 0 || count === 0) return;
    if (e.currentTarget.matches(':focus-visible')) onSelect(0);
  };

  return {
    box,
    items,
    totalSize: virtualizer.getTotalSize(),
    /** Whether the selected row is drawn, so aria-activedescendant can point at it. */
    selectedShown: selected >= first && selected <= last,
    onKeyDown,
    onFocus,
  };
}
