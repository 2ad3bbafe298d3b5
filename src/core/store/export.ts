import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { ExportFormat, FieldValue, Result } from '../../shared/result.ts';
import { isIsoDate, writeXlsx, type Columns } from './export-xlsx.ts';
import type { IndexDb, ListFilter, ResultSummary } from './index-db.ts';

export { EXPORT_FORMATS, type ExportFormat } from '../../shared/result.ts';

/** The names exportName gives: in the app's exports folder only those are the app's to delete. */
export const EXPORT_FILE = /^extracto-\d{8}T\d{6}(-\d+)?\.(csv|json|jsonl|xlsx)$/;

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
  /** The file to write; it appears complete or not at all (written beside it, then renamed). */
  out: string;
  /**
   * Field keys in the order the columns should have (the profile's field order). Keys not named
   * here follow, in the order they first appear.
   */
  fieldOrder?: readonly string[];
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

/**
 * First pass for the tabular formats: which field keys exist, which of them hold currency values,
 * and which hold nothing but ISO dates (a spreadsheet gets those as real dates).
 */
function collectColumns(index: IndexDb, filter: ListFilter, fieldOrder: readonly string[]): Columns {
  const seen = new Set<string>();
  const currency = new Set<string>();
  const dates = new Set<string>();
  const notDates = new Set<string>();
  for (const { summary } of index.iterate(filter)) {
    for (const [key, value] of Object.entries(summary.fields)) {
      seen.add(key);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) currency.add(key);
      if (isIsoDate(value)) dates.add(key);
      else if (value !== null && value !== '') notDates.add(key);
    }
  }
  const keys = fieldOrder.filter((k) => seen.has(k));
  for (const k of seen) if (!keys.includes(k)) keys.push(k);
  for (const k of notDates) dates.delete(k);
  return { keys, currency, dates };
}

function cell(value: FieldValue | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return value.join('; ');
  return value.amount;
}

function csvRow(summary: ResultSummary, columns: Columns): (string | number)[] {
  const row: (string | number)[] = [summary.id, summary.createdAt, summary.profile.name, summary.status];
  for (const key of columns.keys) {
    const value = summary.fields[key];
    row.push(cell(value));
    if (columns.currency.has(key)) {
      row.push(
        value !== null && typeof value === 'object' && !Array.isArray(value) ? (value.currency ?? '') : '',
      );
    }
  }
  row.push(summary.image.path);
  return row;
}

/** Streams the matching results, newest first, into a file; returns how many were written. */
export async function exportResults(deps: ExportDeps, options: ExportOptions): Promise<number> {
  const filter = options.filter ?? {};
  const total = deps.index.count(filter);
  const out = path.resolve(options.out);
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  const file = createWriteStream(temp);
  let done = 0;
  try {
    if (options.format === 'csv') {
      const columns = collectColumns(deps.index, filter, options.fieldOrder ?? []);
      const header = ['id', 'createdAt', 'profile', 'status'];
      for (const key of columns.keys) {
        header.push(key);
        if (columns.currency.has(key)) header.push(`${key}_currency`);
      }
      header.push('image');
      // A BOM so that Excel, where most of these files end up, reads UTF-8 and not ANSI.
      const csv = stringify({ bom: true });
      const flushed = pipeline(csv, file);
      await write(csv, header);
      for (const { summary } of deps.index.iterate(filter)) {
        await write(csv, csvRow(summary, columns));
        done++;
        options.onProgress?.(done, total);
        await pace(done);
      }
      csv.end();
      await flushed;
    } else if (options.format === 'xlsx') {
      const columns = collectColumns(deps.index, filter, options.fieldOrder ?? []);
      const summaries = (function* () {
        for (const { summary } of deps.index.iterate(filter)) yield summary;
      })();
      await writeXlsx(file, summaries, columns, async () => {
        done++;
        options.onProgress?.(done, total);
        // exceljs does not wait for the disk: wait here when the file falls behind.
        if (file.writableNeedDrain) await once(file, 'drain');
        await pace(done);
      });
    } else {
      if (options.format === 'json') await write(file, '[');
      for (const { file: rel } of deps.index.iterate(filter)) {
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
