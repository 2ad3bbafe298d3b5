import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { DEFAULT_SETTINGS, Settings } from '../shared/settings.ts';
import {
  describeSettingsReport,
  type SettingsProblem,
  type SettingsReport,
} from '../shared/settings-problems.ts';
import { userError } from '../shared/errors.ts';
import { silentLogger, type Logger } from './log.ts';
import { writeFileAtomic } from './atomic.ts';

/*
 * settings.json is shared on purpose: the desktop app and every `extracto` command read and write
 * the same file, often at the same moment. Two rules keep that safe:
 *
 * - Reading never loses a setting because another one is wrong. Each part is checked on its own:
 *   what is valid is kept, what is not is dropped (a profile, a field, a price) or falls back to its
 *   default (a key), the original file is copied aside once, and a report says what happened.
 *   Privacy is never relaxed by a repair: when it cannot be read in full, local-only is turned on.
 * - Every change is a read-modify-write under one cross-process lock (settings.json.lock, taken by
 *   the app and the CLI alike), reading the file again inside it, so two processes never lose each
 *   other's changes.
 */

export interface SettingsRead {
  settings: Settings;
  /** What was wrong in the file and what was done about it; null when it was valid (or absent). */
  report: SettingsReport | null;
  /** Identifies the file's content as read (see settingsStamp); null when there was no file. */
  stamp: string | null;
}

