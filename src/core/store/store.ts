import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants, existsSync } from 'node:fs';
import { access, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { backup } from 'node:sqlite';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { UserError, usageError, userError } from '../../shared/errors.ts';
import { message, say } from '../../shared/messages/catalogue.ts';
import type { Message } from '../../shared/messages/message.ts';
import { storedError } from '../../shared/stored-error.ts';
import { idTime, ResultId } from '../../shared/ids.ts';
import {
  asTable,
  FieldValue,
  parseResult,
  RESULT_VERSION,
  type FieldMeta,
  type Result,
} from '../../shared/result.ts';
import { parseCellKey } from '../../shared/roles.ts';
import { processAlive, TEMP_GRACE_MS, tempOwner, writeFileAtomic } from '../atomic.ts';
import { silentLogger, type Logger } from '../log.ts';
import { dataPaths, type DataPaths } from '../paths.ts';
import { exportResults, type ExportOptions } from './export.ts';
import {
  ID_NAME,
  IMAGE_EXTS,
  imageFile,
  isTempFile,
  listDirSync,
  monthFoldersSync,
  readResultFile,
  readResultFileSync,
  removeStaleTemps,
  resolveImagePath,
  resultRelPath,
  serializeResult,
  storedImagePath,
  walkResults,
  type FoundFile,
  type ImageExt,
  type Skipped,
} from './files.ts';
import { readForIndex } from './rebuild-read.ts';
import {
  IndexDb,
  BUSY_TIMEOUT_MS,
  isCorruption,
  isReadOnlyError,
  sqliteCode,
  type ListFilter,
  type OpenedIndex,
  type PageOptions,
  type ResultSummary,
} from './index-db.ts';
import { indexRow } from './index-row.ts';
import { Claims } from './claims.ts';
import { byResult, Journal, type JournalOp, type Marker } from './journal.ts';

export type { ResultSummary, ListFilter } from './index-db.ts';
export type { ExportOptions } from './export.ts';

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
  /** Leftover temp files of interrupted writes that were removed (never a live writer's). */
  tempRemoved: number;
  /** Images that had no result (a capture interrupted by an older build), kept as failed results. */
  recovered: string[];
  ms: number;
}

export interface CatchUpReport {
  /** Results whose index row was made to match their file after an interrupted write. */
  settled: number;
  /** Results written from the journal: their image was stored, their result file never was. */
  recovered: string[];
  /** Rows added for result files the index lacked, and removed for files that are gone. */
  added: number;
  removed: number;
  /** Month folders whose names were read because their mtime had changed. */
  monthsChecked: number;
  ms: number;
}

export type RebuildProgress = (done: number, total: number) => void;

export interface StoredImage {
  data: Buffer;
  ext: ImageExt;
}

/** What a result id names on disk: a result, nothing, or a file that is not a valid result. */
export type Inspection =
  { state: 'ok'; result: Result } | { state: 'missing' } | { state: 'damaged'; file: string; reason: string };

/** Thrown by a query while a damaged index is being rebuilt; fetchPage waits for it instead. */
export class IndexRepairingError extends UserError {
  constructor(cause?: unknown) {
    super({ code: 'store.repairing' }, { cause });
    this.name = 'IndexRepairingError';
  }
}

/** A folder mtime this recent may not yet show a rename made in the same clock tick: check again. */
const RACY_MTIME_MS = 3000;
/** How long a rebuild waits for another process's rebuild of the same index to finish. */
const REBUILD_WAIT_MS = 10 * 60_000;
/** Where a recovered capture's profile is unknown; retrying it asks for --profile. */
const UNKNOWN_PROFILE = { id: 'unknown', name: 'Unknown profile' };

function fsReadOnly(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
}

