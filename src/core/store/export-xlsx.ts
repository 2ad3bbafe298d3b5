import type { Writable } from 'node:stream';
import type { CellValue as StoredCell, FieldValue, TableValue } from '../../shared/result.ts';
import type { ResultSummary } from './index-db.ts';

/** Columns of values: a result's fields, or a table's cells. */
export interface ValueColumns {
  keys: string[];
  /** Keys holding currency values: written as two columns, the amount and `<key>_currency`. */
  currency: Set<string>;
  /** Keys whose every value is an ISO calendar date (yyyy-mm-dd): written as real dates. */
  dates: Set<string>;
}

/** What the first pass over the rows found out about the field columns. */
export interface Columns extends ValueColumns {
  /**
   * Keys holding tables: one column with the number of rows (`<key>_rows`) on the results sheet,
   * and a sheet of their own (one row per line) with their cells' columns.
   */
  tables: Map<string, ValueColumns>;
  /** The document fields repeated on each line of a table (the scalar fields unless chosen). */
  repeated: string[];
}

/** A table's rows, or undefined for any other value (a list's strings are no table). */
export function tableRows(value: FieldValue | undefined): TableValue | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.every((row) => typeof row === 'object' && row !== null) ? (value as TableValue) : undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as the store keeps them (a string that merely looks like one is not enough). */
export function isIsoDate(value: FieldValue | undefined): boolean {
  return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));
}

type CellValue = string | number | boolean | Date | null;

/**
 * A calendar date as the spreadsheet's date serial: midnight UTC, which exceljs turns into a whole
 * day number, so no time zone can move it a day.
 */