type Key = string | number;
type Container = Record<string, unknown> | unknown[];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function childOf(value: unknown, key: Key): unknown {
  if (Array.isArray(value)) return typeof key === 'number' ? value[key] : undefined;
  return isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

function has(root: unknown, at: readonly Key[]): boolean {
  let value = root;
  for (const key of at) {
    if (Array.isArray(value)) {
      if (typeof key !== 'number' || key >= value.length) return false;
    } else if (!isObject(value) || !Object.hasOwn(value, key)) {
      return false;
    }
    value = childOf(value, key);
  }
  return true;
}

function get(root: unknown, at: readonly Key[]): unknown {
  return at.reduce<unknown>((value, key) => childOf(value, key), root);
}

const startsWith = (at: readonly Key[], prefix: readonly Key[]): boolean =>
  prefix.length <= at.length && prefix.every((key, i) => at[i] === key);

function shorten(value: unknown): string | undefined {
  if (value === undefined || (typeof value === 'object' && value !== null)) return undefined;
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** 'type of field "Total" in profile "Invoices"' for ["profiles", 1, "fields", 0, "type"]. */
function describe(root: unknown, at: readonly Key[]): string {
  if (at[0] !== 'profiles' || typeof at[1] !== 'number') return at.join('.');
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
  const profile = get(root, at.slice(0, 2));
  let where = `profile "${text(childOf(profile, 'name')) ?? `#${at[1] + 1}`}"`;
  let rest = at.slice(2);
  if (rest[0] === 'fields' && typeof rest[1] === 'number') {
    const field = get(root, at.slice(0, 4));
    const name = text(childOf(field, 'label')) ?? text(childOf(field, 'key')) ?? `#${rest[1] + 1}`;
    where = `field "${name}" in ${where}`;
    rest = rest.slice(2);
  }
  return rest.length === 0 ? where : `${rest.join('.')} of ${where}`;
}

/**
 * Validates settings as read from the file, part by part. Pure: no file is touched.
 *
 * Each round removes the innermost thing the schema complains about (a key, or an item of a list)
 * and checks again: a key with a default falls back to it; a required key that goes takes the
 * object around it (a field without a key, a profile without a name) along.
 */
export function repairSettings(raw: unknown, file = 'settings.json'): Omit<SettingsRead, 'stamp'> {
  const whole = Settings.safeParse(raw);
  if (whole.success) return { settings: whole.data, report: null };
  if (!isObject(raw)) return unreadable(file, 'it does not hold a settings object');
  const value = structuredClone(raw) as Record<string, unknown>;
  // Items of lists are removed as the loop goes: each list's original indices, for the report.
  const original = new WeakMap<unknown[], number[]>();
  const originalPath = (at: readonly Key[]): Key[] => {
    let here: unknown = value;
    return at.map((key) => {
      const list = here;
      here = childOf(here, key);
      return Array.isArray(list) && typeof key === 'number' ? (original.get(list)?.[key] ?? key) : key;
    });
  };
  const problems: SettingsProblem[] = [];
  let settings: Settings | undefined;
  // Each round removes something, so the loop ends; the bound is for safety only.
  for (let round = 0; round < 10_000; round++) {
    const parsed = Settings.safeParse(value);
    if (parsed.success) {
      settings = parsed.data;
      break;
    }
    const issue = parsed.error.issues[0]!;
    let at = issue.path.filter((key): key is Key => typeof key !== 'symbol');
    while (at.length > 0 && !has(value, at)) at = at.slice(0, -1);
    if (at.length === 0) break;
    const parent = get(value, at.slice(0, -1)) as Container;
    const key = at.at(-1)!;
    const where = originalPath(at);
    // What was already said about something inside this part becomes the reason it goes.
    const inner = problems.filter((p) => startsWith(p.path, where));
    const shown = inner[0] ? undefined : shorten(get(value, at));
    const problem: SettingsProblem = {
      path: where,
      what: describe(value, at),
      ...(shown === undefined ? {} : { value: shown }),
      reason: inner[0] ? `${inner[0].path.slice(where.length).join('.')}: ${inner[0].reason}` : issue.message,
      outcome: Array.isArray(parent) || isRecordOf(at) ? 'dropped' : 'default',
    };
    problems.splice(0, problems.length, ...problems.filter((p) => !inner.includes(p)), problem);
    if (Array.isArray(parent) && typeof key === 'number') {
      const indices = original.get(parent) ?? parent.map((_, i) => i);
      indices.splice(key, 1);
      original.set(parent, indices);
      parent.splice(key, 1);
    } else {
      delete (parent as Record<string, unknown>)[key];
    }
  }
  if (settings === undefined) return unreadable(file, 'its parts could not be told apart');
  const privacyStrict = problems.some((p) => p.path[0] === 'privacy');
  // Never relaxed by a repair: with a part of privacy unknown, nothing leaves the machine.
  if (privacyStrict) settings.privacy.localOnly = true;
  // Where images are sent cannot be guessed either: the offline engine is used instead.
  const providerReset = problems.some(
    (p) => p.path[0] === 'provider' && (p.path.length === 1 || p.path[1] === 'id' || p.path[1] === 'baseUrl'),
  );
  if (providerReset) settings.provider = structuredClone(DEFAULT_SETTINGS.provider);
  return { settings, report: { file, problems, privacyStrict, providerReset } };
}

/** A key of a record (a price by model name) is an item of a list, not a setting of its own. */
function isRecordOf(at: readonly Key[]): boolean {
  return at.length === 2 && at[0] === 'prices';
}

function unreadable(file: string, why: string): Omit<SettingsRead, 'stamp'> {
  const settings = structuredClone(DEFAULT_SETTINGS);
  settings.privacy.localOnly = true;
  return {
    settings,
    report: { file, unreadable: why, problems: [], privacyStrict: true, providerReset: false },
  };
}

/** Changes whenever the file is replaced or written; null when there is no file. */
export function settingsStamp(file: string): string | null {
  const stat = statSync(file, { throwIfNoEntry: false, bigint: true });
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}` : null;
}

/**
 * The original of a damaged file, copied aside (settings.json.broken-<time>) once: a file already
 * copied with the same content is not copied again.
 */
function copyAside(file: string, text: string): string {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.broken-`;
  for (const name of readdirSync(dir).filter((n) => n.startsWith(prefix))) {
    const copy = path.join(dir, name);
    try {
      if (readFileSync(copy, 'utf8') === text) return copy;
    } catch {
      // Gone, or not a file: not a copy of this one.
    }
  }
  for (let n = 0; ; n++) {
    const copy = path.join(dir, `${prefix}${Date.now()}${n === 0 ? '' : `-${n}`}`);
    try {
      writeFileSync(copy, text, { flag: 'wx', mode: 0o600 });
      return copy;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

interface RawRead extends SettingsRead {
  text: string | null;
}

function readRaw(file: string, logger: Logger): RawRead {
  const stamp = settingsStamp(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { settings: structuredClone(DEFAULT_SETTINGS), report: null, stamp: null, text: null };
    throw error;
  }
  let read: Omit<SettingsRead, 'stamp'>;
  try {
    read = repairSettings(JSON.parse(text), file);
  } catch (error) {
    read = unreadable(file, `it is not valid JSON: ${(error as Error).message}`);
  }
  if (read.report) {
    read.report.copy = copyAside(file, text);
    logger.warn(describeSettingsReport(read.report));
  }
  return { ...read, stamp, text };
}

/**
 * Reads settings.json. A damaged file is never fatal: its valid parts are used, the rest falls
 * back as repairSettings says, the original is copied aside, and the report says so (and goes to
 * the log). The file itself is left as it is; the next save writes the repaired settings.
 */
export function readSettings(file: string, logger: Logger): SettingsRead {
  const { settings, report, stamp } = readRaw(file, logger);
  return { settings, report, stamp };
}

/** The settings alone; see readSettings. */
export function loadSettings(file: string, logger: Logger): Settings {
  return readSettings(file, logger).settings;
}

/** How long a lock may go without its holder touching it before it counts as left by a crash. */
const STALE_MS = 10_000;
/**
 * Waiting for the lock: short steps first, then up to about half a minute in all. Only a lock that
 * another process holds is waited for; any other failure to take it (a read-only data home) is
 * said at once.
 */
const RETRIES = { retries: 100, factor: 1.25, minTimeout: 5, maxTimeout: 250 };

/** One change at a time within this process too, so its callers queue instead of polling the lock. */
const queues = new Map<string, Promise<unknown>>();

async function takeLock(file: string, logger: Logger): Promise<() => Promise<void>> {
  let wait = RETRIES.minTimeout;
  for (let attempt = 0; ; attempt++) {
    try {
      return await lockfile.lock(file, {
        realpath: false,
        stale: STALE_MS,
        // Retried here, not by proper-lockfile, which would retry every error alike: a folder that
        // cannot be written kept a save waiting for half a minute before it failed.
        retries: 0,
        // The work under the lock takes milliseconds; if the lock was taken over anyway, say so
        // instead of crashing the process (proper-lockfile's default).
        onCompromised: (error) => logger.warn(`The lock on ${file} was lost while saving`, error),
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOCKED' && attempt < RETRIES.retries) {
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(wait * (1 + Math.random()), RETRIES.maxTimeout)),
        );
        wait *= RETRIES.factor;
        continue;
      }
      if (code === 'ELOCKED') throw userError('settings.lockHeld', { file }, { cause: error });
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
        throw userError('settings.readOnly', { home: path.dirname(file) }, { cause: error });
      throw error;
    }
  }
}

async function withLock<T>(file: string, logger: Logger, work: () => Promise<T>): Promise<T> {
  const key = path.resolve(file);
  const run = (queues.get(key) ?? Promise.resolve()).then(async () => {
    const release = await takeLock(file, logger);
    try {
      return await work();
    } finally {
      await release().catch((error: unknown) => logger.warn(`Could not release ${file}.lock`, error));
    }
  });
  const settled = run.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

/**
 * Changes settings.json: under the lock that every Extracto process takes, the file is read again
 * (repaired as readSettings does), `change` makes the new settings from what it holds now, and the
 * result is written atomically. `change` may throw to save nothing.
 */
export async function updateSettings(
  file: string,
  logger: Logger,
  change: (current: Settings) => Settings,
): Promise<SettingsRead> {
  return withLock(file, logger, async () => {
    const read = readRaw(file, logger);
    const next = Settings.parse(change(structuredClone(read.settings)));
    const text = `${JSON.stringify(next, null, 2)}\n`;
    if (text === read.text) return { settings: next, report: read.report, stamp: read.stamp };
    await writeFileAtomic(file, text);
    return { settings: next, report: read.report, stamp: settingsStamp(file) };
  });
}

/** Writes these settings as they are (whatever the file holds now is replaced), under the lock. */
export async function saveSettings(
  file: string,
  settings: Settings,
  logger: Logger = silentLogger,
): Promise<void> {
  await updateSettings(file, logger, () => settings);
}

/**
 * The change a caller made, applied to what the file holds now. `mine` was made from `base` (the
 * settings as this process last knew them), `theirs` is the file as read under the lock: what
 * `mine` did not change keeps its value from `theirs` (another process may have changed it), what it
 * changed takes its value from `mine`. Objects are merged key by key, profiles by id; other lists
 * and values are replaced as a whole.
 */
export function mergeSettingsChange(base: Settings, mine: Settings, theirs: Settings): Settings {
  return Settings.parse(merge(base, mine, theirs, []));
}

function merge(base: unknown, mine: unknown, theirs: unknown, at: readonly string[]): unknown {
  if (same(base, mine)) return theirs;
  if (at.length === 1 && at[0] === 'profiles' && Array.isArray(mine))
    return mergeProfiles(asList(base), mine, asList(theirs));
  if (isObject(base) && isObject(mine) && isObject(theirs)) {
    const out: Record<string, unknown> = { ...theirs };
    for (const key of new Set([...Object.keys(base), ...Object.keys(mine)])) {
      if (!Object.hasOwn(mine, key)) {
        if (Object.hasOwn(base, key)) delete out[key];
      } else {
        const merged = merge(base[key], mine[key], theirs[key], [...at, key]);
        if (merged === undefined) delete out[key];
        else out[key] = merged;
      }
    }
    return out;
  }
  return mine;
}

type Identified = { id: string };
const asList = (value: unknown): Identified[] => (Array.isArray(value) ? (value as Identified[]) : []);

function mergeProfiles(base: Identified[], mine: Identified[], theirs: Identified[]): Identified[] {
  const kept = new Set(mine.map((p) => p.id));
  const removed = new Set(base.filter((p) => !kept.has(p.id)).map((p) => p.id));
  const out = theirs.filter((p) => !removed.has(p.id));
  for (const profile of mine) {
    const before = base.find((p) => p.id === profile.id);
    if (before && same(before, profile)) continue;
    const i = out.findIndex((p) => p.id === profile.id);
    if (i >= 0) out[i] = profile;
    else out.push(profile);
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    return (
      keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length &&
      keys.every((k) => same(a[k], b[k]))
    );
  }
  return false;
}
