import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { ResultSort } from '../../shared/result-list.ts';
import type { CellValue, ExportFormat, FieldValue, Result } from '../../shared/result.ts';
import {
  isIsoDate,
  repeatedColumns,
  tableRows,
  writeXlsx,
  type Columns,
  type ValueColumns,
} from './export-xlsx.ts';
import type { IndexDb, ListFilter, ResultSummary } from './index-db.ts';

export { EXPORT_FORMATS, type ExportFormat } from '../../shared/result.ts';

/** The names exportName gives: in the app's exports folder only those are the app's to delete. */
export const EXPORT_FILE = /^extracto-\d{8}T\d{6}(-\d+)?\.(csv|json|jsonl|xlsx)$/;

/**
 * The name a save dialog offers for an export: what it holds and when, "Invoices 2026-12.xlsx"
 * ("Extracto 2026-12.csv" for every profile), with what a file name cannot hold on any system
 * taken out of the profile's name.
 */
export function suggestedExportName(
  profileName: string | undefined,
  format: ExportFormat,
  now = new Date(),
): string {
  const what =
    (profileName ?? '')
      .replace(/[\\/:*?"<>|\p{Cc}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'Extracto';
  return `${what} ${now.toISOString().slice(0, 7)}.${format}`;
}

/**
 * A free name for an export in `dir`, "extracto-20261125T061502.csv" (sorting in time order, like
 * result ids), "-2", "-3"… when that is taken on disk or by an export still running (`taken`).
 * The app's exports and `extracto export` without --out both name files this way.
 */
export function exportName(
  dir: string,
  format: ExportFormat,
  taken = new Set<string>(),
  now = new Date(),
): string {
  const base = `extracto-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${base}${n === 1 ? '' : `-${n}`}.${format}`);
    if (!taken.has(file) && !existsSync(file)) {
      taken.add(file);
      return file;
    }
  }
}

export interface ExportOptions {
  format: ExportFormat;
  filter?: ListFilter;
  /** The rows' order, as a listing's (History's table exports in its order); default newest first. */
  sort?: ResultSort;
  /** The file to write; it appears complete or not at all (written beside it, then renamed). */
  out: string;
  /**
   * Field keys in the order the columns should have (the profile's field order). Keys not named
   * here follow, in the order they first appear.
   */
  fieldOrder?: readonly string[];
  /**
   * CSV: one row per line of this table (its key), with the result id, its date and the `repeat`
   * fields, instead of one row per result. XLSX always has a sheet per table; JSON keeps the nesting.
   */
  rows?: string;
  /** The document fields repeated on each line of a table; default: every field that is no table. */
  repeat?: readonly string[];
  onProgress?: (done: number, total: number) => void;
}

export interface ExportDeps {
  index: IndexDb;
  resultsDir: string;
  /** Reads the full result (JSON formats); null when its file has gone since it was indexed. */
  readResult: (file: string) => Promise<Result | null>;
}

/** Writes with back-pressure, so a slow disk never makes rows pile up in memory. */
async function write(stream: Writable, chunk: unknown): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

async function finish(stream: Writable): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/** Rows between two yields to the event loop (see `pace`). */
const YIELD_EVERY = 250;

/**
 * Lets other work run during a long export: in the app, the export shares the main process with
 * every IPC call (the progress polls among them), and the index is read synchronously.
 */
function pace(done: number): Promise<void> | undefined {
  return done % YIELD_EVERY === 0 ? new Promise((resolve) => setImmediate(resolve)) : undefined;
}

/** Notes a value's kind: currency, or an ISO date in every row that has one. */
function note(
  columns: ValueColumns,
  notDates: Set<string>,
  key: string,
  value: FieldValue | CellValue,
): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) columns.currency.add(key);
  if (isIsoDate(value)) columns.dates.add(key);
  else if (value !== null && value !== '') notDates.add(key);
}

/**
 * First pass for the tabular formats: which field keys exist, which of them hold currency values,
 * which nothing but ISO dates (a spreadsheet gets those as real dates), and which hold tables
 * (and, for each, the same about its cells).
 */
function collectColumns(
  index: IndexDb,
  filter: ListFilter,
  fieldOrder: readonly string[],
  repeat: readonly string[] | undefined,
): Columns {
  const seen = new Set<string>();
  const columns: Columns = {
    keys: [],
    currency: new Set(),
    dates: new Set(),
    tables: new Map(),
    repeated: [],
  };
  const notDates = new Set<string>();
  const notCellDates = new Map<string, Set<string>>();
  for (const { summary } of index.iterate(filter)) {
    for (const [key, value] of Object.entries(summary.fields)) {
      seen.add(key);
      const rows = tableRows(value);
      if (!rows) {
        note(columns, notDates, key, value);
        continue;
      }
      notDates.add(key);
      let table = columns.tables.get(key);
      if (!table) columns.tables.set(key, (table = { keys: [], currency: new Set(), dates: new Set() }));
      const notTableDates = notCellDates.get(key) ?? new Set<string>();
      notCellDates.set(key, notTableDates);
      for (const row of rows)
        for (const [column, cellValue] of Object.entries(row)) {
          if (!table.keys.includes(column)) table.keys.push(column);
          note(table, notTableDates, column, cellValue);
        }
    }
  }
  columns.keys = fieldOrder.filter((k) => seen.has(k));
  for (const k of seen) if (!columns.keys.includes(k)) columns.keys.push(k);
  for (const k of notDates) columns.dates.delete(k);
  for (const [key, table] of columns.tables) for (const k of notCellDates.get(key)!) table.dates.delete(k);
  columns.repeated = repeat ? [...repeat] : columns.keys.filter((k) => !columns.tables.has(k));
  return columns;
}

