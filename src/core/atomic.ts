import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Temp files are named `.<file name>.<pid>.<random hex>.tmp`: a dot file (no reader mistakes one
 * for a result or an image) that names the process writing it, so a cleaner in another process
 * can tell a live writer's temp file from one left by a crash.
 */
const TEMP_NAME = /^\.(.+)\.(\d+)\.([0-9a-f]+)\.tmp$/;

/** How many times a write is tried again when its temp file vanished before the rename. */
const RENAME_ATTEMPTS = 3;

function tempFor(file: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
}

/**
 * Writes a file so that readers see either the old content or the new, never a part: a temp file in
 * the same folder (same file system, so the rename is atomic), flushed to disk, then renamed over.
 * The file is created 0600 on POSIX (only its owner reads it; Windows ignores the mode).
 *
 * Several processes share a data home, and a cleaner elsewhere may remove a temp file it wrongly
 * takes for a leftover: when the temp file has vanished by the time of the rename, the write is
 * done again (a few times) instead of being lost, and if it still fails the error is thrown.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const temp = tempFor(file);
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    try {
      await rename(temp, file);
      return;
    } catch (error) {
      await rm(temp, { force: true });
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= RENAME_ATTEMPTS) throw error;
    }
  }
}

/** The pid that wrote a temp file (from its name); null when the name is not a temp file's. */
export function tempOwner(name: string): number | null {
  const m = TEMP_NAME.exec(name);
  return m ? Number(m[2]) : null;
}

/** Whether a process with this pid runs on this machine (signal 0 checks, it sends nothing). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is only someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A temp file is left over (safe to remove) only when no write can still be under way: older than
 * this, and its writer is no longer running. A write takes milliseconds; minutes leave room for a
 * slow disk or a process paused in a debugger.
 */
export const TEMP_GRACE_MS = 5 * 60_000;
/** Pids are reused: a temp file this old is a leftover even if some process now has its pid. */
const TEMP_MAX_AGE_MS = 24 * 60 * 60_000;

/** Whether a temp file (by name and modification time) is a leftover of a write that will never end. */
export function isStaleTemp(name: string, mtimeMs: number, now: number = Date.now()): boolean {
  const owner = tempOwner(name);
  if (owner === null) return false;
  const age = now - mtimeMs;
  if (age < TEMP_GRACE_MS) return false;
  return age > TEMP_MAX_AGE_MS || !processAlive(owner);
}
