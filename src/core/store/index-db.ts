import { existsSync, statSync } from 'node:fs';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import type { MessageParams } from '../../shared/messages/message.ts';
import { idTime } from '../../shared/ids.ts';
import { RESULT_STATUSES, type FieldValue, type ResultStatus } from '../../shared/result.ts';
import { profileTag, REVIEW_TAG, rowKey, statusTag, SUFFIX_BASE, type IndexRow } from './index-row.ts';
import {
  RESULT_STATUS_ORDER,
  type PageOptions,
  type ResultFilter,
  type ResultSort,
  type ResultSummary,
  type SortDirection,
} from '../../shared/result-list.ts';
import { collatorFor, compareSortValues, sortValue, type SortValue } from './sort.ts';

/**
 * The SQLite index: a cache of the result files for listing, filtering and search. It can be
 * thrown away and rebuilt from results/ at any time, so its schema changes by bumping the version
 * (PRAGMA user_version), which triggers a rebuild on open, never by migrating rows.
 */
const INDEX_SCHEMA_VERSION = 6;

const TABLES = `
CREATE TABLE results (
  -- The rowid is computed from the id (time * 36^4 + suffix), so rowid order is id order is time
  -- order: newest-first paging walks the table b-tree, and the FTS table (which shares the rowid)
  -- can return matches newest first and stop at the page size.
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  profile_name TEXT NOT NULL,
  status TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT,
  file TEXT NOT NULL,
  image_path TEXT NOT NULL,
  image_width INTEGER NOT NULL,
  image_height INTEGER NOT NULL,
  fields TEXT NOT NULL,
  edited INTEGER NOT NULL,
  error TEXT,
  -- The reason's code and parameters (JSON), so the list says it in the person's language.
  error_code TEXT,
  error_params TEXT,
  cost_usd REAL,
  -- 1 when a person should look again (a check failed: shared/result.ts, needsReview).
  review INTEGER NOT NULL DEFAULT 0,
  -- The stored image's hash, to mark the same picture extracted twice (ResultSummary.duplicateOf).
  image_sha256 TEXT NOT NULL DEFAULT ''
);
-- Contentless: the text lives in the files and in results.fields; the FTS table only keeps the
-- inverted index, which halves its size. contentless_delete lets rows be removed by rowid.
CREATE VIRTUAL TABLE results_fts USING fts5(
  body, profile,
  -- Status and profile as tokens (see filterTags), so a search with filters is an intersection
  -- of doclists inside FTS5 instead of a row lookup per match.
  tags,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  -- Type-ahead asks for short prefixes ("ac"*); without a prefix index those merge the doclists of
  -- every matching word, which is what made a search of 100,000 results slow.
  prefix = '2 3 4'
);
-- Totals per profile and status, kept by triggers: counting 1,000,000 rows for "1-50 of N" on
-- every page would cost more than the page.
CREATE TABLE counts (
  profile_id TEXT NOT NULL,
  status TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (profile_id, status)
) WITHOUT ROWID;
-- Each results/YYYY/MM folder's mtime (nanoseconds, as text) when the index last held exactly its
-- files: a file renamed into or out of the folder since then changes the mtime, and the next open
-- compares only these (a stat per month) to notice what the index lacks. Empty: check next time.
CREATE TABLE folders (
  month TEXT PRIMARY KEY,
  mtime TEXT NOT NULL
) WITHOUT ROWID;
`;

/**
 * Secondary indexes and the count triggers, created after the rows on a rebuild: building an index
 * once from sorted rows is much cheaper than keeping it up to date row by row.
 */
const DERIVED = `
CREATE INDEX results_profile ON results(profile_id, n);
CREATE INDEX results_status ON results(status, n);
-- Few results need review: a partial index keeps "needs review" a short walk, newest first.
CREATE INDEX results_review ON results(n) WHERE review = 1;
-- A row's duplicates are looked up by hash for every row listed: one index probe each.
CREATE INDEX results_image ON results(image_sha256, n) WHERE image_path <> '';
CREATE TRIGGER results_count_insert AFTER INSERT ON results BEGIN
  INSERT INTO counts (profile_id, status, n) VALUES (new.profile_id, new.status, 1)
    ON CONFLICT (profile_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER results_count_delete AFTER DELETE ON results BEGIN
  UPDATE counts SET n = n - 1 WHERE profile_id = old.profile_id AND status = old.status;
END;
`;

