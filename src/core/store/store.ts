import { mkdir, readdir, rm } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { usageError } from '../../shared/errors.ts';
import { ResultId } from '../../shared/ids.ts';
import { FieldValue, parseResult, type Result, type ResultStatus } from '../../shared/result.ts';
import { writeFileAtomic } from '../atomic.ts';
import { silentLogger, type Logger } from '../log.ts';
import { dataPaths, type DataPaths } from '../paths.ts';
import { exportResults, type ExportOptions } from './export.ts';
import {
  IMAGE_EXTS,
  imageFile,
  readResultFile,
  removeTempFiles,
  resultRelPath,
  serializeResult,
  walkResults,
  type ImageExt,
  type Skipped,
} from './files.ts';
import { readForIndex } from './rebuild-read.ts';
import { IndexDb, type ListFilter, type PageOptions, type ResultSummary } from './index-db.ts';

export type { ResultSummary, ListFilter, PageOptions } from './index-db.ts';
export type { ExportOptions, ExportFormat } from './export.ts';
export type { Skipped } from './files.ts';

export interface ListOptions extends ListFilter, PageOptions {}

export interface ListPage {
  items: ResultSummary[];
  /** How many results match the filter in all (for "1–50 of 12,345"). */
  total: number;
}

export interface RebuildReport {
  indexed: number;
  /** Files under results/ that are not valid results: reported, left where they are. */
  skipped: Skipped[];
  /** Leftover temp files of interrupted writes that were removed. */
  tempRemoved: number;
  ms: number;
}

export type RebuildProgress = (done: number, total: number) => void;

export interface StoredImage {
  data: Buffer;
  ext: ImageExt;
}

/**
 * The history: one JSON file per result (the source of truth, written atomically) with its image,
 * and a SQLite index over them for listing and search that can be rebuilt from the files.
 * Writes go one at a time, so a correction and a re-run of the same result never interleave.
 */
export class ResultStore {
  readonly paths: DataPaths;
  private readonly logger: Logger;
  private index: IndexDb;
  private queue: Promise<unknown> = Promise.resolve();
  /** The report of the rebuild done while opening, when there was one. */
  openRebuild: RebuildReport | null = null;

  private constructor(paths: DataPaths, index: IndexDb, logger: Logger) {
    this.paths = paths;
    this.index = index;
    this.logger = logger;
  }

  static async open(home: string, options: { logger?: Logger } = {}): Promise<ResultStore> {
    const logger = options.logger ?? silentLogger;
    const paths = dataPaths(home);
    await mkdir(paths.results, { recursive: true });
    await mkdir(paths.images, { recursive: true });
    let opened: { index: IndexDb; needsRebuild: boolean };
    try {
      opened = IndexDb.open(paths.index);
    } catch (error) {
      // The index is only a cache of the files: a damaged one is replaced, never a reason to fail.
      logger.warn(`The result index ${paths.index} cannot be opened; rebuilding it from the files.`, error);
      await removeIndexFiles(paths.index);
      opened = IndexDb.open(paths.index);
    }
    const store = new ResultStore(paths, opened.index, logger);
    if (opened.needsRebuild) {
      logger.info(`Building the result index from ${paths.results}.`);
      store.openRebuild = await store.rebuildIndex();
    } else {
      await store.cleanRecentTemps();
    }
    return store;
  }

  close(): void {
    this.index.close();
  }

  /** Runs writes one after another; a failed one does not block those behind it. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private resultFile(id: string): string {
    return path.join(this.paths.results, resultRelPath(id));
  }

  /**
   * Temp files are left only by a crash mid-write, almost always of a new result: those sit in
   * images/ and in the newest month folders. Older folders are cleaned by a rebuild, so opening
   * never walks the whole history.
   */
  private async cleanRecentTemps(): Promise<void> {
    let removed = await removeTempFiles(this.paths.images);
    const years = (await readdir(this.paths.results).catch(() => [] as string[])).filter((n) =>
      /^\d{4}$/.test(n),
    );
    const months: string[] = [];
    for (const year of years.sort().slice(-2)) {
      const inYear = await readdir(path.join(this.paths.results, year)).catch(() => [] as string[]);
      for (const month of inYear.filter((n) => /^\d{2}$/.test(n))) months.push(path.join(year, month));
    }
    for (const month of months.sort().slice(-2))
      removed += await removeTempFiles(path.join(this.paths.results, month));
    if (removed > 0) this.logger.info(`Removed ${removed} temp file(s) left by an interrupted write.`);
  }

