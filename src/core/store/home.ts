import { closeSync, openSync } from 'node:fs';
import { dataPaths, ensureDataHome, type DataPaths } from '../paths.ts';

/** An error that says the file system refuses to write there (permissions, a read-only mount). */
function isReadOnlyFsError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
}

/**
 * ensureDataHome, except that a data home where folders cannot be made (read-only: a mounted
 * backup, another user's folder) is used as it is: history, show and export still read it, and
 * the store refuses changes with one sentence.
 */
export function openDataHome(home: string): DataPaths {
  try {
    return ensureDataHome(home);
  } catch (error) {
    if (isReadOnlyFsError(error)) return dataPaths(home);
    throw error;
  }
}

/**
 * Whether a log file can be written (it is created when missing, 0600). Where it cannot, nothing
 * should try: the logging library would print its failure, with a stack trace, on stderr.
 */
export function canAppendTo(file: string): boolean {
  try {
    closeSync(openSync(file, 'a', 0o600));
    return true;
  } catch {
    return false;
  }
}
