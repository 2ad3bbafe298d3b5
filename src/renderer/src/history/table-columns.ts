import type { Field, FieldType, Profile } from '../../../shared/field.ts';
import type { ResultSort } from '../../../shared/result-list.ts';

/** A column of History's table: when it was made, its status, or one of the profile's fields. */
export type TableColumn =
  | { kind: 'createdAt'; width: number }
  | { kind: 'status'; width: number }
  | { kind: 'field'; field: Field; width: number };

/** The order with no header clicked: the store's default, newest first. */
export const DEFAULT_SORT: ResultSort = { by: 'createdAt', direction: 'desc' };

/** Narrowest a column goes before the table scrolls sideways inside its pane, in px. */
const FIELD_WIDTH: Record<FieldType, number> = {
  // Text takes what room is left beyond this (gridTemplate); the detail shows a cut value whole.
  text: 100,
  email: 140,
  phone: 120,
  number: 100,
  currency: 110,
  date: 110,
  boolean: 60,
  list: 120,
  table: 80,
};

/** Amounts read down a column by their digits: right-aligned, tabular figures. */
export function isAmount(type: FieldType): boolean {
  return type === 'number' || type === 'currency';
}

export function tableColumns(profile: Profile | undefined): TableColumn[] {
  return [
    { kind: 'createdAt', width: 145 },
    // Room for "Needs review" and "Duplicate" side by side.
    { kind: 'status', width: 210 },
    ...(profile?.fields ?? []).map((field) => ({
      kind: 'field' as const,
      field,
      width: FIELD_WIDTH[field.type],
    })),
  ];
}

/** Words that can run long: these columns share the room left; the others keep their width. */
const STRETCH: ReadonlySet<FieldType> = new Set(['text', 'email', 'list']);

/** The CSS grid columns: each at least its width, the wordy ones taking what room is left. */
export function gridTemplate(columns: TableColumn[]): string {
  return columns
    .map((c) =>
      c.kind === 'field' && STRETCH.has(c.field.type) ? `minmax(${c.width}px, 1fr)` : `${c.width}px`,
    )
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
