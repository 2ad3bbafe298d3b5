import path from 'node:path';
import type { Profile } from '../../shared/field.ts';
import {
  asTable,
  RESULT_STATUSES,
  reviewReasons,
  shownValue,
  valueAt,
  type FieldValue,
  type Result,
  type ResultStatus,
} from '../../shared/result.ts';
import { confidenceLevel } from '../../shared/confidence.ts';
import { say } from '../../shared/messages/catalogue.ts';
import { usageError } from '../../shared/errors.ts';
import type { Translate } from '../../shared/messages/catalogue.ts';
import { sayStoredError } from '../../shared/stored-error.ts';
import type { AppService } from '../../app/service.ts';
import { damagedError, type ListFilter, type ListPage, type ResultSummary } from '../../core/store/store.ts';
import type { ResultSort } from '../../shared/result-list.ts';
import { EXPORT_FORMATS, exportName, type ExportFormat } from '../../core/store/export.ts';
import { followUserUmask } from '../../core/private-files.ts';
import { parse, positiveInt } from '../args.ts';
import { EXIT, line, type CliIo } from '../io.ts';
import { voice } from '../voice.ts';

function statusArg(value: string | undefined): ResultStatus | undefined {
  if (value === undefined) return undefined;
  if ((RESULT_STATUSES as readonly string[]).includes(value)) return value as ResultStatus;
  throw usageError('cli.unknownStatus', { value, choices: RESULT_STATUSES.join(', ') });
}

function profileFilter(app: AppService, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const profile = app.findProfile(name);
  // One-off --fields profiles are not saved, so their id is accepted as given.
  return profile?.id ?? name;
}

function show(value: FieldValue): string {
  if (value === null) return '—';
  const table = asTable(value);
  if (table && table.length > 0) return `[${table.length} rows]`;
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'object') return `${value.amount}${value.currency ? ` ${value.currency}` : ''}`;
  return String(value);
}

function summaryLine(item: ResultSummary, t: Translate): string {
  const when = new Date(item.createdAt).toLocaleString();
  const fields = Object.entries(item.fields)
    .slice(0, 4)
    .map(([k, v]) => `${k}=${show(v)}`)
    .join('  ');
  const status = `${item.status}${item.edited ? '*' : ''}${item.review ? '!' : ''}`;
  const cost = item.costUsd === undefined ? '' : `  $${item.costUsd.toFixed(4)}`;
  const why = sayStoredError(t.locale, item);
  return `${item.id}  ${when}  ${status.padEnd(7)} ${item.profile.name}  ${fields}${cost}${why ? `  (${why})` : ''}`;
}

export const HISTORY_OPTIONS = {
  limit: { type: 'string' },
  search: { type: 'string' },
  profile: { type: 'string' },
  status: { type: 'string' },
  review: { type: 'boolean' },
  json: { type: 'boolean' },
  sort: { type: 'string' },
  desc: { type: 'boolean' },
} as const;
export const SHOW_OPTIONS = {} as const;
export const EXPORT_OPTIONS = {
  format: { type: 'string' },
  profile: { type: 'string' },
  status: { type: 'string' },
  review: { type: 'boolean' },
  search: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
  rows: { type: 'string' },
  with: { type: 'string' },
  sort: { type: 'string' },
  desc: { type: 'boolean' },
} as const;

/** One line on stderr when the index was found damaged and rebuilt while this command ran. */
export function sayRepair(app: AppService, io: CliIo): void {
  if (app.store.repairedMessage) line(io.stderr, voice(io, app).say(app.store.repairedMessage));
}

/** The --profile, --status, --search, --from and --to given, checked, as the store's filter. */
function listFilter(
  app: AppService,
  values: {
    profile?: string;
    status?: string;
    search?: string;
    from?: string;
    to?: string;
    review?: boolean;
  },
): ListFilter {
  const status = statusArg(values.status);
  const profileId = profileFilter(app, values.profile);
  return {
    ...(profileId ? { profileId } : {}),
    ...(status ? { status } : {}),
    ...(values.search ? { search: values.search } : {}),
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
    ...(values.review ? { review: true } : {}),
  };
}

/** Rows asked of the index at a time: a --limit beyond it is read page after page (keyset). */
const PAGE = 1000;

/**
 * The first `limit` results that match, however many that is: newest first (paged by the last id
 * seen), or in `sort`'s order (paged by offset: the store keeps a sorted order for the next pages).
 */
