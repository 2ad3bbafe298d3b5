import type { Field, FieldType, Profile } from '../../../shared/field.ts';
import type { ResultSort } from '../../../shared/result-list.ts';

/**
 * A column of History's table: when it was made, its status, or one of the profile's fields.
 * `width` is what it takes when there is room; `min` the narrowest it goes (its text cut with an
 * ellipsis, whole in its title) while the pane has room for every column's min.
 */
export type TableColumn = ({ kind: 'createdAt' } | { kind: 'status' } | { kind: 'field'; field: Field }) & {
  width: number;
  min: number;
};

/** The order with no header clicked: the store's default, newest first. */
export const DEFAULT_SORT: ResultSort = { by: 'createdAt', direction: 'desc' };

/** How wide a field's column wants to be, and the narrowest it can be read at, in px. */
const FIELD_WIDTH: Record<FieldType, { width: number; min: number }> = {
  // Text takes what room is left beyond its width (gridTemplate); its title shows a cut value whole.
  text: { width: 100, min: 80 },
  email: { width: 140, min: 90 },
  phone: { width: 120, min: 90 },
  // An amount cut short reads as another amount: these keep room for a thousand with cents.
  number: { width: 96, min: 80 },
  currency: { width: 104, min: 90 },
  date: { width: 110, min: 90 },
  boolean: { width: 60, min: 50 },
  list: { width: 120, min: 80 },
  table: { width: 80, min: 64 },
};

export function tableColumns(profile: Profile | undefined): TableColumn[] {
  return [
    // The whole short date and time; cut, the date still shows.
    { kind: 'createdAt', width: 150, min: 96 },
    // Room for "Needs review" and "Duplicate" side by side; at least for "Needs review".
    { kind: 'status', width: 200, min: 118 },
    ...(profile?.fields ?? []).map((field) => ({
      kind: 'field' as const,
      field,
      ...FIELD_WIDTH[field.type],
    })),
  ];
}

/** Words that can run long: these columns share the room left; the others keep their width. */
const STRETCH: ReadonlySet<FieldType> = new Set(['text', 'email', 'list']);

/**
 * The CSS grid columns, which always fit the pane (it never scrolls sideways): each column at
 * least its min, the others' widths next, the wordy ones taking what room is left. A profile with
 * more columns than the mins fit shares the width in proportion to them (min() with a percentage
 * of the row), so every column stays in view, narrower.
 */
export function gridTemplate(columns: TableColumn[]): string {
  const mins = columns.reduce((sum, c) => sum + c.min, 0);
  return columns
    .map((c) => {
      const least = `min(${c.min}px, ${Math.floor((c.min / mins) * 10_000) / 100}%)`;
      const most = c.kind === 'field' && STRETCH.has(c.field.type) ? '1fr' : `${c.width}px`;
      return `minmax(${least}, ${most})`;
    })
    .join(' ');
}

function sortsBy(sort: ResultSort, column: TableColumn): boolean {
  if (column.kind === 'field') return sort.by === 'field' && sort.key === column.field.key;
  return sort.by === column.kind;
}

/** aria-sort of a column's header. */
export function ariaSort(sort: ResultSort, column: TableColumn): 'ascending' | 'descending' | 'none' {
  if (!sortsBy(sort, column)) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}

/** A header clicked: the same column again reverses its order; another starts ascending. */
export function nextSort(sort: ResultSort, column: TableColumn, locale: string): ResultSort {
  if (sortsBy(sort, column)) return { ...sort, direction: sort.direction === 'asc' ? 'desc' : 'asc' };
  if (column.kind === 'field') return { by: 'field', key: column.field.key, direction: 'asc', locale };
  return { by: column.kind, direction: 'asc' };
}

/** A sort on a field the columns no longer have (another profile's) falls back to the default. */
export function sortIn(sort: ResultSort, columns: TableColumn[]): ResultSort {
  return columns.some((c) => sortsBy(sort, c)) ? sort : DEFAULT_SORT;
}
