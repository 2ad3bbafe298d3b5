import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { usageError } from '../shared/errors.ts';
import { inputExtension } from '../shared/input-files.ts';

export interface InputList {
  /** Absolute paths, in the order they will be read. */
  files: string[];
  /** A folder was named: its images are a batch even when it holds one. */
  fromFolder: boolean;
}

export interface ListOptions {
  /** Descend into subfolders (`extract --recursive`). */
  recursive: boolean;
  /** Folders never read while descending: the data home (its stored captures are not inputs). */
  skip: readonly string[];
}

/** Name order as a file manager shows it: page2 before page10, case aside (then by code point). */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const byName = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/**
 * The files `extract` reads for the paths it was given: a file as it is (readInput checks it
 * later, and says what is wrong with it), a folder as the images and PDFs in it, in name order,
 * with its subfolders' in their place when `recursive`. Hidden files and folders are skipped, and
 * so is the data home. A folder is read once however many links lead to it, so a link back up the
 * tree ends there instead of looping. A named folder with nothing to read is a usage error.
 */
export async function listInputs(paths: readonly string[], options: ListOptions): Promise<InputList> {
  const skip = new Set(await Promise.all(options.skip.map((p) => realpath(p).catch(() => path.resolve(p)))));
  const seen = new Set<string>();
  const files: string[] = [];
  let fromFolder = false;
  for (const named of paths) {
    const isFolder = await stat(named).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isFolder) {
      files.push(named);
      continue;
    }
    fromFolder = true;
    const found = { files: [] as string[], subfolders: false };
    await walk(named, options.recursive, { skip, seen }, found);
    if (found.files.length === 0) {
      throw options.recursive || !found.subfolders
        ? usageError('input.folderEmpty', { folder: named })
        : usageError('input.folderEmptyTryRecursive', { folder: named });
    }
    files.push(...found.files);
  }
  return { files, fromFolder };
}

async function walk(
  folder: string,
  recursive: boolean,
  visited: { skip: ReadonlySet<string>; seen: Set<string> },
  found: { files: string[]; subfolders: boolean },
): Promise<void> {
  const real = await realpath(folder);
  if (visited.seen.has(real)) return;
  visited.seen.add(real);
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw usageError(
      'input.folderUnreadable',
      { folder, reason: (error as NodeJS.ErrnoException).code ?? '' },
      error,
    );
  }
  entries.sort((a, b) => byName(a.name, b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (await isFolder(entry, full)) {
      found.subfolders = true;
      if (!recursive || visited.skip.has(await realpath(full))) continue;
      await walk(full, recursive, visited, found);
    } else if (inputExtension(entry.name)) {
      // Listed by its name even when it cannot be opened (a dangling link): readInput's check then
      // names it, rather than the folder silently reading one image fewer.
      found.files.push(full);
    }
  }
}

/** A folder, or a link to one (a link that leads nowhere is not). */
async function isFolder(entry: Dirent, full: string): Promise<boolean> {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  return stat(full).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
