import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { processAlive } from '../atomic.ts';

/**
 * The write journal: journal/<id>.<pid>.<seq>-<random>.json, one small file per change of a result
 * under way. It is written before the change touches anything (image, result file, index row) and
 * removed once the index row is in, so a marker that outlives its writer names exactly the result
 * whose files and index may disagree: a process killed between the result file's rename and the
 * index, or whose index write failed. The next opener makes the index match the files for those
 * ids. A marker also holds what the change meant to store, which is how a capture whose image was
 * written but whose result file never was (killed in between) still becomes its result.
 *
 * The journal lives in files, not in the index, so it works when the index is busy, being rebuilt,
 * or damaged. Markers are not flushed to disk: they guard against a process dying, and a marker cut
 * short by a power cut is still a valid name (its content is then ignored).
 */

export type JournalOp =
  /** `result` as it is written to the result file (image path relative to the data home). */
  { op: 'write'; result: unknown } | { op: 'delete' };

export interface Marker {
  file: string;
  id: string;
  pid: number;
  /** Orders the markers of one id (time in ms * 1000 + a counter): the last tells what was meant last. */
  seq: number;
  mtimeMs: number;
  /** null when the content cannot be read (cut short). */
  entry: JournalOp | null;
}

const MARKER = /^(\d{8}T\d{6}-\d{3}Z-[a-z0-9]{4})\.(\d+)\.(\d+)-[0-9a-f]+\.json$/;

/**
 * A marker older than this is dealt with even when its writer still runs: every step of a write
 * takes milliseconds, so by then the writer has either finished (then the marker is gone) or its
 * index write failed and it has moved on. Dealing with a marker is idempotent (the index is made to
 * match what is on disk), so doing it for a slow writer costs nothing wrong.
 */
const MARKER_GRACE_MS = 2 * 60_000;

let sequence = 0;

export class Journal {
  readonly dir: string;
  private made = false;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Records a change about to be made; returns the marker to pass to end(). */
  async begin(id: string, entry: JournalOp): Promise<string> {
    if (!this.made) {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      this.made = true;
    }
    // The sequence number orders the markers of one id: the time in ms, then a counter for the
    // writes of one millisecond (two processes changing one result at one moment race anyway).
    const name = `${path.basename(id)}.${process.pid}.${Date.now() * 1000 + (sequence++ % 1000)}-${randomBytes(3).toString('hex')}.json`;
    const file = path.join(this.dir, name);
    await writeFile(file, JSON.stringify(entry), { flag: 'wx', mode: 0o600 });
    return file;
  }

  /** The change is complete, index included: the marker goes. */
  async end(marker: string): Promise<void> {
    // A marker that cannot be removed is harmless: the next catch-up finds nothing to do for it.
    await rm(marker, { force: true }).catch(() => undefined);
  }

  /**
   * Markers left behind: those of processes that are gone, of this process's own writes that are
   * not under way (`ownLive` says which are), and any older than MARKER_GRACE_MS.
   */
  async leftovers(ownLive: (file: string) => boolean, now: number = Date.now()): Promise<Marker[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const found: Marker[] = [];
    for (const name of names) {
      const m = MARKER.exec(name);
      if (!m) continue;
      const file = path.join(this.dir, name);
      const pid = Number(m[2]);
      let mtimeMs: number;
      try {
        mtimeMs = (await stat(file)).mtimeMs;
      } catch {
        continue; // ended meanwhile
      }
      const old = now - mtimeMs > MARKER_GRACE_MS;
      if (!old) {
        if (pid === process.pid ? ownLive(file) : processAlive(pid)) continue;
      }
      let entry: JournalOp | null = null;
      try {
        const parsed = JSON.parse(await readFile(file, 'utf8')) as JournalOp;
        if (parsed && (parsed.op === 'write' || parsed.op === 'delete')) entry = parsed;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      }
      found.push({ file, id: m[1]!, pid, seq: Number(m[3]), mtimeMs, entry });
    }
    return found;
  }
}

/** Markers grouped by result id, each group oldest first (so the last one is what was meant last). */
export function byResult(markers: readonly Marker[]): Map<string, Marker[]> {
  const groups = new Map<string, Marker[]>();
  for (const marker of markers) {
    const group = groups.get(marker.id) ?? [];
    group.push(marker);
    groups.set(marker.id, group);
  }
  for (const group of groups.values()) group.sort((a, b) => a.seq - b.seq || (a.file < b.file ? -1 : 1));
  return groups;
}