function dateCell(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

function fieldCells(
  value: FieldValue | StoredCell | undefined,
  key: string,
  columns: ValueColumns,
): CellValue[] {
  const isCurrency = columns.currency.has(key);
  if (value === null || value === undefined) return isCurrency ? [null, null] : [null];
  if (typeof value === 'object' && !Array.isArray(value)) {
    return [value.amount, value.currency];
  }
  const rows = tableRows(value);
  // A table's lines are on its own sheet; here, how many there are.
  let cell: CellValue = rows ? rows.length : Array.isArray(value) ? value.join('; ') : value;
  if (typeof cell === 'string' && columns.dates.has(key) && isIsoDate(cell)) cell = dateCell(cell);
  const cells: CellValue[] = [cell];
  // A currency column that holds a plain number in some row still gets its (empty) code cell.
  if (isCurrency) cells.push(null);
  return cells;
}

interface XlsxColumn {
  header: string;
  width: number;
  numFmt?: string;
}

/** The columns of some values, in the same order as the CSV export's. */
function valueColumns(columns: ValueColumns, list: XlsxColumn[], tables?: Map<string, ValueColumns>): void {
  for (const key of columns.keys) {
    const width = Math.min(40, Math.max(12, key.length + 4));
    if (tables?.has(key)) {
      list.push({ header: `${key}_rows`, width: Math.max(10, key.length + 7) });
    } else if (columns.currency.has(key)) {
      list.push({ header: key, width, numFmt: '#,##0.00' });
      list.push({ header: `${key}_currency`, width: Math.max(10, key.length + 11) });
    } else if (columns.dates.has(key)) {
      // Built-in format 14: Excel and LibreOffice show it in the reader's own short date format.
      list.push({ header: key, width, numFmt: 'mm-dd-yy' });
    } else {
      list.push({ header: key, width });
    }
  }
}

const ID_COLUMNS: XlsxColumn[] = [
  { header: 'id', width: 28 },
  // The stored instant is UTC; the format says so rather than pretending it is local time.
  { header: 'createdAt', width: 24, numFmt: 'yyyy-mm-dd hh:mm:ss "UTC"' },
];

/** The results sheet's columns, in the same order as the CSV export's. */
function xlsxColumns(columns: Columns): XlsxColumn[] {
  const list = [...ID_COLUMNS, { header: 'profile', width: 18 }, { header: 'status', width: 10 }];
  valueColumns(columns, list, columns.tables);
  list.push({ header: 'image', width: 48 });
  return list;
}

/** A table's sheet: the result, the repeated document fields, then the table's own columns. */
function lineColumns(columns: Columns, table: ValueColumns): XlsxColumn[] {
  const list = [...ID_COLUMNS];
  valueColumns(repeatedColumns(columns), list);
  valueColumns(table, list);
  return list;
}

/** The document fields repeated on each line, with what the results sheet knows of them. */
export function repeatedColumns(columns: Columns): ValueColumns {
  return { keys: columns.repeated, currency: columns.currency, dates: columns.dates };
}

function xlsxRow(summary: ResultSummary, columns: Columns): CellValue[] {
  const row: CellValue[] = [summary.id, new Date(summary.createdAt), summary.profile.name, summary.status];
  for (const key of columns.keys) row.push(...fieldCells(summary.fields[key], key, columns));
  row.push(summary.image.path);
  return row;
}

/** One sheet row per line of a result's table. */
function lineRows(summary: ResultSummary, columns: Columns, key: string, table: ValueColumns): CellValue[][] {
  const repeated = repeatedColumns(columns);
  return (tableRows(summary.fields[key]) ?? []).map((line) => {
    const row: CellValue[] = [summary.id, new Date(summary.createdAt)];
    for (const k of repeated.keys) row.push(...fieldCells(summary.fields[k], k, repeated));
    for (const k of table.keys) row.push(...fieldCells(line[k], k, table));
    return row;
  });
}

/** A table's sheet name: its key, which Excel takes as it is (a-z, 0-9, _), unless it is taken. */
function sheetName(key: string): string {
  const name = key.slice(0, 31);
  return name.toLowerCase() === 'results' ? 'results_lines' : name;
}

/** The part of a readable-stream Writable that back-pressure needs. */
interface Backlog {
  _writableState: { needDrain: boolean };
  once(event: 'drain', listener: (value?: unknown) => void): unknown;
}

function isBacklog(value: unknown): value is Backlog {
  const state = (value as { _writableState?: { needDrain?: unknown } } | null)?._writableState;
  return typeof state?.needDrain === 'boolean' && typeof (value as Backlog).once === 'function';
}

/**
 * exceljs 4 hands each committed row's XML to the zip through an internal stream (the sheet's
 * `stream`, piped into the archiver) without ever looking at write()'s answer, so rows pile up in
 * memory as fast as they can be made (300 MB for 200,000 rows). This finds that stream's consumer,
 * so the loop can wait for it to drain; undefined if a later exceljs is built differently (the
 * tests say so, rather than memory quietly growing again).
 */
export function sheetBacklog(sheet: unknown): Backlog | undefined {
  const pipes = (sheet as { stream?: { pipes?: unknown } } | null)?.stream?.pipes;
  const sink: unknown = Array.isArray(pipes) ? pipes[0] : undefined;
  return isBacklog(sink) ? sink : undefined;
}

/**
 * Writes the rows as the Results worksheet, then one sheet per table with a row per line (read in a
 * second pass over `rows`), with exceljs's streaming WorkbookWriter: each row is committed
 * (serialised and handed to the zip) as soon as it is added, and strings are written inline rather
 * than collected into a shared-strings table, so memory stays flat however many rows there are.
 * `afterRow` runs after each result's row and may wait (back-pressure, progress, yielding).
 */
export async function writeXlsx(
  out: Writable,
  rows: () => Iterable<ResultSummary>,
  columns: Columns,
  afterRow: () => Promise<void> | void,
): Promise<void> {
  // Loaded on first use: exceljs is large, and most runs never export a spreadsheet.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Extracto';
  // One sheet after the other: the streaming writer keeps a sheet in memory until it is committed.
  const sheet = startSheet(workbook, 'Results', xlsxColumns(columns));
  for (const summary of rows()) {
    await sheet.add(xlsxRow(summary, columns));
    await afterRow();
  }
  sheet.done();
  for (const [key, table] of columns.tables) {
    const lines = startSheet(workbook, sheetName(key), lineColumns(columns, table));
    for (const summary of rows())
      for (const line of lineRows(summary, columns, key, table)) await lines.add(line);
    lines.done();
  }
  await workbook.commit();
}

type Workbook = import('exceljs').stream.xlsx.WorkbookWriter;

/** A sheet with a bold, frozen, filterable header; `add` commits a row and waits for the zip. */
function startSheet(workbook: Workbook, name: string, layout: XlsxColumn[]) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = layout.map((c, i) => ({
    key: String(i),
    width: c.width,
    ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
  }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: layout.length } };
  const header = sheet.addRow(layout.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  const backlog = sheetBacklog(sheet);
  return {
    add: async (row: CellValue[]) => {
      sheet.addRow(row).commit();
      if (backlog?._writableState.needDrain) await new Promise((resolve) => backlog.once('drain', resolve));
    },
    done: () => sheet.commit(),
  };
}