function cell(value: FieldValue | CellValue | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // A table's lines go in their own rows (--rows); in a result's row, how many there are.
  const rows = tableRows(value);
  if (rows) return rows.length;
  if (Array.isArray(value)) return value.join('; ');
  return value.amount;
}

/** The cells of some values: a currency value as its amount and its code. */
function valueCells(
  values: Record<string, FieldValue | CellValue>,
  columns: ValueColumns,
): (string | number)[] {
  const cells: (string | number)[] = [];
  for (const key of columns.keys) {
    const value = values[key];
    cells.push(cell(value));
    if (columns.currency.has(key)) {
      cells.push(
        value !== null && typeof value === 'object' && !Array.isArray(value) ? (value.currency ?? '') : '',
      );
    }
  }
  return cells;
}

function valueHeader(columns: ValueColumns, tables?: Map<string, ValueColumns>): string[] {
  return columns.keys.flatMap((key) =>
    tables?.has(key) ? [`${key}_rows`] : columns.currency.has(key) ? [key, `${key}_currency`] : [key],
  );
}

function csvRow(summary: ResultSummary, columns: Columns): (string | number)[] {
  return [
    summary.id,
    summary.createdAt,
    summary.profile.name,
    summary.status,
    ...valueCells(summary.fields, columns),
    summary.image.path,
  ];
}

/** With --rows: the header and the rows of one result, one per line of the table. */
function lineHeader(columns: Columns, table: ValueColumns): string[] {
  return ['id', 'createdAt', ...valueHeader(repeatedColumns(columns)), ...valueHeader(table)];
}

function lineRows(summary: ResultSummary, columns: Columns, key: string, table: ValueColumns) {
  const repeated = [summary.id, summary.createdAt, ...valueCells(summary.fields, repeatedColumns(columns))];
  return (tableRows(summary.fields[key]) ?? []).map((line) => [...repeated, ...valueCells(line, table)]);
}

const EMPTY_TABLE: ValueColumns = { keys: [], currency: new Set(), dates: new Set() };

/**
 * Streams the matching results, in `sort`'s order (newest first by default), into a file; returns
 * how many were written. Which columns there are does not depend on the order.
 */
export async function exportResults(deps: ExportDeps, options: ExportOptions): Promise<number> {
  const filter = options.filter ?? {};
  const total = deps.index.count(filter);
  const out = path.resolve(options.out);
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  const file = createWriteStream(temp);
  let done = 0;
  try {
    if (options.format === 'csv') {
      const columns = collectColumns(deps.index, filter, options.fieldOrder ?? [], options.repeat);
      const lines = options.rows;
      // A table no result has rows in yet still gets its header (with no columns of its own).
      const table = lines === undefined ? undefined : (columns.tables.get(lines) ?? EMPTY_TABLE);
      const header = table
        ? lineHeader(columns, table)
        : ['id', 'createdAt', 'profile', 'status', ...valueHeader(columns, columns.tables), 'image'];
      // A BOM so that Excel, where most of these files end up, reads UTF-8 and not ANSI.
      const csv = stringify({ bom: true });
      const flushed = pipeline(csv, file);
      await write(csv, header);
      for (const { summary } of deps.index.iterate(filter, options.sort)) {
        if (table) for (const row of lineRows(summary, columns, lines!, table)) await write(csv, row);
        else await write(csv, csvRow(summary, columns));
        done++;
        options.onProgress?.(done, total);
        await pace(done);
      }
      csv.end();
      await flushed;
    } else if (options.format === 'xlsx') {
      const columns = collectColumns(deps.index, filter, options.fieldOrder ?? [], options.repeat);
      const summaries = function* () {
        for (const { summary } of deps.index.iterate(filter, options.sort)) yield summary;
      };
      await writeXlsx(file, summaries, columns, async () => {
        done++;
        options.onProgress?.(done, total);
        // exceljs does not wait for the disk: wait here when the file falls behind.
        if (file.writableNeedDrain) await once(file, 'drain');
        await pace(done);
      });
    } else {
      if (options.format === 'json') await write(file, '[');
      for (const { file: rel } of deps.index.iterate(filter, options.sort)) {
        const result = await deps.readResult(path.join(deps.resultsDir, rel));
        if (!result) continue;
        const text =
          options.format === 'json'
            ? `${done === 0 ? '\n' : ',\n'}${JSON.stringify(result, null, 2).replace(/^/gm, '  ')}`
            : `${JSON.stringify(result)}\n`;
        await write(file, text);
        done++;
        options.onProgress?.(done, total);
        await pace(done);
      }
      if (options.format === 'json') await write(file, done === 0 ? ']\n' : '\n]\n');
      await finish(file);
    }
    await rename(temp, out);
    return done;
  } catch (error) {
    file.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}