async function fetchFirst(
  app: AppService,
  filter: ListFilter,
  limit: number,
  sort: ResultSort | undefined,
): Promise<ListPage> {
  const first = await app.store.fetchPage({
    ...filter,
    limit: Math.min(limit, PAGE),
    ...(sort ? { sort } : {}),
  });
  const items = [...first.items];
  while (items.length < limit && items.length < first.total) {
    const next = await app.store.fetchPage({
      ...filter,
      limit: Math.min(limit - items.length, PAGE),
      ...(sort ? { sort, offset: items.length } : { before: items.at(-1)!.id }),
    });
    if (next.items.length === 0) break;
    items.push(...next.items);
  }
  return { items, total: first.total };
}

export async function historyCommand(app: AppService, io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, HISTORY_OPTIONS);
  if (positionals.length > 0) throw usageError('cli.historyNoNames', { name: positionals[0]! });
  const filter = listFilter(app, values);
  const known = values.sort === undefined ? undefined : await knownKeys(app, app.profiles(), filter);
  const sort = sortArg(values.sort, values.desc === true, known);
  const page = await fetchFirst(app, filter, positiveInt('limit', values.limit, 20), sort);
  sayRepair(app, io);
  if (values.json) {
    for (const item of page.items) line(io.stdout, JSON.stringify(item));
    return EXIT.ok;
  }
  const t = voice(io, app);
  if (page.items.length === 0) {
    const none = values.review
      ? 'cli.noneToReview'
      : page.total === 0 && !values.search
        ? 'cli.noResultsYet'
        : 'cli.nothingMatches';
    line(io.stderr, t(none));
    return EXIT.ok;
  }
  for (const item of page.items) {
    line(io.stdout, summaryLine(item, t));
    // What needs review, under the result: its failed checks, in the person's language.
    if (item.review)
      for (const why of await reviewReasonsOf(app, item.id, t.locale)) line(io.stdout, `    ! ${why}`);
  }
  line(io.stderr, t('cli.historyShown', { shown: String(page.items.length), total: String(page.total) }));
  return EXIT.ok;
}

async function reviewReasonsOf(app: AppService, id: string, locale: Translate['locale']): Promise<string[]> {
  const found = await app.store.inspect(id);
  if (found.state !== 'ok') return [];
  return reviewReasons(found.result).map((why) => say(locale, why));
}

export async function showCommand(app: AppService, io: CliIo, args: string[]): Promise<number> {
  const { positionals } = parse(args, SHOW_OPTIONS);
  const [id] = positionals;
  if (!id || positionals.length > 1) throw usageError('cli.showNeedsId');
  const found = await app.store.inspect(id);
  if (found.state === 'missing') throw usageError('cli.noResult', { id });
  if (found.state === 'damaged') throw damagedError(id, found);
  line(io.stdout, JSON.stringify(found.result, null, 2));
  // The JSON is for programs; a person reading it gets how sure each value is, in words.
  const sure = valueLines(found.result, voice(io, app));
  if (sure.length > 0) line(io.stderr, [voice(io, app)('cli.valuesChecked'), ...sure].join('\n'));
  return EXIT.ok;
}

/** One line per value that was measured (fields, and cells as items[2].amount), in stored order. */
function valueLines(result: Result, t: Translate): string[] {
  return Object.entries(result.fieldMeta).flatMap(([key, meta]) => {
    const level = confidenceLevel(meta);
    if (!level || meta.confidence === undefined) return [];
    const where =
      meta.dropped !== undefined
        ? t('cli.droppedValue', { value: shownValue(meta.dropped) })
        : meta.grounded === false
          ? t('cli.notOnPage')
          : t('cli.onPage');
    const opinion = meta.secondOpinion
      ? meta.secondOpinion.agrees
        ? t('cli.engineAgrees')
        : t('cli.engineReads', { value: shownValue(meta.secondOpinion.value) })
      : '';
    const settled =
      meta.editedAt !== undefined
        ? t('cli.valueSettled', { how: t('cli.corrected') })
        : meta.reviewedAt !== undefined
          ? t('cli.valueSettled', { how: t('cli.confirmed') })
          : '';
    return [
      t('cli.valueSure', {
        field: key,
        value: shownValue(valueAt(result.fields, key)),
        level: t(`cli.level.${level}`),
        confidence: meta.confidence.toFixed(2),
        where,
      }) +
        opinion +
        settled,
    ];
  });
}