  /**
   * Stores a new result (or overwrites one with the same id): the image first, then the JSON, then
   * the index row, so a file that is visible always has its image. Returns the result as stored,
   * with image.path pointing at the stored image when one was given.
   */
  async save(result: Result, image?: StoredImage): Promise<Result> {
    const stored = parseResult(structuredClone(result));
    return this.serial(() => this.write(stored, image));
  }

  /** Rewrites an existing result, e.g. after a re-run; its image is kept unless a new one is given. */
  async replace(result: Result, image?: StoredImage): Promise<Result> {
    const stored = parseResult(structuredClone(result));
    return this.serial(async () => {
      if (!(await this.readById(stored.id))) throw usageError(`There is no result ${stored.id} to replace.`);
      return this.write(stored, image);
    });
  }

  private async write(result: Result, image?: StoredImage): Promise<Result> {
    if (image) {
      const file = imageFile(this.paths.images, result.id, image.ext);
      await writeFileAtomic(file, image.data);
      // A re-run may bring the other format: the old image would be an orphan.
      for (const ext of IMAGE_EXTS)
        if (ext !== image.ext) await rm(imageFile(this.paths.images, result.id, ext), { force: true });
      result.image.path = file;
    }
    const rel = resultRelPath(result.id);
    const file = path.join(this.paths.results, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, serializeResult(result));
    this.indexWrite(() => this.index.upsert(result, rel), result.id);
    return result;
  }

  /**
   * The file is written, so the result is safe; if the index cannot follow, it is marked stale so
   * the next open rebuilds it, rather than failing a save that did happen.
   */
  private indexWrite(work: () => void, id: string): void {
    try {
      work();
    } catch (error) {
      this.logger.error(
        `The result index could not be updated for ${id}; it will be rebuilt on next start.`,
        error,
      );
      try {
        this.index.db.exec('PRAGMA user_version = 0');
      } catch {
        // Nothing more to do: a missing or broken index is rebuilt on open anyway.
      }
    }
  }

  private async readById(id: string): Promise<Result | null> {
    if (!ResultId.safeParse(id).success) return null;
    return this.readFile(this.resultFile(id));
  }

  private async readFile(file: string): Promise<Result | null> {
    const outcome = await readResultFile(file);
    if (outcome.ok) return outcome.result;
    if (!outcome.reason.includes('ENOENT')) this.logger.warn(`Skipping ${file}: ${outcome.reason}`);
    return null;
  }

  /** The full result, read from its file (the source of truth); null when there is none. */
  get(id: string): Promise<Result | null> {
    return this.readById(id);
  }

  /** A page of summaries, newest first, from the index alone: no result file is read. */
  list(options: ListOptions = {}): ListPage {
    const { limit, offset, before, ...filter } = options;
    return {
      items: this.index.list(filter, { limit, offset, before }),
      total: this.index.count(filter),
    };
  }

  /** Full-text search over field values and profile names; every word matches as a prefix. */
  search(query: string, options: Omit<ListOptions, 'search'> = {}): ListPage {
    return this.list({ ...options, search: query });
  }

  count(filter: ListFilter = {}): number {
    return this.index.count(filter);
  }

  /**
   * A person's correction. The extracted value is kept in fieldMeta[key].original (only the
   * first time: a second edit keeps what the extraction said), with editedAt.
   */
  async update(id: string, patch: Record<string, FieldValue>, now: Date = new Date()): Promise<Result> {
    const values = Object.entries(patch).map(([key, value]) => [key, FieldValue.parse(value)] as const);
    return this.serial(async () => {
      const result = await this.readById(id);
      if (!result) throw usageError(`There is no result ${id} to correct.`);
      let changed = false;
      for (const [key, value] of values) {
        const before = result.fields[key] ?? null;
        if (isDeepStrictEqual(before, value)) continue;
        const meta = result.fieldMeta[key] ?? {};
        if (meta.original === undefined) meta.original = before;
        meta.editedAt = now.toISOString();
        result.fieldMeta[key] = meta;
        result.fields[key] = value;
        changed = true;
      }
      if (!changed) return result;
      return this.write(parseResult(result));
    });
  }

