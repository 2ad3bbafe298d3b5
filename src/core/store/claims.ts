import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { processAlive } from '../atomic.ts';

/**
 * Who is running a result again, across processes: journal/claims/<id>, created exclusively and
 * holding the claimant's pid. The tray app's queue and `extracto retry` work on one data home at
 * once, and without this both would send the same pending image and be billed twice. A claim whose
 * process is gone (killed mid-request) or that is older than any request may take is stale and is
 * taken over.
 */
const STALE_MS = 2 * 60 * 60_000;
/** Longer than any pause between creating a claim file and writing its pid into it. */
const WRITING_MS = 30_000;

export class Claims {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The claim on `id`, with its release; null while another running process holds it. */
  async take(id: string): Promise<(() => Promise<void>) | null> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `${path.basename(id)}.claim`);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(file, String(process.pid), { flag: 'wx', mode: 0o600 });
        return () => rm(file, { force: true }).catch(() => undefined);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (!(await this.stale(file))) return null;
      await rm(file, { force: true });
    }
    // Another process took over the same stale claim between our look and our write.
    return null;
  }

  private async stale(file: string): Promise<boolean> {
    try {
      const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
      const age = Date.now() - info.mtimeMs;
      // Created but its pid not written yet: the claimant is alive this very moment.
      if (text === '' && age < WRITING_MS) return false;
      return !processAlive(Number(text)) || age > STALE_MS;
    } catch (error) {
      // Released meanwhile: free to take.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw error;
    }
  }
}
