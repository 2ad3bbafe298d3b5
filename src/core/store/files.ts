import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseResult, type Result } from '../../shared/result.ts';
import { isStaleTemp } from '../atomic.ts';

/**
 * The files that are the source of truth: results/YYYY/MM/<id>.json and images/<id>.<ext>.
 * Everything here is plain file work; the index never decides what exists.
 */

/** A screenshot or image kept as PNG or JPEG; a PDF kept as the document itself. */
export type ImageExt = 'png' | 'jpg' | 'pdf';
export const IMAGE_EXTS: readonly ImageExt[] = ['png', 'jpg', 'pdf'];

/** Temp files are dot files ending in .tmp, so no reader mistakes one for a result or an image. */
const TEMP_FILE = /^\..*\.tmp$/;

export function isTempFile(name: string): boolean {
  return TEMP_FILE.test(name);
}

/** results/YYYY/MM/<id>.json relative to the results folder; year and month come from the id (UTC). */
export function resultRelPath(id: string): string {
  return path.join(id.slice(0, 4), id.slice(4, 6), `${id}.json`);
}

export function imageFile(imagesDir: string, id: string, ext: ImageExt): string {
  return path.join(imagesDir, `${id}.${ext}`);
}

/**
 * Image paths in result files are relative to the data home ("images/<id>.png", forward slashes),
 * so the folder can be moved or synced elsewhere. These two functions are the only places where one
 * form becomes the other: results are stored with storedImagePath and read with resolveImagePath.
 */
export function storedImagePath(home: string, file: string): string {
  if (file === '' || !path.isAbsolute(file)) return file;
  const rel = path.relative(home, file);
  // Outside the data home (a path written by hand, or from a home that has since moved): as it is.
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return file;
  return rel.split(path.sep).join('/');
}

/**
 * The file a stored image path names, in this data home. Results written before paths were
 * relative hold absolute ones: inside this home they are read as they are; from a home that has
 * since moved (the file is gone, and this home's images/ holds the result's own image), the image
 * here is the one meant.
 */
export function resolveImagePath(home: string, stored: string, id?: string): string {
  if (stored === '') return '';
  // A Windows path read on Linux (or the reverse) is absolute too: a home moved between machines.
  if (!path.posix.isAbsolute(stored) && !path.win32.isAbsolute(stored)) return path.join(home, stored);
  if (id !== undefined && !existsSync(stored)) {
    const name = path.basename(stored.replaceAll('\\', '/'));
    const here = path.join(home, 'images', name);
    if (IMAGE_EXTS.some((ext) => name === `${id}.${ext}`) && existsSync(here)) return here;
  }
  return stored;
}

/** People open these files, so they are pretty-printed. */
export function serializeResult(result: Result): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

export interface FoundFile {
  /** Absolute path. */
  path: string;
  /** Relative to the results folder, e.g. 2026/11/<id>.json. */
  rel: string;
}

export interface Skipped {
  path: string;
  reason: string;
}

/** A results/YYYY/MM folder and its modification time, taken before its names were read. */
export interface MonthFolder {
  /** "YYYY/MM", always with a forward slash (it is a key in the index, the same on every OS). */
  month: string;
  mtimeNs: bigint;
}

export interface WalkReport {
  files: FoundFile[];
  skipped: Skipped[];
  /** Temp files of writes (under way, or interrupted): not results; the caller decides what to clean. */
  temps: string[];
  months: MonthFolder[];
}

/** The same shape as ResultId, as a bare regex: the walk tests every name, so it must be cheap. */
export const ID_NAME = /^\d{8}T\d{6}-\d{3}Z-[a-z0-9]{4}\.json$/;
const YEAR = /^\d{4}$/;
const MONTH = /^(0[1-9]|1[0-2])$/;

