import { readFileSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseResult, type Result } from '../../shared/result.ts';

/**
 * The files that are the source of truth: results/YYYY/MM/<id>.json and images/<id>.<ext>.
 * Everything here is plain file work; the index never decides what exists.
 */

export type ImageExt = 'png' | 'jpg';
export const IMAGE_EXTS: readonly ImageExt[] = ['png', 'jpg'];

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

export interface WalkReport {
  files: FoundFile[];
  skipped: Skipped[];
  tempRemoved: number;
}

/** The same shape as ResultId, as a bare regex: the walk tests every name, so it must be cheap. */
const ID_NAME = /^\d{8}T\d{6}-\d{3}Z-[a-z0-9]{4}\.json$/;
const YEAR = /^\d{4}$/;
const MONTH = /^(0[1-9]|1[0-2])$/;

async function listDir(dir: string): Promise<import('node:fs').Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Finds every result file by name only (no reads), in id order. Leftover temp files from an
 * interrupted write are removed; anything else that does not look like a result is reported and
 * left alone: it may be a person's own file.
 */
export async function walkResults(resultsDir: string): Promise<WalkReport> {
  const report: WalkReport = { files: [], skipped: [], tempRemoved: 0 };
  const years = (await listDir(resultsDir)).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const year of years) {
    const yearPath = path.join(resultsDir, year.name);
    if (isTempFile(year.name) && year.isFile()) {
      await rm(yearPath, { force: true });
      report.tempRemoved++;
      continue;
    }
    if (!year.isDirectory() || !YEAR.test(year.name)) {
      report.skipped.push({ path: yearPath, reason: 'not a results/YYYY folder' });
      continue;
    }
    const months = (await listDir(yearPath)).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const month of months) {
      const monthPath = path.join(yearPath, month.name);
      if (!month.isDirectory() || !MONTH.test(month.name)) {
        if (isTempFile(month.name) && month.isFile()) {
          await rm(monthPath, { force: true });
          report.tempRemoved++;
        } else report.skipped.push({ path: monthPath, reason: 'not a results/YYYY/MM folder' });
        continue;
      }
      const entries = (await listDir(monthPath)).map((e) => ({ name: e.name, isFile: e.isFile() }));
      entries.sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const entry of entries) {
        const file = path.join(monthPath, entry.name);
        if (isTempFile(entry.name)) {
          await rm(file, { force: true, recursive: false }).catch(() => undefined);
          report.tempRemoved++;
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

/** Removes leftover temp files in one flat folder (images/); returns how many. */
export async function removeTempFiles(dir: string): Promise<number> {
  let removed = 0;
  for (const entry of await listDir(dir)) {
    if (entry.isFile() && isTempFile(entry.name)) {
      await rm(path.join(dir, entry.name), { force: true });
      removed++;
    }
  }
  return removed;
}

export type ReadOutcome = { ok: true; result: Result } | { ok: false; reason: string };

/** Reads and validates one result file; the id inside must match the file name. */
export async function readResultFile(file: string): Promise<ReadOutcome> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, reason: `cannot read: ${(error as Error).message}` };
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
    return { ok: false, reason: `cannot read: ${(error as Error).message}` };
  }
  return parseResultText(text, path.basename(file, '.json'));
}

export function parseResultText(text: string, expectedId: string): ReadOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
  let result: Result;
  try {
    result = parseResult(json);
  } catch (error) {
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    const first = issues?.[0];
    const why = first ? `${first.path.map(String).join('.') || '(root)'}: ${first.message}` : String(error);
    return { ok: false, reason: `not a result: ${why}` };
  }
  if (result.id !== expectedId) return { ok: false, reason: `holds id ${result.id}, not ${expectedId}` };
  return { ok: true, result };
}