export type { PageOptions, ResultSummary };
/** What a listing is narrowed by (the IPC contract's ResultFilter). */
export type ListFilter = ResultFilter;

function timeKey(ms: number): bigint {
  return BigInt(ms) * SUFFIX_BASE;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parseBound(value: string, name: string): number {
  const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not an ISO date: ${value}`);
  return ms;
}

/**
 * Turns user text into an FTS5 query that cannot be a syntax error or an operator: only runs of
 * letters and digits survive, each quoted and made a prefix ("inv"*), all of them required.
 */
function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}]+/gu)?.slice(0, 16);
  if (!words) return null;
  // Only the last word is a prefix (it is the one still being typed): a whole word is a single
  // doclist that FTS5 streams newest first, a prefix is a merge of many.
  const last = words.length - 1;
  return words.map((w, i) => (i === last ? `"${w}"*` : `"${w}"`)).join(' ');
}

interface Where {
  sql: string;
  params: SQLInputValue[];
  /** The FTS query, when there is one: then the query starts from the FTS table. */
  match: string | null;
}

/**
 * The WHERE of a listing; `past` continues a listing in time order after the row it ended on
 * (keyset paging): older rows when newest first, newer ones when oldest first.
 */
function buildWhere(filter: ListFilter, past?: { id: string; direction: SortDirection }): Where {
  const clauses: string[] = [];
  const params: SQLInputValue[] = [];
  const words = filter.search === undefined ? null : ftsQuery(filter.search);
  let match: string | null = null;
  if (words !== null) {
    // The person's words look only at the text columns; the filters become tag tokens.
    const parts = [`{body profile} : (${words})`];
    if (filter.status !== undefined) parts.push(`tags : "${statusTag(filter.status)}"`);
    if (filter.profileId !== undefined) parts.push(`tags : "${profileTag(filter.profileId)}"`);
    if (filter.review) parts.push(`tags : "${REVIEW_TAG}"`);
    match = parts.join(' AND ');
    clauses.push('results_fts MATCH ?');
    params.push(match);
  } else {
    if (filter.profileId !== undefined) {
      clauses.push('r.profile_id = ?');
      params.push(filter.profileId);
    }
    if (filter.status !== undefined) {
      clauses.push('r.status = ?');
      params.push(filter.status);
    }
    if (filter.review) clauses.push('r.review = 1');
  }
  // With a search, time bounds go to the FTS table's rowid, which FTS5 applies while it reads.
  const key = match !== null ? 'results_fts.rowid' : 'r.n';
  if (filter.from !== undefined) {
    clauses.push(`${key} >= ?`);
    params.push(timeKey(parseBound(filter.from, 'from')));
  }
  if (filter.to !== undefined) {
    const end = parseBound(filter.to, 'to') + (DATE_ONLY.test(filter.to) ? 86_400_000 : 1);
    clauses.push(`${key} < ?`);
    params.push(timeKey(end));
  }
  if (past !== undefined) {
    clauses.push(`${key} ${past.direction === 'asc' ? '>' : '<'} ?`);
    params.push(rowKey(past.id));
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, match };
}

function fromClause(where: Where): string {
  // Starting from the FTS table lets it hand out rowids newest first and stop at LIMIT.
  return where.match !== null
    ? 'FROM results_fts CROSS JOIN results r ON r.n = results_fts.rowid'
    : 'FROM results r';
}

function orderColumn(where: Where): string {
  return where.match !== null ? 'results_fts.rowid' : 'r.n';
}

/** The status column's order (RESULT_STATUS_ORDER): a flagged OK result reads "Needs review". */
const STATUS_RANK = `CASE WHEN r.status = 'ok' AND r.review = 1 THEN ${RESULT_STATUS_ORDER.indexOf('review')} ${RESULT_STATUSES.map(
  (s) => `WHEN r.status = '${s}' THEN ${RESULT_STATUS_ORDER.indexOf(s)}`,
).join(' ')} END`;

/** ORDER BY for the default order and its reverse: the rowid is time order. */
function timeOrder(where: Where, direction: SortDirection): string {
  return `${orderColumn(where)} ${direction === 'asc' ? 'ASC' : 'DESC'}`;
}

interface Row {
  id: string;
  created_at: string;
  profile_id: string;
  profile_name: string;
  status: string;
  provider: string;
  model: string | null;
  file: string;
  image_path: string;
  image_width: number;
  image_height: number;
  fields: string;
  edited: number;
  error: string | null;
  error_code: string | null;
  error_params: string | null;
  cost_usd: number | null;
  review: number;
  duplicate_of: string | null;
}

// The oldest other result with the same stored image; the partial index answers it (a result whose
// image was not kept has no picture to compare, and one written without a hash has nothing to match).
const DUPLICATE_OF = `CASE WHEN r.image_path = '' OR r.image_sha256 = '' THEN NULL ELSE (SELECT d.id FROM results d WHERE d.image_sha256 = r.image_sha256 AND d.image_path <> '' AND d.n <> r.n ORDER BY d.n LIMIT 1) END AS duplicate_of`;

const SUMMARY_COLUMNS = `r.id, r.created_at, r.profile_id, r.profile_name, r.status, r.provider, r.model, r.file, r.image_path, r.image_width, r.image_height, r.fields, r.edited, r.error, r.error_code, r.error_params, r.cost_usd, r.review, ${DUPLICATE_OF}`;

function toSummary(row: Row, resolveImage: ResolveImage): ResultSummary {
  const summary: ResultSummary = {
    id: row.id,
    createdAt: row.created_at,
    profile: { id: row.profile_id, name: row.profile_name },
    status: row.status as ResultStatus,
    provider: row.provider,
    model: row.model,
    image: { path: resolveImage(row.image_path, row.id), width: row.image_width, height: row.image_height },
    fields: JSON.parse(row.fields) as Record<string, FieldValue>,
    edited: row.edited === 1,
    review: row.review === 1,
  };
  if (row.error !== null) summary.error = row.error;
  if (row.error_code !== null) summary.errorCode = row.error_code;
  if (row.error_params !== null) summary.errorParams = JSON.parse(row.error_params) as MessageParams;
  if (row.cost_usd !== null) summary.costUsd = row.cost_usd;
  if (row.duplicate_of !== null)
    summary.duplicateOf = { id: row.duplicate_of, createdAt: idTime(row.duplicate_of).toISOString() };
  return summary;
}

/** Turns an image path as stored in the index into the file it names (see resolveImagePath). */
export type ResolveImage = (stored: string, id: string) => string;

/** How long a statement waits for another process's write to finish before SQLite says "busy". */
export const BUSY_TIMEOUT_MS = 5000;

/** SQLite's primary result code of an error thrown by node:sqlite, when it is one. */
export function sqliteCode(error: unknown): number | null {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code & 0xff : null;
}

/**
 * Whether SQLite says the index file is damaged: SQLITE_CORRUPT ("database disk image is
 * malformed") or SQLITE_NOTADB ("file is not a database"). Busy, locked or I/O errors are not:
 * the file is fine and another process is using it, so it must never be replaced for those.
 */
export function isCorruption(error: unknown): boolean {
  const code = sqliteCode(error);
  if (code === 11 || code === 26) return true;
  return code !== null && /malformed|not a database/i.test((error as Error).message);
}

/** SQLITE_READONLY (8) or SQLITE_CANTOPEN (14): the index cannot be written here. */
export function isReadOnlyError(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 8 || code === 14;
}

export interface OpenedIndex {
  index: IndexDb;
  /** The file holds no index of this version: it must be (re)built from the files. */
  needsRebuild: boolean;
}

export class IndexDb {
  readonly db: DatabaseSync;
  readonly readOnly: boolean;
  private readonly statements = new Map<string, StatementSync>();
  /** Rows written or removed through this connection (PRAGMA data_version counts the others'). */
  private writes = 0;
  /** The last order computed by sortedIds, reused for the next pages while nothing changed. */
  private sorted: { key: string; ids: string[] } | null = null;
  private readonly resolveImage: ResolveImage;

  private readonly busyMs: number;

  private constructor(db: DatabaseSync, resolveImage: ResolveImage, readOnly: boolean, busyMs: number) {
    this.db = db;
    this.resolveImage = resolveImage;
    this.readOnly = readOnly;
    this.busyMs = busyMs;
  }

  /**
   * Opens (creating when missing) the index file; says whether it must be rebuilt. `busyMs`: how
   * long a statement waits for another process's write (tests make it short).
   */
  static open(
    file: string,
    resolveImage: ResolveImage = (p) => p,
    busyMs: number = BUSY_TIMEOUT_MS,
  ): OpenedIndex {
    // The busy timeout is set before the first statement: another process may hold the file.
    const db = new DatabaseSync(file, { timeout: busyMs });
    try {
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16000;');
      return IndexDb.ready(db, resolveImage, false, busyMs);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * Opens an existing index file for reading only (a read-only data home). SQLite needs to create
   * the -shm file to read a WAL database; where it cannot, and no -wal file holds pending writes,
   * the file is opened as immutable (no other process can change a read-only folder either).
   */
  static openReadOnly(file: string, resolveImage: ResolveImage = (p) => p): OpenedIndex {
    const attempts: (() => DatabaseSync)[] = [
      () => new DatabaseSync(file, { readOnly: true, timeout: BUSY_TIMEOUT_MS }),
    ];
    if (!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0) {
      attempts.push(() => {
        const url = pathToFileURL(file);
        url.searchParams.set('immutable', '1');
        return new DatabaseSync(url, { readOnly: true });
      });
    }
    let failure: unknown;
    for (const attempt of attempts) {
      let db: DatabaseSync | undefined;
      try {
        db = attempt();
        const opened = IndexDb.ready(db, resolveImage, true, BUSY_TIMEOUT_MS);
        // A first read, so that a file SQLite cannot read this way fails here and not later.
        opened.index.db.prepare('SELECT count(*) AS c FROM sqlite_schema').get();
        return opened;
      } catch (error) {
        db?.close();
        failure = error;
      }
    }
    throw failure;
  }

  /** An index held in memory only: for a data home where no index file can be written. */
  static memory(resolveImage: ResolveImage = (p) => p): IndexDb {
    const index = new IndexDb(new DatabaseSync(':memory:'), resolveImage, false, BUSY_TIMEOUT_MS);
    index.inMemory = true;
    return index;
  }

  /** Held in memory (built from the files), not in index.sqlite. */
  inMemory = false;

  private static ready(
    db: DatabaseSync,
    resolveImage: ResolveImage,
    readOnly: boolean,
    busyMs: number,
  ): OpenedIndex {
    const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
    return {
      index: new IndexDb(db, resolveImage, readOnly, busyMs),
      needsRebuild: row.user_version !== INDEX_SCHEMA_VERSION,
    };
  }

  /** Whether the schema is this version's (another process may have rebuilt it meanwhile). */
  isCurrent(): boolean {
    const row = this.db.prepare('PRAGMA user_version').get() as { user_version: number };
    return row.user_version === INDEX_SCHEMA_VERSION;
  }

  close(): void {
    this.statements.clear();
    this.db.close();
  }

  /** Statements are compiled once and reused: most of the cost of a small query is the parse. */
  private stmt(sql: string): StatementSync {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Drops whatever is there (any older schema) and creates the current tables, empty. */
  resetSchema(): void {
    this.statements.clear();
    this.writes++;
    const objects = this.db
      .prepare(
        "SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'",
      )
      .all() as { type: string; name: string }[];
    for (const { type, name } of objects) {
      // Shadow tables of a virtual table go with it; they may already be gone.
      this.db.exec(`DROP ${type === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS "${name.replaceAll('"', '""')}"`);
    }
    this.db.exec(TABLES);
  }

  /** Completes a rebuild started with resetSchema: derived indexes, counts, the version stamp. */
  finishSchema(): void {
    this.db.exec(DERIVED);
    this.db.exec(
      'INSERT INTO counts (profile_id, status, n) SELECT profile_id, status, count(*) FROM results GROUP BY profile_id, status',
    );
    this.db.exec(`PRAGMA user_version = ${INDEX_SCHEMA_VERSION}`);
  }

  begin(): void {
    this.db.exec('BEGIN IMMEDIATE');
  }

  /**
   * Starts the write transaction of a rebuild. Another process may be rebuilding the same index
   * right now (a schema change seen by two processes at once): this waits for it, however long
   * it takes, instead of failing after the usual busy timeout.
   */
  beginRebuild(waitMs: number): void {
    this.db.exec(`PRAGMA busy_timeout = ${Math.max(this.busyMs, Math.round(waitMs))}`);
    try {
      this.begin();
    } finally {
      this.db.exec(`PRAGMA busy_timeout = ${this.busyMs}`);
    }
  }

  commit(): void {
    this.db.exec('COMMIT');
  }

  rollback(): void {
    if (this.db.isTransaction) this.db.exec('ROLLBACK');
  }

  /** Inserts a row computed by indexRow (in this thread or a rebuild worker). */
  insertRow(row: IndexRow): void {
    this.writes++;
    this.stmt(
      'INSERT INTO results (n, id, created_at, profile_id, profile_name, status, provider, model, file, image_path, image_width, image_height, fields, edited, error, error_code, error_params, cost_usd, review, image_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(...row.row);
    this.stmt('INSERT INTO results_fts (rowid, body, profile, tags) VALUES (?, ?, ?, ?)').run(...row.fts);
  }

  private removeRow(id: string): boolean {
    this.writes++;
    const n = rowKey(id);
    const changed = this.stmt('DELETE FROM results WHERE n = ?').run(n).changes;
    if (changed === 0) return false;
    this.stmt('DELETE FROM results_fts WHERE rowid = ?').run(n);
    return true;
  }

  remove(id: string): boolean {
    this.begin();
    try {
      const removed = this.removeRow(id);
      this.commit();
      return removed;
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  has(id: string): boolean {
    return this.stmt('SELECT 1 AS x FROM results WHERE n = ?').get(rowKey(id)) !== undefined;
  }

  /** The ids indexed for one results/YYYY/MM folder (by the time in the id, as the folder is named). */
  monthIds(month: string): string[] {
    const [year, mm] = month.split('/').map(Number) as [number, number];
    const start = timeKey(Date.UTC(year, mm - 1, 1));
    const end = timeKey(Date.UTC(year, mm, 1));
    const rows = this.stmt('SELECT id FROM results WHERE n >= ? AND n < ?').all(start, end) as {
      id: string;
    }[];
    return rows.map((r) => r.id);
  }

  /** The recorded folder mtimes (see the folders table). */
  folders(): Map<string, string> {
    const rows = this.stmt('SELECT month, mtime FROM folders').all() as { month: string; mtime: string }[];
    return new Map(rows.map((r) => [r.month, r.mtime]));
  }

  /** Records a month folder's mtime ('' = not known to match: checked again on the next open). */
  setFolder(month: string, mtime: string): void {
    this.stmt(
      'INSERT INTO folders (month, mtime) VALUES (?, ?) ON CONFLICT (month) DO UPDATE SET mtime = excluded.mtime',
    ).run(month, mtime);
  }

  removeFolder(month: string): void {
    this.stmt('DELETE FROM folders WHERE month = ?').run(month);
  }

  /** Adds or replaces one row, inside a transaction the caller holds. */
  putRow(row: IndexRow, id: string): void {
    this.removeRow(id);
    this.insertRow(row);
  }

  /** Removes one row, inside a transaction the caller holds. */
  dropRow(id: string): boolean {
    return this.removeRow(id);
  }

  list(filter: ListFilter, page: PageOptions): ResultSummary[] {
    const where = buildWhere(
      filter,
      page.before === undefined ? undefined : { id: page.before, direction: 'desc' },
    );
    const limit = Math.max(0, Math.min(page.limit ?? 50, 10_000));
    const offset = Math.max(0, page.offset ?? 0);
    if (page.sort !== undefined && page.sort.by !== 'createdAt')
      return this.listSorted(where, page.sort, limit, offset);
    const sql = `SELECT ${SUMMARY_COLUMNS} ${fromClause(where)} ${where.sql} ORDER BY ${timeOrder(where, page.sort?.direction ?? 'desc')} LIMIT ? OFFSET ?`;
    const rows = this.stmt(sql).all(...where.params, limit, offset) as unknown as Row[];
    return rows.map((row) => toSummary(row, this.resolveImage));
  }

  /** A page in the order of the status column or a field's values: a slice of sortedIds. */
  private listSorted(
    where: Where,
    sort: Exclude<ResultSort, { by: 'createdAt' }>,
    limit: number,
    offset: number,
  ): ResultSummary[] {
    const wanted = this.sortedIds(where, sort).slice(offset, offset + limit);
    return this.rowsOf(wanted).map((row) => toSummary(row, this.resolveImage));
  }

  /** The rows of these ids, in the order given (an id no longer indexed is left out). */
  private rowsOf(ids: string[]): Row[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM results r WHERE r.n IN (${ids.map(() => '?').join(', ')})`)
      .all(...ids.map(rowKey)) as unknown as Row[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * Every match's id in `sort`'s order. No index holds these orders, so each match's key is read
   * (the status rank, or a field's value by json_type / json_extract: no result file is opened) and
   * ordered in JS (see sort.ts), which knows the person's alphabet and dates. That costs a scan of
   * the matches (0.1 to 0.6 s for 100,000 here, text the slowest), so the order is kept for the next
   * pages until a row changes here or another process commits (PRAGMA data_version).
   */
  private sortedIds(where: Where, sort: Exclude<ResultSort, { by: 'createdAt' }>): string[] {
    const version = (this.stmt('PRAGMA data_version').get() as { data_version: number }).data_version;
    const key = JSON.stringify([where.sql, where.params.map(String), sort, version, this.writes]);
    if (this.sorted?.key === key) return this.sorted.ids;
    let keyed: { id: string; value: SortValue }[];
    if (sort.by === 'status') {
      const sql = `SELECT r.id AS id, ${STATUS_RANK} AS rank ${fromClause(where)} ${where.sql} ORDER BY ${orderColumn(where)} DESC`;
      keyed = (this.stmt(sql).all(...where.params) as { id: string; rank: number }[]).map((row) => ({
        id: row.id,
        value: { kind: 'number', n: row.rank },
      }));
    } else {
      const path = `$."${sort.key.replaceAll('"', '""')}"`;
      // The id, not the rowid: the rowid passes 2^53 and would not come back as a JS number.
      const sql = `SELECT r.id AS id, json_type(r.fields, ?) AS type, json_extract(r.fields, ?) AS value ${fromClause(where)} ${where.sql} ORDER BY ${orderColumn(where)} DESC`;
      keyed = (
        this.stmt(sql).all(path, path, ...where.params) as {
          id: string;
          type: string | null;
          value: unknown;
        }[]
      ).map((row) => ({ id: row.id, value: sortValue(row.type, row.value) }));
    }
    const collator = collatorFor(sort.by === 'field' ? sort.locale : undefined);
    // Array.prototype.sort is stable: ties keep the newest-first order the rows came in.
    keyed.sort((a, b) => compareSortValues(a.value, b.value, sort.direction, collator));
    const ids = keyed.map((row) => row.id);
    this.sorted = { key, ids };
    return ids;
  }

  count(filter: ListFilter): number {
    if (
      filter.search === undefined &&
      filter.from === undefined &&
      filter.to === undefined &&
      !filter.review
    ) {
      const clauses: string[] = [];
      const params: SQLInputValue[] = [];
      if (filter.profileId !== undefined) {
        clauses.push('profile_id = ?');
        params.push(filter.profileId);
      }
      if (filter.status !== undefined) {
        clauses.push('status = ?');
        params.push(filter.status);
      }
      const sql = `SELECT coalesce(sum(n), 0) AS c FROM counts ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}`;
      return (this.stmt(sql).get(...params) as { c: number }).c;
    }
    const where = buildWhere(filter);
    if (where.match !== null) {
      // Every condition is on the FTS table: it counts without a lookup per row.
      return (
        this.stmt(`SELECT count(*) AS c FROM results_fts ${where.sql}`).get(...where.params) as { c: number }
      ).c;
    }
    const sql = `SELECT count(*) AS c ${fromClause(where)} ${where.sql}`;
    return (this.stmt(sql).get(...where.params) as { c: number }).c;
  }

  /**
   * Every matching row in `sort`'s order (default: newest first), in pages so memory stays flat
   * for any count: by keyset in time order; in another order, pages of the one list of ids that
   * list() slices (sortedIds), so an export writes the rows in the order the window showed.
   */
  *iterate(
    filter: ListFilter,
    sort?: ResultSort,
    pageSize = 500,
  ): Generator<{ id: string; file: string; summary: ResultSummary }> {
    const entry = (row: Row) => ({ id: row.id, file: row.file, summary: toSummary(row, this.resolveImage) });
    if (sort !== undefined && sort.by !== 'createdAt') {
      const ids = this.sortedIds(buildWhere(filter), sort);
      for (let at = 0; at < ids.length; at += pageSize)
        yield* this.rowsOf(ids.slice(at, at + pageSize)).map(entry);
      return;
    }
    const direction = sort?.direction ?? 'desc';
    let bound: string | undefined;
    for (;;) {
      const where = buildWhere(filter, bound === undefined ? undefined : { id: bound, direction });
      const sql = `SELECT ${SUMMARY_COLUMNS} ${fromClause(where)} ${where.sql} ORDER BY ${timeOrder(where, direction)} LIMIT ?`;
      const rows = this.stmt(sql).all(...where.params, pageSize) as unknown as Row[];
      yield* rows.map(entry);
      if (rows.length < pageSize) return;
      bound = rows[rows.length - 1]!.id;
    }
  }
}