function settledMtime(mtimeNs: bigint, now: number): string {
  return now - Number(mtimeNs / 1_000_000n) > RACY_MTIME_MS ? String(mtimeNs) : '';
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Whether the data home can be written: its folders exist (or can be made) and are writable. */
async function writableHome(paths: DataPaths): Promise<boolean> {
  try {
    await mkdir(paths.results, { recursive: true });
    await mkdir(paths.images, { recursive: true });
    for (const dir of [paths.home, paths.results, paths.images]) await access(dir, fsConstants.W_OK);
    if (existsSync(paths.index)) await access(paths.index, fsConstants.W_OK);
    return true;
  } catch (error) {
    if (fsReadOnly(error)) return false;
    throw error;
  }
}

/**
 * The history: one JSON file per result (the source of truth, written atomically) with its image,
 * and a SQLite index over them for listing and search that can be rebuilt from the files.
 *
 * The CLI and the app share one data home, so several processes read and write it at once. What
 * keeps that safe: temp files are removed only when their writer is gone (atomic.ts); every change
 * is recorded in a journal before it starts and cleared once the index has it (journal.ts), so the
 * next open settles the changes a killed process left half done; each month folder's mtime is kept
 * in the index, so a file the index lacks is noticed with one stat per month; a damaged index is
 * rebuilt from the files; and a read-only data home is read without writing anything.
 *
 * Writes in one process go one at a time, so a correction and a re-run of the same result never
 * interleave.
 */
export class ResultStore {
  readonly paths: DataPaths;
  /** The data home cannot be written: reads work (from the index read-only, or one in memory). */
  readonly readOnly: boolean;
  private readonly logger: Logger;
  private index: IndexDb;
  private readonly journal: Journal;
  private readonly claims: Claims;
  /** This process's journal markers of changes under way. */
  private readonly live = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  /** An index write of this process failed: its markers are settled before the next change. */
  private behind = false;
  private repairing: Promise<void> | null = null;
  private closed = false;
  /** The report of the rebuild done while opening, when there was one. */
  openRebuild: RebuildReport | null = null;
  /** What the catch-up done while opening found, when it found anything. */
  openCatchUp: CatchUpReport | null = null;
  /** Set when a damaged index was found and rebuilt: the CLI says it. */
  repairedMessage: Message | null = null;

  /** The same in English, as the log has it. */
  get repaired(): string | null {
    return this.repairedMessage && say('en', this.repairedMessage);
  }

  private readonly busyMs: number;

  private constructor(paths: DataPaths, index: IndexDb, logger: Logger, readOnly: boolean, busyMs: number) {
    this.paths = paths;
    this.index = index;
    this.logger = logger;
    this.readOnly = readOnly;
    this.busyMs = busyMs;
    this.journal = new Journal(path.join(paths.home, 'journal'));
    this.claims = new Claims(path.join(paths.home, 'journal', 'claims'));
  }

  /** Where listing and search read from: index.sqlite, the same read-only, or an index in memory. */
  get indexSource(): 'file' | 'file (read-only)' | 'memory' {
    return this.index.inMemory ? 'memory' : this.index.readOnly ? 'file (read-only)' : 'file';
  }

  private get resolveImage(): (stored: string, id: string) => string {
    const home = this.paths.home;
    return (stored, id) => resolveImagePath(home, stored, id);
  }

  static async open(
    home: string,
    options: { logger?: Logger; busyTimeoutMs?: number } = {},
  ): Promise<ResultStore> {
    const logger = options.logger ?? silentLogger;
    const paths = dataPaths(home);
    const resolve = (stored: string, id: string) => resolveImagePath(home, stored, id);
    if (!(await writableHome(paths))) return ResultStore.openReadOnly(paths, logger);
    const busyMs = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
    let opened: OpenedIndex;
    let damaged: unknown = null;
    try {
      opened = IndexDb.open(paths.index, resolve, busyMs);
    } catch (error) {
      if (isReadOnlyError(error)) return ResultStore.openReadOnly(paths, logger);
      // Busy, locked, I/O: the file is fine and another process has it. Never replaced for those.
      if (!isCorruption(error)) throw error;
      damaged = error;
      opened = { index: IndexDb.memory(resolve), needsRebuild: false };
    }
    const store = new ResultStore(paths, opened.index, logger, false, busyMs);
    if (damaged !== null) await store.repair(damaged);
    try {
      if (opened.needsRebuild && damaged === null) {
        logger.info(`Building the result index from ${paths.results}.`);
        store.openRebuild = await store.rebuildIndex(undefined, { unlessCurrent: true });
      }
      await store.openingCatchUp();
    } catch (error) {
      // A file whose first page reads but whose tables do not: found by the first real query.
      if (!isCorruption(error)) throw error;
      await store.repair(error);
      await store.openingCatchUp();
    }
    return store;
  }

  private async openingCatchUp(): Promise<void> {
    let caught: CatchUpReport;
    try {
      caught = await this.catchUp();
    } catch (error) {
      // Busy (another process holds the index for long: a rebuild), or any other reason: the
      // index may lag a little until the next open, which is no reason to refuse this one.
      if (isCorruption(error)) throw error;
      this.logger.warn('The result index could not catch up with the files now; it will next time.', error);
      return;
    }
    if (caught.settled + caught.added + caught.removed > 0) this.openCatchUp = caught;
  }

  /**
   * A data home that cannot be written: the index is read as it is when it is current and nothing
   * says it lags behind the files; otherwise one is built in memory from the files. Nothing on disk
   * is touched (no temp cleanup, no journal, no index file).
   */
  private static async openReadOnly(paths: DataPaths, logger: Logger): Promise<ResultStore> {
    const resolve = (stored: string, id: string) => resolveImagePath(paths.home, stored, id);
    let index: IndexDb | null = null;
    if (existsSync(paths.index)) {
      try {
        const opened = IndexDb.openReadOnly(paths.index, resolve);
        if (opened.needsRebuild || ResultStore.lags(opened.index, paths)) opened.index.close();
        else index = opened.index;
      } catch (error) {
        logger.info(`The result index ${paths.index} cannot be read here; reading the files instead.`, error);
      }
    }
    const store = new ResultStore(paths, index ?? IndexDb.memory(resolve), logger, true, BUSY_TIMEOUT_MS);
    if (!index) store.openRebuild = await store.rebuildIndex();
    return store;
  }

  /** Whether the files say the index lacks something: a journal marker, or a month folder changed. */
  private static lags(index: IndexDb, paths: DataPaths): boolean {
    try {
      // Any marker at all: no process can be writing here, so each is a change left half done.
      if (listDirSync(path.join(paths.home, 'journal')).some((e) => e.name.endsWith('.json'))) return true;
      const recorded = index.folders();
      const disk = monthFoldersSync(paths.results);
      if (disk.length !== recorded.size) return true;
      return disk.some((f) => recorded.get(f.month) !== String(f.mtimeNs));
    } catch {
      return true;
    }
  }

  close(): void {
    this.closed = true;
    closeQuietly(this.index);
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

  /** The sentence for a change refused because the data home cannot be written. */
  private readOnlyError(cause?: unknown): UserError {
    return userError('store.readOnly', { home: this.paths.home }, { cause });
  }

  /**
   * The right to run result `id` again, held across processes until released (see claims.ts);
   * null while another running Extracto holds it.
   */
  claim(id: string): Promise<(() => Promise<void>) | null> {
    this.assertWritable();
    return this.claims.take(id);
  }

  /** Throws the read-only sentence when nothing can be saved here (say it before the work, not after). */
  assertWritable(): void {
    if (this.readOnly) throw this.readOnlyError();
  }

  /** A change to the files: refused on a read-only home, and a refusal by the OS said as one. */
  private async change<T>(work: () => Promise<T>): Promise<T> {
    this.assertWritable();
    try {
      if (this.behind)
        await this.settleJournal().catch((error: unknown) => {
          if (fsReadOnly(error)) throw error;
          this.logger.warn('Interrupted changes could not be settled yet; trying again later.', error);
        });
      return await work();
    } catch (error) {
      if (fsReadOnly(error)) throw this.readOnlyError(error);
      throw error;
    }
  }

  /**
   * Stores a new result (or overwrites one with the same id): the image first, then the JSON, then
   * the index row, so a file that is visible always has its image. Returns the result as stored,
   * with image.path pointing at the stored image when one was given.
   */
  async save(result: Result, image?: StoredImage): Promise<Result> {
    const stored = parseResult(structuredClone(result));
    return this.serial(() => this.change(() => this.write(stored, image)));
  }

  /** Rewrites an existing result, e.g. after a re-run; its image is kept unless a new one is given. */
  async replace(result: Result, image?: StoredImage): Promise<Result> {
    const stored = parseResult(structuredClone(result));
    return this.serial(() =>
      this.change(async () => {
        if (!(await this.readById(stored.id))) throw usageError('store.noResultToReplace', { id: stored.id });
        return this.write(stored, image);
      }),
    );
  }

  /** The result as this process sees it: its image path resolved in this data home. */
  private fromStored(result: Result): Result {
    result.image.path = resolveImagePath(this.paths.home, result.image.path, result.id);
    return result;
  }

  private async write(result: Result, image?: StoredImage): Promise<Result> {
    const stored = structuredClone(result);
    stored.image.path = image
      ? `images/${result.id}.${image.ext}`
      : storedImagePath(this.paths.home, result.image.path);
    const rel = resultRelPath(stored.id);
    const marker = await this.journal.begin(stored.id, { op: 'write', result: stored });
    this.live.add(marker);
    try {
      if (image) await writeFileAtomic(imageFile(this.paths.images, stored.id, image.ext), image.data);
      const file = path.join(this.paths.results, rel);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, serializeResult(stored));
      // A re-run may bring the other format: the old image would be an orphan.
      if (image)
        for (const ext of IMAGE_EXTS)
          if (ext !== image.ext) await rm(imageFile(this.paths.images, stored.id, ext), { force: true });
      // The row is made from the file as it is now, under the index's lock: should another process
      // write this result at the same moment, the index ends up with whichever file won the rename.
      if (this.indexFromFiles([stored.id])) await this.journal.end(marker);
    } finally {
      // A marker left behind (a failed step) is settled by the next catch-up, here or elsewhere.
      this.live.delete(marker);
    }
    return this.fromStored(stored);
  }

  /**
   * The file is written, so the result is safe; if the index cannot follow, the journal marker
   * stays and the index is brought up to date later (before this process's next change, or by the
   * next process to open the store). A damaged index is rebuilt.
   */
  private indexWrite(work: () => void, id: string): boolean {
    if (this.repairing || this.closed) {
      this.behind = true;
      return false;
    }
    try {
      work();
      return true;
    } catch (error) {
      if (isCorruption(error)) {
        void this.repair(error).catch(() => undefined);
      } else {
        this.behind = true;
        this.logger.error(
          `The result index could not be updated for ${id}; it will catch up with the files.`,
          error,
        );
      }
      return false;
    }
  }

  private async readById(id: string): Promise<Result | null> {
    if (!ResultId.safeParse(id).success) return null;
    return this.readFile(this.resultFile(id));
  }

  private async readFile(file: string): Promise<Result | null> {
    const outcome = await readResultFile(file);
    if (outcome.ok) return this.fromStored(outcome.result);
    if (!outcome.missing) this.logger.warn(`Skipping ${file}: ${outcome.reason}`);
    return null;
  }

  /** The full result, read from its file (the source of truth); null when there is none. */
  get(id: string): Promise<Result | null> {
    return this.readById(id);
  }

  /** What there is under an id: the result, nothing, or a damaged file (where, and why). */
  async inspect(id: string): Promise<Inspection> {
    if (!ResultId.safeParse(id).success) return { state: 'missing' };
    const file = this.resultFile(id);
    const outcome = await readResultFile(file);
    if (outcome.ok) return { state: 'ok', result: this.fromStored(outcome.result) };
    if (outcome.missing) return { state: 'missing' };
    return { state: 'damaged', file, reason: outcome.reason };
  }

  /**
   * The result, or the sentence that says why not: there is none, or its file is damaged (where,
   * and that it was left as it is).
   */
  async require(id: string): Promise<Result> {
    const found = await this.inspect(id);
    if (found.state === 'ok') return found.result;
    if (found.state === 'missing') throw usageError('store.noResult', { id });
    throw damagedError(id, found);
  }

  /** Runs a query on the index; a damaged index is rebuilt (in the background) and said so. */
  private query<T>(run: () => T): T {
    if (this.repairing) throw new IndexRepairingError();
    try {
      return run();
    } catch (error) {
      if (!isCorruption(error)) throw error;
      void this.repair(error).catch(() => undefined);
      throw new IndexRepairingError(error);
    }
  }

  /** A page of summaries, newest first or in `sort`'s order, from the index alone: no result file is read. */
  list(options: ListOptions = {}): ListPage {
    const { limit, offset, before, sort, ...filter } = options;
    return this.query(() => ({
      items: this.index.list(filter, { limit, offset, before, sort }),
      total: this.index.count(filter),
    }));
  }

  /**
   * The same page as list(), for callers that can wait: when the index turns out to be damaged,
   * it is rebuilt from the files first and the page is asked again.
   */
  async fetchPage(options: ListOptions = {}): Promise<ListPage> {
    if (this.repairing) await this.repairing;
    try {
      return this.list(options);
    } catch (error) {
      if (!(error instanceof IndexRepairingError) || !this.repairing) throw error;
      await this.repairing;
      return this.list(options);
    }
  }

  count(filter: ListFilter = {}): number {
    return this.query(() => this.index.count(filter));
  }

  /**
   * A person's correction. The extracted value is kept in fieldMeta[key].original (only the
   * first time: a second edit keeps what the extraction said), with editedAt; for a table, the
   * rows as extracted, whatever cell or row changed. `recheck` gives the result's checks for its
   * new values (AppService.correct passes the profile's), run inside the same write.
   */
  async update(
    id: string,
    patch: Record<string, FieldValue>,
    options: { now?: Date; recheck?: (result: Result) => Result['checks'] } = {},
  ): Promise<Result> {
    const now = options.now ?? new Date();
    const values = Object.entries(patch).map(([key, value]) => [key, FieldValue.parse(value)] as const);
    return this.serial(() =>
      this.change(async () => {
        const result = await this.readById(id);
        if (!result) throw usageError('store.noResultToCorrect', { id });
        let changed = false;
        for (const [key, value] of values) {
          const before = result.fields[key] ?? null;
          if (isDeepStrictEqual(before, value)) continue;
          const meta = result.fieldMeta[key] ?? {};
          if (meta.original === undefined) meta.original = before;
          meta.editedAt = now.toISOString();
          result.fieldMeta[key] = meta;
          result.fields[key] = value;
          forgetChangedCells(result.fieldMeta, key, before, value);
          changed = true;
        }
        if (!changed) return result;
        const checks = options.recheck?.(result);
        if (checks !== undefined) {
          if (checks.length > 0) result.checks = checks;
          else delete result.checks;
        }
        return this.write(parseResult(result));
      }),
    );
  }

  /**
   * A person's confirmation that values (fields, or cells as `items[2].amount`) are right as read:
   * fieldMeta[key].reviewedAt, the values untouched, so they no longer need review. The index row
   * is written again with the result, so the list's review flag follows.
   */
  async confirm(id: string, keys: readonly string[], options: { now?: Date } = {}): Promise<Result> {
    const now = (options.now ?? new Date()).toISOString();
    return this.serial(() =>
      this.change(async () => {
        const result = await this.readById(id);
        if (!result) throw usageError('store.noResult', { id });
        for (const key of keys) {
          // Only values the result has: a typo must not leave a meta entry for nothing.
          if (!(key in result.fieldMeta) && !(key in result.fields))
            throw usageError('store.noValueToConfirm', { id, key });
          result.fieldMeta[key] = { ...result.fieldMeta[key], reviewedAt: now };
        }
        return this.write(parseResult(result));
      }),
    );
  }

  /**
   * Removes a result's stored image and keeps the result (Settings > Capture > keep screenshots
   * off): its size and hash stay as a record of what was read, its path becomes empty.
   */
  dropImage(id: string): Promise<Result> {
    return this.serial(() =>
      this.change(async () => {
        const result = await this.readById(id);
        if (!result) throw usageError('store.noResult', { id });
        for (const ext of IMAGE_EXTS) await rm(imageFile(this.paths.images, id, ext), { force: true });
        result.image.path = '';
        return this.write(result);
      }),
    );
  }

  /**
   * Removes the result file, its image and its index row; false when there was nothing. The image
   * goes first: a delete cut short leaves a result without its image, never an image that a later
   * recovery would bring back as a result.
   */
  delete(id: string): Promise<boolean> {
    return this.serial(() =>
      this.change(async () => {
        if (!ResultId.safeParse(id).success) return false;
        const marker = await this.journal.begin(id, { op: 'delete' });
        this.live.add(marker);
        try {
          const existed = await this.removeFiles(id);
          let removed = false;
          if (
            this.indexWrite(() => {
              removed = this.index.remove(id);
            }, id)
          )
            await this.journal.end(marker);
          return existed || removed;
        } finally {
          this.live.delete(marker);
        }
      }),
    );
  }

  /** Removes a result's image(s), then its file; says whether there was a file. */
  private async removeFiles(id: string): Promise<boolean> {
    for (const ext of IMAGE_EXTS) await rm(imageFile(this.paths.images, id, ext), { force: true });
    try {
      await rm(this.resultFile(id));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return false;
    }
  }

  /**
   * Deletes every result and its image (Settings > Privacy > Delete all data). Only files named as
   * results are removed: anything foreign in the folders stays where it is, as everywhere else.
   */
  deleteAll(): Promise<number> {
    return this.serial(() =>
      this.change(async () => {
        const walked = await walkResults(this.paths.results);
        for (const found of walked.files) await this.removeFiles(path.basename(found.path, '.json'));
        // Journal markers hold what was being saved (values included): they go too.
        for (const name of await readdir(this.journal.dir).catch(() => [] as string[]))
          if (name.endsWith('.json')) await rm(path.join(this.journal.dir, name), { force: true });
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
      }),
    );
  }

  /** Streams the results matching a filter into a CSV, JSON or JSON Lines file; returns the count. */
  async export(options: ExportOptions): Promise<number> {
    const run = () =>
      exportResults(
        { index: this.index, resultsDir: this.paths.results, readResult: (file) => this.readFile(file) },
        options,
      );
    if (this.repairing) await this.repairing;
    try {
      return await run();
    } catch (error) {
      if (!isCorruption(error)) throw error;
      await this.repair(error);
      return run();
    }
  }

  /**
   * Brings the index up to date with the files, cheaply: settles the journal markers that no
   * running change owns (a process killed between a file and the index, or an index write that
   * failed), then compares each month folder's mtime with the one recorded and, for those that
   * changed, the names in the folder with the ids in the index. Run on every open; the app may run
   * it again at any time (when the history window is shown, say).
   */
  catchUp(): Promise<CatchUpReport> {
    return this.serial(async () => {
      const started = performance.now();
      const report: CatchUpReport = {
        settled: 0,
        recovered: [],
        added: 0,
        removed: 0,
        monthsChecked: 0,
        ms: 0,
      };
      if (this.readOnly || this.closed) return report;
      if (this.repairing) await this.repairing;
      await this.settleJournal(report);
      const recorded = this.index.folders();
      const disk = monthFoldersSync(this.paths.results);
      const seen = new Set<string>();
      for (const { month, mtimeNs } of disk) {
        seen.add(month);
        if (recorded.get(month) === String(mtimeNs)) continue;
        await this.reconcileMonth(month, mtimeNs, report);
      }
      for (const month of recorded.keys())
        if (!seen.has(month)) await this.reconcileMonth(month, null, report);
      report.ms = performance.now() - started;
      if (report.settled + report.added + report.removed > 0)
        this.logger.info(
          `The result index caught up with the files: ${report.settled} interrupted change(s) settled (${report.recovered.length} recovered), ${report.added} added, ${report.removed} removed.`,
        );
      return report;
    });
  }

  /** Settles the journal markers left behind (see catchUp). */
  private async settleJournal(report?: CatchUpReport): Promise<void> {
    this.behind = false;
    const markers = await this.journal.leftovers((file) => this.live.has(file));
    if (markers.length > 0) await this.removeImageTemps(markers);
    for (const [id, group] of byResult(markers)) {
      const last = group.at(-1)!;
      const recovered = await this.settle(id, last.entry);
      if (recovered === null) {
        this.behind = true; // the index could not take it: leave the markers for next time
        continue;
      }
      if (report) {
        report.settled++;
        if (recovered) report.recovered.push(id);
      }
      for (const marker of group) await this.journal.end(marker.file);
    }
  }

  /**
   * The image temp files of interrupted writes (a process killed while its capture was being
   * stored), which no month walk sees: images/ is one folder, read here only when the journal has
   * leftovers. A temp file goes when its result has a leftover marker of the same process and that
   * process is gone; any other is left to removeStaleTemps' age rule.
   */
  private async removeImageTemps(markers: readonly Marker[]): Promise<void> {
    if (this.readOnly) return;
    const gone = new Set(markers.filter((m) => !processAlive(m.pid)).map((m) => `${m.id}:${m.pid}`));
    if (gone.size === 0) return;
    const names = await readdir(this.paths.images).catch(() => [] as string[]);
    for (const name of names) {
      if (!isTempFile(name)) continue;
      const id = name.slice(1, name.indexOf('.', 1));
      if (gone.has(`${id}:${tempOwner(name)}`)) await rm(path.join(this.paths.images, name), { force: true });
    }
  }

  /**
   * Makes the index match the files for one result after an interrupted change: what is on disk is
   * indexed; a delete is completed; a write whose result file never appeared is written from the
   * journal when its image is there (the capture is kept as the result it was about to be). Returns
   * whether a result was recovered that way; null when the index could not be written.
   */
  private async settle(id: string, entry: JournalOp | null): Promise<boolean | null> {
    const file = this.resultFile(id);
    if (entry?.op === 'delete') {
      await this.removeFiles(id);
      return this.indexFromFiles([id]) ? false : null;
    }
    const outcome = await readResultFile(file);
    if (!outcome.ok && outcome.missing && entry?.op === 'write') {
      const parsed = safeResult(entry.result);
      const image = parsed ? resolveImagePath(this.paths.home, parsed.image.path, id) : '';
      if (parsed && parsed.id === id && image !== '' && existsSync(image)) {
        const stored = structuredClone(parsed);
        stored.image.path = storedImagePath(this.paths.home, image);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFileAtomic(file, serializeResult(stored));
        this.logger.warn(
          `Result ${id} was being saved when its process stopped; its image was kept, and the result is restored as it was about to be saved (status "${stored.status}").`,
        );
        return this.indexFromFiles([id]) ? true : null;
      }
    }
    if (!outcome.ok && !outcome.missing)
      this.logger.warn(`Not a result, left in place: ${file}: ${outcome.reason}`);
    return this.indexFromFiles([id]) ? false : null;
  }

  /**
   * Makes the index rows of these ids what their files say now. The files are read while the
   * index's write lock is held: a writer that renames a newer file before the read is read here,
   * and one that renames after it writes its own row after this one (it waits for the lock), so a
   * row never goes back to older content. Returns how many rows were put and dropped, or null
   * when the index could not be written.
   */
  private indexFromFiles(ids: readonly string[]): { put: number; dropped: number } | null {
    let counts = { put: 0, dropped: 0 };
    const ok = this.indexWrite(() => {
      this.index.begin();
      try {
        counts = { put: 0, dropped: 0 };
        for (const id of ids) {
          const outcome = readResultFileSync(this.resultFile(id));
          if (outcome.ok) {
            this.index.putRow(indexRow(outcome.result, resultRelPath(id), this.paths.home), id);
            counts.put++;
          } else if (this.index.dropRow(id)) counts.dropped++;
        }
        this.index.commit();
      } catch (error) {
        this.index.rollback();
        throw error;
      }
    }, ids[0] ?? '');
    return ok ? counts : null;
  }

  /**
   * One month folder whose mtime changed: rows are added for result files the index lacks and
   * removed for files that are gone; leftover temp files there are cleaned. The mtime taken before
   * the names were read is recorded (unless it is too recent to be trusted), so a file renamed in
   * meanwhile is seen on the next open. The index's ids are taken before the folder's names: a
   * row is only ever written after its file is in place, so an id indexed then and missing from
   * the folder later is a file that was deleted, never one renamed in between.
   */
  private async reconcileMonth(month: string, mtimeNs: bigint | null, report: CatchUpReport): Promise<void> {
    report.monthsChecked++;
    const dir = path.join(this.paths.results, ...month.split('/'));
    const [year, mm] = month.split('/') as [string, string];
    const indexed = new Set(this.index.monthIds(month));
    let names: string[] = [];
    if (mtimeNs !== null) {
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    const onDisk = new Set(
      names
        .filter((n) => ID_NAME.test(n) && n.slice(0, 4) === year && n.slice(4, 6) === mm)
        .map((n) => n.slice(0, -5)),
    );
    const differ = [...onDisk].filter((id) => !indexed.has(id));
    for (const id of indexed) if (!onDisk.has(id)) differ.push(id);
    const counts = differ.length > 0 ? this.indexFromFiles(differ) : { put: 0, dropped: 0 };
    if (counts === null) return; // the index cannot be written now: the folder stays unrecorded
    this.index.begin();
    try {
      if (mtimeNs === null) this.index.removeFolder(month);
      else this.index.setFolder(month, settledMtime(mtimeNs, Date.now()));
      this.index.commit();
    } catch (error) {
      this.index.rollback();
      throw error;
    }
    report.added += counts.put;
    report.removed += counts.dropped;
    await removeStaleTemps(names.filter(isTempFile).map((n) => path.join(dir, n)));
  }

  /**
   * Rebuilds the index from the files, in one transaction: other processes see the old index until
   * it commits. Files that are not valid results are reported and skipped, never deleted; leftover
   * temp files are removed (never a live writer's); an image without a result (a capture cut short
   * by an older build, which kept no journal) becomes a failed result that can be retried.
   */
  rebuildIndex(
    onProgress?: RebuildProgress,
    options: { unlessCurrent?: boolean } = {},
  ): Promise<RebuildReport> {
    return this.serial(() => this.fill(this.index, onProgress, options));
  }

  private async fill(
    index: IndexDb,
    onProgress?: RebuildProgress,
    options: { unlessCurrent?: boolean } = {},
  ): Promise<RebuildReport> {
    const started = performance.now();
    const writable = !this.readOnly;
    index.beginRebuild(REBUILD_WAIT_MS);
    let report: RebuildReport;
    try {
      // Another process may have rebuilt it while this one waited for the lock.
      if (options.unlessCurrent && index.isCurrent()) {
        index.rollback();
        return { indexed: 0, skipped: [], tempRemoved: 0, recovered: [], ms: performance.now() - started };
      }
      const walked = await walkResults(this.paths.results);
      const images = await readdir(this.paths.images).catch(() => [] as string[]);
      const recovered = writable ? await this.recoverOrphanImages(images, walked.files) : [];
      const skipped = [...walked.skipped];
      const total = walked.files.length;
      let indexed = 0;
      index.resetSchema();
      for await (const batch of readForIndex(walked.files, this.paths.home)) {
        for (const row of batch.rows) index.insertRow(row);
        indexed += batch.rows.length;
        skipped.push(...batch.skipped);
        onProgress?.(indexed + skipped.length - walked.skipped.length, total);
      }
      const now = Date.now();
      for (const { month, mtimeNs } of walked.months) index.setFolder(month, settledMtime(mtimeNs, now));
      index.finishSchema();
      index.commit();
      const imageTemps = images.filter(isTempFile).map((n) => path.join(this.paths.images, n));
      const tempRemoved = writable ? await removeStaleTemps([...walked.temps, ...imageTemps]) : 0;
      report = { indexed, skipped, tempRemoved, recovered, ms: performance.now() - started };
    } catch (error) {
      index.rollback();
      throw error;
    }
    for (const s of report.skipped)
      this.logger.warn(`Not a result, skipped (left in place): ${s.path}: ${s.reason}`);
    this.logger.info(
      `Result index rebuilt: ${report.indexed} result(s) in ${Math.round(report.ms)} ms, ${report.skipped.length} skipped.`,
    );
    return report;
  }

  /**
   * Images with no result file, no journal marker, and old enough that no writer can still be
   * about to write their result: captures whose result was never saved by a build without the
   * journal. Each becomes a failed result (nothing captured is lost), with what the image itself
   * says; the person runs it again with a profile.
   */
  private async recoverOrphanImages(names: readonly string[], files: FoundFile[]): Promise<string[]> {
    const results = new Set(files.map((f) => path.basename(f.path, '.json')));
    const journaled = new Set(
      (await readdir(this.journal.dir).catch(() => [] as string[])).map((n) => n.slice(0, 25)),
    );
    const recovered: string[] = [];
    const now = Date.now();
    for (const name of names) {
      const m = /^(\d{8}T\d{6}-\d{3}Z-[a-z0-9]{4})\.(png|jpg)$/.exec(name);
      if (!m) continue;
      const id = m[1]!;
      // A result file that the walk did not list as one (misplaced, damaged name) still counts.
      if (results.has(id) || journaled.has(id) || existsSync(this.resultFile(id))) continue;
      const file = path.join(this.paths.images, name);
      try {
        const info = await stat(file);
        if (now - info.mtimeMs < TEMP_GRACE_MS) continue;
        const data = await readFile(file);
        const { imageInfo } = await import('../imaging/prepare.ts');
        const { width, height } = await imageInfo(data);
        const result: Result = {
          version: RESULT_VERSION,
          id,
          createdAt: idTime(id).toISOString(),
          source: { kind: 'file', path: file },
          profile: UNKNOWN_PROFILE,
          provider: 'local',
          model: null,
          detail: 'auto',
          image: { path: `images/${name}`, width, height, sha256: sha256(data) },
          status: 'failed',
          fields: {},
          fieldMeta: {},
          ...storedError(message('result.recovered')),
          durationMs: 0,
        };
        await mkdir(path.dirname(this.resultFile(id)), { recursive: true });
        await writeFileAtomic(this.resultFile(id), serializeResult(result));
        files.push({ path: this.resultFile(id), rel: resultRelPath(id) });
        recovered.push(id);
        this.logger.warn(
          `The image ${file} had no result (a capture cut short); it is kept as failed result ${id}.`,
        );
      } catch (error) {
        this.logger.warn(`The image ${file} has no result and could not be recovered; left in place.`, error);
      }
    }
    return recovered;
  }

  /**
   * The index is damaged (SQLite said so, at open or in a query): a new one is built from the files
   * beside it and copied over it with SQLite's backup, which takes the locks that other processes'
   * connections respect, so they see the new index and nobody's open file is deleted. Said once in
   * the log, and in `repaired` for the CLI.
   */
  private repair(cause: unknown): Promise<void> {
    this.repairing ??= this.rebuildDamaged(cause).finally(() => {
      this.repairing = null;
    });
    return this.repairing;
  }

  private async rebuildDamaged(cause: unknown): Promise<void> {
    const why = cause instanceof Error ? cause.message : String(cause);
    this.logger.warn(
      `The result index ${this.paths.index} is damaged (${why}); rebuilding it from the files.`,
      cause,
    );
    // Changes made meanwhile skip the index (indexWrite) and keep their journal markers: settled
    // before this process's next change, or by the next open.
    this.behind = true;
    const resolve = this.resolveImage;
    if (this.readOnly) {
      this.index.close();
      this.index = IndexDb.memory(resolve);
      const report = await this.fill(this.index);
      this.repairedMessage = message('store.indexReadFromFiles', { why, count: String(report.indexed) });
      return;
    }
    const temp = `${this.paths.index}.rebuild-${process.pid}-${randomBytes(3).toString('hex')}`;
    const fresh = IndexDb.open(temp, resolve, this.busyMs).index;
    let report: RebuildReport;
    try {
      report = await this.fill(fresh);
      closeQuietly(this.index);
      try {
        await backup(fresh.db, this.paths.index);
      } catch (error) {
        // Busy: another process is writing it; this is tried again on the next damaged query.
        if (sqliteCode(error) === 5 || sqliteCode(error) === 6) throw error;
        // SQLite cannot even write over it: the damaged file goes, the new one takes its place.
        this.logger.warn(`The damaged index could not be overwritten; replacing the file.`, error);
        closeQuietly(fresh);
        for (const suffix of ['', '-wal', '-shm']) await rm(`${this.paths.index}${suffix}`, { force: true });
        await rename(temp, this.paths.index);
      }
    } finally {
      closeQuietly(fresh);
      for (const suffix of ['', '-wal', '-shm']) await rm(`${temp}${suffix}`, { force: true });
      this.index = IndexDb.open(this.paths.index, resolve, this.busyMs).index;
    }
    this.repairedMessage = message('store.indexRebuilt', { why, count: String(report.indexed) });
    this.logger.warn(say('en', this.repairedMessage));
  }
}

/** The sentence for a result file that is there but cannot be read as a result. */
export function damagedError(id: string, found: { file: string; reason: string }): UserError {
  return userError('store.damaged', { id, reason: found.reason, file: found.file });
}

function closeQuietly(index: IndexDb): void {
  try {
    index.close();
  } catch {
    // already closed
  }
}

function safeResult(value: unknown): Result | null {
  try {
    return parseResult(value);
  } catch {
    return null;
  }
}

/**
 * A corrected table's cells keep what was read about them (box, confidence, printed text) only
 * where the cell still holds the value read: a row added or removed shifts the rows below it, and
 * their old evidence would describe other values.
 */
function forgetChangedCells(
  meta: Record<string, FieldMeta>,
  table: string,
  before: FieldValue,
  after: FieldValue,
): void {
  const [old, now] = [asTable(before), asTable(after)];
  if (!old) return;
  for (const key of Object.keys(meta)) {
    const cell = parseCellKey(key);
    if (cell?.table !== table) continue;
    const was = old[cell.row]?.[cell.column];
    if (!now || !isDeepStrictEqual(was, now[cell.row]?.[cell.column])) delete meta[key];
  }
}
