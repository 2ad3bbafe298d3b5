/**
 * Where a key moves the selection of a list of `count` rows, `pageRows` of them in view: arrows by
 * one, Page Up/Down by a screenful, Home/End to the ends. Undefined: not a key that moves it.
 * Shared by History's list and its table, so both answer the same keys.
 */
export function movedSelection(
  key: string,
  selected: number,
  count: number,
  pageRows: number,
): number | undefined {
  if (count === 0) return undefined;
  const page = Math.max(1, pageRows - 1);
  const moves: Record<string, number> = {
    ArrowDown: selected + 1,
    ArrowUp: selected - 1,
    PageDown: selected + page,
    PageUp: selected - page,
    Home: 0,
    End: count - 1,
  };
  const to = moves[key];
  return to === undefined ? undefined : Math.min(count - 1, Math.max(0, to));
}