  /** Changes the status (e.g. a pending result that has been run); `error` is cleared on "ok". */
  setStatus(id: string, status: ResultStatus, error?: string): Promise<Result> {
    return this.serial(async () => {
      const result = await this.readById(id);
      if (!result) throw usageError(`There is no result ${id}.`);
      result.status = status;
      if (error !== undefined) result.error = error;
      else if (status === 'ok') delete result.error;
      return this.write(parseResult(result));
    });
  }

  /**
   * Removes a result's stored image and keeps the result (Settings > Capture > keep screenshots
   * off): its size and hash stay as a record of what was read, its path becomes empty.
   */
  dropImage(id: string): Promise<Result> {
    return this.serial(async () => {
      const result = await this.readById(id);
      if (!result) throw usageError(`There is no result ${id}.`);
      for (const ext of IMAGE_EXTS) await rm(imageFile(this.paths.images, id, ext), { force: true });
      result.image.path = '';
      return this.write(result);
    });
  }

  /** Removes the result file, its image and its index row; false when there was nothing. */
  delete(id: string): Promise<boolean> {
    return this.serial(async () => {
      if (!ResultId.safeParse(id).success) return false;
      const file = this.resultFile(id);
      let existed = false;
      try {
        await rm(file);
        existed = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      for (const ext of IMAGE_EXTS) await rm(imageFile(this.paths.images, id, ext), { force: true });
      let removed = false;
      this.indexWrite(() => {
        removed = this.index.remove(id);
      }, id);
      return existed || removed;
    });
  }

  /**
   * Deletes every result and its image (Settings > Privacy > Delete all data). Only files named as
   * results are removed: anything foreign in the folders stays where it is, as everywhere else.
   */
  deleteAll(): Promise<number> {
    return this.serial(async () => {
      const walked = await walkResults(this.paths.results);
      for (const found of walked.files) {
        await rm(found.path, { force: true });
        const id = path.basename(found.path, '.json');
        for (const ext of IMAGE_EXTS) await rm(imageFile(this.paths.images, id, ext), { force: true });
      }
      this.index.begin();
      try {
        this.index.resetSchema();
        this.index.finishSchema();
        this.index.commit();
      } catch (error) {
        this.index.rollback();
        throw error;
      }
      this.logger.info(`Deleted all data: ${walked.files.length} result(s) and their images.`);
      return walked.files.length;
    });
  }

  /** Streams the results matching a filter into a CSV, JSON or JSON Lines file; returns the count. */
  export(options: ExportOptions): Promise<number> {
    return exportResults(
      { index: this.index, resultsDir: this.paths.results, readResult: (file) => this.readFile(file) },
      options,
    );
  }

  /**
   * Rebuilds the index from the files, in one transaction: readers see the old index until it
   * commits. Files that are not valid results are reported and skipped, never deleted.
   */
  rebuildIndex(onProgress?: RebuildProgress): Promise<RebuildReport> {
    return this.serial(async () => {
      const started = performance.now();
      const walked = await walkResults(this.paths.results);
      const tempRemoved = walked.tempRemoved + (await removeTempFiles(this.paths.images));
      const skipped = [...walked.skipped];
      const total = walked.files.length;
      let indexed = 0;
      this.index.begin();
      try {
        this.index.resetSchema();
        for await (const batch of readForIndex(walked.files)) {
          for (const row of batch.rows) this.index.insertRow(row);
          indexed += batch.rows.length;
          skipped.push(...batch.skipped);
          onProgress?.(indexed + skipped.length - walked.skipped.length, total);
        }
        this.index.finishSchema();
        this.index.commit();
      } catch (error) {
        this.index.rollback();
        throw error;
      }
      for (const s of skipped)
        this.logger.warn(`Not a result, skipped (left in place): ${s.path}: ${s.reason}`);
      const report = { indexed, skipped, tempRemoved, ms: performance.now() - started };
      this.logger.info(
        `Result index rebuilt: ${indexed} result(s) in ${Math.round(report.ms)} ms, ${skipped.length} skipped.`,
      );
      return report;
    });
  }
}

async function removeIndexFiles(file: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm']) await rm(`${file}${suffix}`, { force: true });
}
