import { COLUMN_TYPES, type Column, type ColumnType, type Field } from '../../../shared/field.ts';
import type { CellValue, TableValue } from '../../../shared/result.ts';
import { fromText, typeOf } from './edit.ts';

/** What the window needs of a column: its key, its header and how its cells are typed. */
export type ShownColumn = Pick<Column, 'key' | 'label' | 'type'>;

/**
 * The table's columns: the profile's, else (its profile is gone) every key its rows use, in the
 * order first seen, typed by their first value.
 */
export function columnsOf(field: Pick<Field, 'columns'>, rows: TableValue): ShownColumn[] {
  if (field.columns && field.columns.length > 0) return field.columns;
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return keys.map((key) => {
    const guessed = typeOf(rows.map((row) => row[key]).find((v) => v !== null && v !== undefined));
    return { key, label: key, type: isColumnType(guessed) ? guessed : 'text' };
  });
}

function isColumnType(type: string): type is ColumnType {
  return (COLUMN_TYPES as readonly string[]).includes(type);
}

/** The text typed in a cell as its stored value; undefined when it is not one of the column's type. */
export function cellFromText(text: string, type: ColumnType, previous: CellValue): CellValue | undefined {
  const value = fromText(text, type, previous);
  // Only a list field parses to an array, and no column is a list: this narrows the type.
  return Array.isArray(value) ? undefined : value;
}

export function withCell(rows: TableValue, row: number, key: string, value: CellValue): TableValue {
  return rows.map((r, i) => (i === row ? { ...r, [key]: value } : r));
}

export function withoutRow(rows: TableValue, row: number): TableValue {
  return rows.filter((_, i) => i !== row);
}

/** A new last row, every cell empty: the person fills it in cell by cell. */
export function withEmptyRow(rows: TableValue, columns: readonly ShownColumn[]): TableValue {
  return [...rows, Object.fromEntries(columns.map((c) => [c.key, null]))];
}

/**
 * A new amount in a currency column keeps the column's currency: an empty cell has none of its
 * own, so it takes the first one another row has.
 */
export function currencyOf(rows: TableValue, key: string): CellValue {
  for (const row of rows) {
    const cell = row[key];
    if (cell !== null && typeof cell === 'object') return cell;
  }
  return null;
}

/** The rows as tab-separated lines under a header line: what a spreadsheet pastes as a table. */
export function tableText(
  rows: TableValue,
  columns: readonly ShownColumn[],
  shown: (value: CellValue, column: ShownColumn) => string,
): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  return [
    columns.map((c) => clean(c.label)).join('\t'),
    ...rows.map((row) => columns.map((c) => clean(shown(row[c.key] ?? null, c))).join('\t')),
  ].join('\n');
}