async function listDir(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Finds every result file by name only (no reads), in id order. Nothing is removed: temp files
 * are listed for the caller (a live writer in another process may be about to rename one), and
 * anything else that does not look like a result is reported and left alone: it may be a person's
 * own file. Each month folder's mtime is taken before its names are read, so a file renamed into it
 * after the walk changes the folder's mtime and is noticed by the next catch-up.
 */
export async function walkResults(resultsDir: string): Promise<WalkReport> {
  const report: WalkReport = { files: [], skipped: [], temps: [], months: [] };
  const years = (await listDir(resultsDir)).sort(byName);
  for (const year of years) {
    const yearPath = path.join(resultsDir, year.name);
    if (isTempFile(year.name) && year.isFile()) {
      report.temps.push(yearPath);
      continue;
    }
    if (!year.isDirectory() || !YEAR.test(year.name)) {
      report.skipped.push({ path: yearPath, reason: 'not a results/YYYY folder' });
      continue;
    }
    const months = (await listDir(yearPath)).sort(byName);
    for (const month of months) {
      const monthPath = path.join(yearPath, month.name);
      if (!month.isDirectory() || !MONTH.test(month.name)) {
        if (isTempFile(month.name) && month.isFile()) report.temps.push(monthPath);
        else report.skipped.push({ path: monthPath, reason: 'not a results/YYYY/MM folder' });
        continue;
      }
      const key = `${year.name}/${month.name}`;
      let mtimeNs: bigint;
      try {
        mtimeNs = (await stat(monthPath, { bigint: true })).mtimeNs;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      report.months.push({ month: key, mtimeNs });
      const entries = (await listDir(monthPath)).map((e) => ({ name: e.name, isFile: e.isFile() }));
      entries.sort(byName);
      for (const entry of entries) {
        const file = path.join(monthPath, entry.name);
        if (isTempFile(entry.name)) {
          report.temps.push(file);
          continue;
        }
        if (!entry.isFile || !ID_NAME.test(entry.name)) {
          report.skipped.push({ path: file, reason: 'name is not <result id>.json' });
          continue;
        }
        const id = entry.name.slice(0, -5);
        if (id.slice(0, 4) !== year.name || id.slice(4, 6) !== month.name) {
          report.skipped.push({
            path: file,
            reason: `belongs in results/${id.slice(0, 4)}/${id.slice(4, 6)}`,
          });
          continue;
        }
        report.files.push({ path: file, rel: path.join(year.name, month.name, entry.name) });
      }
    }
  }
  return report;
}

/**
 * The month folders under results/ with their mtimes, synchronously: the cheap look taken on every
 * open (a readdir of results/ and of each year, a stat per month; no month is listed).
 */
export function monthFoldersSync(resultsDir: string): MonthFolder[] {
  const found: MonthFolder[] = [];
  for (const year of listDirSync(resultsDir)) {
    if (!year.isDirectory() || !YEAR.test(year.name)) continue;
    for (const month of listDirSync(path.join(resultsDir, year.name))) {
      if (!month.isDirectory() || !MONTH.test(month.name)) continue;
      try {
        const s = statSync(path.join(resultsDir, year.name, month.name), { bigint: true });
        found.push({ month: `${year.name}/${month.name}`, mtimeNs: s.mtimeNs });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  return found;
}

export function listDirSync(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Removes the temp files among `files` that are leftovers (see isStaleTemp: old enough, and their
 * writer is gone); a live writer's temp file is never touched. Returns how many were removed.
 */
export async function removeStaleTemps(files: readonly string[], now: number = Date.now()): Promise<number> {
  let removed = 0;
  for (const file of files) {
    try {
      const { mtimeMs } = await stat(file);
      if (!isStaleTemp(path.basename(file), mtimeMs, now)) continue;
      await rm(file, { force: true });
      removed++;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return removed;
}

export type ReadOutcome =
  | { ok: true; result: Result }
  /** `missing`: there is no such file; `damaged`: there is one, and it is not a valid result. */
  | { ok: false; reason: string; missing: boolean };

function unreadable(error: unknown): ReadOutcome {
  const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
  return { ok: false, reason: `cannot read: ${(error as Error).message}`, missing };
}

/** Reads and validates one result file; the id inside must match the file name. */
export async function readResultFile(file: string): Promise<ReadOutcome> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return unreadable(error);
  }
  return parseResultText(text, path.basename(file, '.json'));
}

/**
 * The synchronous twin, for rebuilds: reading many small files through the thread pool costs about
 * four times as much as reading them directly, and a rebuild yields between batches anyway.
 */
export function readResultFileSync(file: string): ReadOutcome {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return unreadable(error);
  }
  return parseResultText(text, path.basename(file, '.json'));
}

/**
 * A parser's message quotes the damaged file: its control characters (a newline, a terminal escape
 * sequence) are shown escaped, so the reason stays on one line and cannot drive the terminal that
 * `extracto show` prints it on.
 */
function printable(text: string): string {
  let out = '';
  for (const c of text) {
    const n = c.codePointAt(0)!;
    const control = n < 0x20 || (n >= 0x7f && n <= 0x9f) || n === 0x2028 || n === 0x2029;
    out += control ? `\\u${n.toString(16).padStart(4, '0')}` : c;
  }
  return out;
}

function parseResultText(text: string, expectedId: string): ReadOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${printable((error as Error).message)}`, missing: false };
  }
  let result: Result;
  try {
    result = parseResult(json);
  } catch (error) {
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    const first = issues?.[0];
    const why = first ? `${first.path.map(String).join('.') || '(root)'}: ${first.message}` : String(error);
    return { ok: false, reason: `not a result: ${printable(why)}`, missing: false };
  }
  if (result.id !== expectedId)
    return { ok: false, reason: `holds id ${result.id}, not ${expectedId}`, missing: false };
  return { ok: true, result };
}
