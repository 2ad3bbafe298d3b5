import {
  accessSync,
  chmodSync,
  constants,
  type Dirent,
  existsSync,
  lstatSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { chmod } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import type { Logger } from './log.ts';

/**
 * The data home holds screenshots of whatever was on screen (bank pages, invoices), what was read
 * from them, the log and the encrypted keys: on POSIX it is the user's alone, folders 0700 and
 * files 0600. Windows has no such modes to set: the data home is in %APPDATA%, inside the user's
 * profile, whose ACL already keeps other users out, and what is created there inherits it.
 */

/** No permission for group or others. */
const PRIVATE_UMASK = 0o077;

/** The umask the process had before usePrivateUmask changed it: the user's own. */
let userMask: number | undefined;

/**
 * From now on every file and folder this process creates is private to the user (0600 / 0700 for
 * the usual 0666 / 0777 requests): results, images, settings, secrets.json, the log, the SQLite
 * index and the -wal/-shm files SQLite creates beside it, exports and temp files — in the app
 * Chromium's profile under userData too. One rule for the process instead of a mode at every
 * writer, so a writer added later (or a library's) cannot forget it.
 *
 * Call it first thing in the CLI and in Electron's main process. The umask belongs to the process:
 * worker threads and child processes started afterwards inherit it, and a worker thread cannot
 * set it (this does nothing there). Does nothing on Windows.
 */
export function usePrivateUmask(platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32' || !isMainThread) return;
  const previous = process.umask(PRIVATE_UMASK);
  // What the user masks already stays masked (0o277 keeps new files read-only).
  if ((previous & ~PRIVATE_UMASK) !== 0) process.umask(previous | PRIVATE_UMASK);
  userMask ??= previous;
}

/**
 * The mode the person's own umask gives a new file, for a file written outside the data home
 * where they asked (`extracto export --out ~/Desktop/invoices.csv`); null when this process kept
 * its umask (then that file already got it).
 */
function userFileMode(): number | null {
  return userMask === undefined ? null : 0o666 & ~userMask;
}

/** Whether `file` is the data home or inside it. */
function insideHome(home: string, file: string): boolean {
  const relative = path.relative(path.resolve(home), path.resolve(file));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * A file written where the person asked: inside the data home it stays private; anywhere else it
 * gets what their umask gives any new file (as a download or a `cp` would), so an export to a
 * shared folder is readable as they set things up — the private rule is the data home's, not
 * theirs.
 */
export async function followUserUmask(file: string, home: string): Promise<void> {
  const mode = userFileMode();
  if (mode === null || insideHome(home, file)) return;
  await chmod(file, mode);
}

/** Marks a data home whose existing files were made private once (the whole-tree walk is done). */
export const PRIVATE_MARKER = '.private';

export interface PrivacyReport {
  /** Files and folders whose group and other permissions were removed. */
  tightened: number;
  /** Those that could not be changed (another owner), the first few. */
  failed: string[];
  failedCount: number;
  /** Whether every file below the home was visited (once per data home). */
  walked: boolean;
  /** Why nothing was changed, when nothing was. */
  skipped?: string;
}

const GROUP_OTHER = 0o077;

function fail(report: PrivacyReport, file: string, error: unknown): void {
  // Deleted while we looked (a temp file renamed away): nothing to protect.
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
  report.failedCount++;
  if (report.failed.length < 5) report.failed.push(file);
}

/** Removes group and other permissions from one file or folder; symlinks are left alone. */
function tighten(file: string, report: PrivacyReport, follow = false): void {
  try {
    const { mode } = follow ? statSync(file) : lstatSync(file);
    if ((mode & GROUP_OTHER) === 0) return;
    chmodSync(file, mode & 0o7700);
    report.tightened++;
  } catch (error) {
    fail(report, file, error);
  }
}

/** Every file and folder below `dir`, without following symlinks (they may point anywhere). */
function tightenTree(dir: string, report: PrivacyReport): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    fail(report, dir, error);
    return;
  }
  for (const entry of entries) {
    if (entry.isSymbolicLink()) continue;
    const file = path.join(dir, entry.name);
    tighten(file, report);
    if (entry.isDirectory()) tightenTree(file, report);
  }
}

/**
 * Makes an existing data home private (POSIX), for homes created before this rule or loosened since
 * (a restored backup): on every start the home and what is directly in it (cheap: a few entries),
 * and once per data home every file below it, remembered by the PRIVATE_MARKER file — a walk costs
 * ~0.8 s per 100,000 files here, too much to repeat on each start. Only group and other
 * permissions are removed; the owner's are kept. Symlinks are not followed inside the home.
 * A data home that is the user's home folder or a file-system root (EXTRACTO_HOME set by mistake)
 * is left as it is, and so is one this process cannot write (read-only: it is only read).
 */
export function makeDataHomePrivate(
  home: string,
  logger?: Logger,
  platform: NodeJS.Platform = process.platform,
): PrivacyReport {
  const report: PrivacyReport = { tightened: 0, failed: [], failedCount: 0, walked: false };
  if (platform === 'win32') return { ...report, skipped: 'Windows: the user profile ACL applies' };
  const root = path.resolve(home);
  if (root === path.resolve(homedir()) || root === path.parse(root).root) {
    const skipped = `the data home ${root} is not a folder of its own`;
    logger?.warn(`Permissions left as they are: ${skipped}; point EXTRACTO_HOME at a folder for Extracto.`);
    return { ...report, skipped };
  }
  // A home this process cannot change (a read-only mount, another user's folder) is only read:
  // nothing to close, and no walk repeated on every start for want of a marker.
  try {
    accessSync(root, constants.W_OK);
  } catch {
    return { ...report, skipped: `the data home ${root} cannot be written` };
  }
  // The home itself may be a symlink to where the data really is: that folder is the one to close.
  tighten(root, report, true);
  const marker = path.join(root, PRIVATE_MARKER);
  report.walked = !existsSync(marker);
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch (error) {
    fail(report, root, error);
    entries = [];
  }
  for (const entry of entries) {
    if (entry.isSymbolicLink()) continue;
    const file = path.join(root, entry.name);
    tighten(file, report);
    if (report.walked && entry.isDirectory()) tightenTree(file, report);
  }
  if (report.walked) {
    try {
      writeFileSync(
        marker,
        'Files and folders here were made private to their owner (0600/0700) once; Extracto keeps new ones so.\n',
        { mode: 0o600 },
      );
    } catch (error) {
      fail(report, marker, error);
    }
  }
  if (report.tightened > 0)
    logger?.info(`Made ${report.tightened} file(s) and folder(s) in ${root} private to their owner.`);
  if (report.failedCount > 0)
    logger?.warn(
      `${report.failedCount} file(s) in ${root} could not be made private (another owner?): ${report.failed.join(', ')}`,
    );
  return report;
}