export async function exportCommand(app: AppService, io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, EXPORT_OPTIONS);
  if (positionals.length > 0) throw usageError('cli.exportNoNames', { name: positionals[0]! });
  const format = (values.format ?? 'csv') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format))
    throw usageError('cli.unknownFormat', { value: String(values.format) });
  for (const key of ['from', 'to'] as const) {
    const v = values[key];
    if (v !== undefined && Number.isNaN(Date.parse(v)))
      throw usageError('cli.badDate', { name: key, value: v });
  }
  const filter = listFilter(app, values);
  const out = values.out === undefined ? exportName(io.cwd, format) : path.resolve(io.cwd, values.out);
  const chosen = values.profile ? app.findProfile(values.profile) : undefined;
  const fieldOrder = chosen?.fields.map((f) => f.key);
  const rowsAsked = values.rows !== undefined || values.with !== undefined;
  // The keys --rows, --with and --sort may name: read once, only when one of them is given.
  const known =
    rowsAsked || values.sort !== undefined
      ? await knownKeys(app, chosen ? [chosen] : app.profiles(), filter)
      : undefined;
  const lines = known && rowsAsked ? lineOptions(known, format, values) : {};
  const sort = sortArg(values.sort, values.desc === true, known);
  const count = await app.store.export({
    format,
    filter,
    out,
    ...(fieldOrder ? { fieldOrder } : {}),
    ...(sort ? { sort } : {}),
    ...lines,
  });
  sayRepair(app, io);
  // Written where the person asked: outside the data home it gets what their own umask gives.
  await followUserUmask(out, app.paths.home);
  const t = voice(io, app);
  line(
    io.stderr,
    count === 1
      ? t('cli.exportedOne', { path: out })
      : t('cli.exported', { count: String(count), path: out }),
  );
  return EXIT.ok;
}

/**
 * --sort time|status|FIELD and --desc, as the store's order (ascending unless --desc; a field's
 * values as History's table sorts them: numbers as numbers, dates as dates, text in the system's
 * alphabet, empty ones last). Without --sort, newest first (--desc alone says the same).
 */
function sortArg(
  value: string | undefined,
  desc: boolean,
  known: KnownKeys | undefined,
): ResultSort | undefined {
  if (value === undefined) return undefined;
  const direction = desc ? 'desc' : 'asc';
  if (value === 'time') return { by: 'createdAt', direction };
  if (value === 'status') return { by: 'status', direction };
  if (known?.scalars.has(value)) return { by: 'field', key: value, direction };
  const choices = [...(known?.scalars ?? [])].sort().join(', ');
  throw usageError('cli.unknownSort', { value, choices: choices || '—' });
}

/** Field keys an export can name: scalar fields and tables. */
interface KnownKeys {
  tables: Set<string>;
  scalars: Set<string>;
}

/**
 * The keys of the profiles' fields and of the newest results the export reads: results extracted
 * with a one-off --fields list have no saved profile, and their tables export all the same.
 */
async function knownKeys(
  app: AppService,
  profiles: readonly Profile[],
  filter: ListFilter,
): Promise<KnownKeys> {
  const known: KnownKeys = { tables: new Set(), scalars: new Set() };
  for (const f of profiles.flatMap((p) => p.fields))
    (f.type === 'table' ? known.tables : known.scalars).add(f.key);
  // fetchPage waits out a repair of a damaged index, as the export itself does.
  for (const item of (await app.store.fetchPage({ ...filter, limit: 1000 })).items) {
    for (const [key, value] of Object.entries(item.fields)) {
      if (Array.isArray(value) && value.length > 0 && asTable(value)) known.tables.add(key);
      else if (!Array.isArray(value) || value.length > 0) known.scalars.add(key);
    }
  }
  for (const key of known.tables) known.scalars.delete(key);
  return known;
}

/**
 * --rows TABLE (CSV: one row per line of that table) and --with KEYS (the document fields repeated
 * on each line, comma-separated), checked against the keys the export can meet so a typo is said,
 * not exported as an empty column.
 */
function lineOptions(
  known: KnownKeys,
  format: ExportFormat,
  values: { rows?: string; with?: string },
): { rows?: string; repeat?: string[] } {
  const tables = [...known.tables];
  const options: { rows?: string; repeat?: string[] } = {};
  if (values.rows !== undefined) {
    if (format !== 'csv') throw usageError('cli.rowsCsvOnly');
    if (tables.length === 0) throw usageError('cli.noTables');
    if (!tables.includes(values.rows))
      throw usageError('cli.noTable', { name: values.rows, tables: tables.join(', ') });
    options.rows = values.rows;
  }
  if (values.with !== undefined) {
    const keys = values.with
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== '');
    const unknown = keys.find((k) => !known.scalars.has(k));
    if (unknown !== undefined)
      throw usageError('cli.unknownFieldKeys', {
        name: unknown,
        example: [...known.scalars].slice(0, 3).join(', '),
      });
    options.repeat = keys;
  }
  return options;
}
