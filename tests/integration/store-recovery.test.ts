import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, writeSync } from 'node:fs';
import fsp, {
  chmod,
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/core/atomic.ts';
import { newResultId } from '../../src/shared/ids.ts';
import { parseResult, type Result } from '../../src/shared/result.ts';
import type { Logger } from '../../src/core/log.ts';
import { IndexRepairingError, ResultStore } from '../../src/core/store/store.ts';
import { REPO, runCli, type CliRun } from '../helpers/cli.ts';
import { FakeApi, openaiResponse, refusedUrl } from '../helpers/fake-apis.ts';
import { storedResult } from '../helpers/stored-result.ts';
import { checkHome, runStoreChild, startStoreChild, STORE_CHILD } from '../helpers/store-procs.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'); // the bytes only need to round-trip
const TEN_MINUTES_AGO = () => new Date(Date.now() - 10 * 60_000);

function recordingLogger(): Logger & { warnings: string[]; infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  return {
    warnings,
    infos,
    info: (m: string) => void infos.push(m),
    error: (m: string) => void warnings.push(m),
    warn: (m: string) => void warnings.push(m),
  };
}

let seq = 0;
function makeResult(at: string, overrides: Partial<Result> = {}): Result {
  seq++;
  return storedResult(
    at,
    { id: 'invoices', name: 'Supplier invoices' },
    { invoice_number: `INV-${seq}`, supplier: 'Acme Corp' },
    {
      // A random part that repeats with the sequence: the same ids on every run.
      id: newResultId(new Date(at), () => ((seq * 7) % 36) / 36),
      source: { kind: 'file', path: `/docs/invoice-${seq}.png` },
      ...overrides,
    },
  );
}

function resultPath(home: string, id: string): string {
  return path.join(home, 'results', id.slice(0, 4), id.slice(4, 6), `${id}.json`);
}

let home: string;
let logger: ReturnType<typeof recordingLogger>;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'extracto-recovery-'));
  logger = recordingLogger();
});
afterEach(async () => {
  await chmod(home, 0o700).catch(() => undefined);
  await rm(home, { recursive: true, force: true });
});

describe('several processes on one data home (finding 2)', () => {
  it('writes again when its temp file is removed before the rename, and writes files 0600', async () => {
    const realRename = fsp.rename;
    let removed = 0;
    fsp.rename = async (from, to) => {
      // The first attempt's temp file vanishes just before it is renamed (an older build's cleaner).
      if (removed === 0) {
        removed++;
        await unlink(from);
      }
      return realRename(from, to);
    };
    syncBuiltinESMExports();
    try {
      const file = path.join(home, 'result.json');
      await writeFileAtomic(file, '{"ok":true}');
      expect(removed).toBe(1);
      expect(await readFile(file, 'utf8')).toBe('{"ok":true}');
      if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    } finally {
      fsp.rename = realRename;
      syncBuiltinESMExports();
    }
  });

  it('loses no result of a writer while other processes open the store over and over', async () => {
    // What the tester ran: one batch writer and history loops on one data home. The readers must
    // see the writer's temp files in flight (or the test proves nothing), and leave them alone.
    const stop = path.join(home, 'stop');
    await mkdir(path.join(home, 'images'), { recursive: true });
    const readers = [0, 1].map(() => startStoreChild(['read-loop', home, '15000', '--stop-file', stop]));
    const N = 120;
    const writer = await runStoreChild(['write', home, String(N)]);
    await writeFile(stop, '');
    const read = await Promise.all(readers.map((r) => r.exited));

    expect(writer.stderr).toBe('');
    expect(writer.lines.filter((l) => 'failed' in l)).toEqual([]);
    const saved = writer.lines.filter((l) => 'saved' in l).map((l) => l.saved as string);
    expect(saved).toHaveLength(N);
    const opens = read.reduce((n, r) => n + (r.lines[0]?.opens as number), 0);
    const tempsSeen = read.reduce((n, r) => n + (r.lines[0]?.tempsSeen as number), 0);
    expect(read.map((r) => r.code)).toEqual([0, 0]);
    expect(opens).toBeGreaterThan(20);
    expect(tempsSeen).toBeGreaterThan(0);

    const check = await checkHome(home);
    expect(check.unlisted).toEqual([]);
    expect(check.listedWithoutFile).toEqual([]);
    expect(check.imagesWithoutResult).toEqual([]);
    expect([...check.listed].sort()).toEqual([...saved].sort());
  }, 30_000);
});

describe('the index catches up with the files (finding 3)', () => {
  it('lists a result whose process was killed between its file and the index, and retries it', async () => {
    const first = await runStoreChild(['write', home, '2']);
    expect(first.code).toBe(0);
    // Killed (SIGKILL) after the third result's file is in place, before its index row.
    const killed = await runStoreChild(['write', home, '3', '--kill-at', 'index:3']);
    expect(killed.signal).toBe('SIGKILL');
    const lost = (await readdir(path.join(home, 'results'), { recursive: true })).filter((f) =>
      f.endsWith('.json'),
    );
    expect(lost).toHaveLength(5);

    const store = await ResultStore.open(home, { logger });
    try {
      expect(store.count()).toBe(5);
      expect(store.count({ status: 'pending' })).toBe(5); // `retry` finds it
      expect(store.openCatchUp).toMatchObject({ settled: 1, recovered: [] });
      expect(await readdir(path.join(home, 'journal'))).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('keeps what a process was still writing when its store was closed (a batch that stopped)', async () => {
    let store = await ResultStore.open(home, { logger });
    const saving = store.save(makeResult('2026-07-01T10:00:00.000Z'), { data: PNG, ext: 'png' });
    store.close(); // the batch gives up while this lane is still writing
    const saved = await saving;
    expect(existsSync(resultPath(home, saved.id))).toBe(true);
    store = await ResultStore.open(home, { logger });
    try {
      expect(store.list().items.map((s) => s.id)).toEqual([saved.id]);
    } finally {
      store.close();
    }
  });

  it('takes in a re-run whose process was killed before the index: the file says ok, so does the index', async () => {
    const first = await runStoreChild(['write', home, '1']);
    const id = first.lines[0]!.saved as string;
    const killed = await runStoreChild(['set-status', home, id, 'ok', '--kill-at', 'index:1']);
    expect(killed.signal).toBe('SIGKILL');
    expect(parseResult(JSON.parse(await readFile(resultPath(home, id), 'utf8'))).status).toBe('ok');

    const store = await ResultStore.open(home, { logger });
    try {
      expect(store.list().items.map((s) => [s.id, s.status])).toEqual([[id, 'ok']]);
      expect(store.count({ status: 'pending' })).toBe(0); // not run (and billed) again
    } finally {
      store.close();
    }
  });

  it('notices result files that arrived or went without it (copied in, deleted by hand) by folder mtimes', async () => {
    let store = await ResultStore.open(home, { logger });
    const kept = await store.save(makeResult('2026-01-15T10:00:00.000Z'));
    const removed = await store.save(makeResult('2026-01-16T10:00:00.000Z'));
    store.close();
    // Another machine's result copied in, with no journal and no index row; one file deleted.
    const copied = makeResult('2026-01-20T10:00:00.000Z');
    await writeFile(resultPath(home, copied.id), JSON.stringify(copied));
    await rm(resultPath(home, removed.id));

    store = await ResultStore.open(home, { logger });
    try {
      expect(store.list().items.map((s) => s.id)).toEqual([copied.id, kept.id]);
      expect(store.openCatchUp).toMatchObject({ added: 1, removed: 1, monthsChecked: 1 });
    } finally {
      store.close();
    }
    // Once the folder's mtime is old enough to be trusted, an open reads no month at all.
    const month = path.dirname(resultPath(home, kept.id));
    await utimes(month, TEN_MINUTES_AGO(), TEN_MINUTES_AGO());
    store = await ResultStore.open(home, { logger });
    store.close();
    store = await ResultStore.open(home, { logger });
    try {
      expect((await store.catchUp()).monthsChecked).toBe(0);
    } finally {
      store.close();
    }
  });

  it('opens and saves while another process holds the index for long, and catches up after', async () => {
    let store = await ResultStore.open(home, { logger });
    const first = await store.save(makeResult('2026-06-01T10:00:00.000Z'));
    store.close();
    const copied = makeResult('2026-06-02T10:00:00.000Z');
    await writeFile(resultPath(home, copied.id), JSON.stringify(copied));
    const index = path.join(home, 'index.sqlite');
    const { ino } = await stat(index);
    // Another process in the middle of a long write (a rebuild of a large history, say).
    const other = new DatabaseSync(index);
    other.exec('BEGIN IMMEDIATE');
    try {
      store = await ResultStore.open(home, { logger, busyTimeoutMs: 50 });
      expect(logger.warnings.some((w) => w.includes('could not be updated'))).toBe(true);
      const second = await store.save(makeResult('2026-06-03T10:00:00.000Z'));
      expect(store.list().items.map((s) => s.id)).toEqual([first.id]); // not yet
      other.exec('ROLLBACK');
      const caught = await store.catchUp();
      expect(caught).toMatchObject({ settled: 1, added: 1 });
      expect(store.list().items.map((s) => s.id)).toEqual([second.id, copied.id, first.id]);
      expect((await stat(index)).ino).toBe(ino); // the same file: never replaced for being busy
    } finally {
      other.close();
      store.close();
    }
  });

  /** A history in a past month whose folder mtime is settled, and its index closed. */
  async function settledHistory(count: number): Promise<Result[]> {
    const store = await ResultStore.open(home, { logger });
    const saved: Result[] = [];
    for (let i = 0; i < count; i++)
      saved.push(
        await store.save(
          makeResult(`2025-03-0${1 + (i % 9)}T10:00:${String(i % 60).padStart(2, '0')}.000Z`, {
            fields: { invoice_number: `INV-${i}`, note: 'x'.repeat(300) },
          }),
        ),
      );
    const month = path.join(home, 'results', '2025', '03');
    await utimes(month, TEN_MINUTES_AGO(), TEN_MINUTES_AGO());
    await store.catchUp();
    store.close();
    return saved;
  }

  /** Overwrites the root page of the `results` table: its first page reads, its rows do not. */
  function corruptResultsTable(): void {
    const file = path.join(home, 'index.sqlite');
    const db = new DatabaseSync(file);
    const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'results'").get() as {
      rootpage: number;
    };
    const { page_size: pageSize } = db.prepare('PRAGMA page_size').get() as { page_size: number };
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize);
    closeSync(fd);
  }

  it('rebuilds an index that SQLite finds malformed during a query, once, and says so', async () => {
    const saved = await settledHistory(60);
    corruptResultsTable();
    const store = await ResultStore.open(home, { logger });
    try {
      expect(store.repaired).toBeNull(); // nothing at open touched the damaged pages
      expect(() => store.list()).toThrow(IndexRepairingError);
      const page = await store.fetchPage({ limit: 100 });
      expect(page.total).toBe(60);
      expect(page.items.map((s) => s.id).sort()).toEqual(saved.map((r) => r.id).sort());
      expect(store.repaired).toMatch(
        /damaged \(database disk image is malformed\).*rebuilt .*\(60 results\)/,
      );
      expect(logger.warnings.filter((w) => w.includes('is damaged'))).toHaveLength(1);
    } finally {
      store.close();
    }
    // Rebuilt in place: the next process finds a sound index, with nothing to repair.
    const next = await ResultStore.open(home, { logger });
    try {
      expect(next.count()).toBe(60);
      expect(next.repaired).toBeNull();
      expect(next.list({ search: 'INV-42' }).total).toBe(1);
    } finally {
      next.close();
    }
  });

  it('`extracto history` and `export` work on a malformed index, with one line about it', async () => {
    await settledHistory(30);
    corruptResultsTable();
    const history = await runCli(['history', '--limit', '5'], { home });
    expect(history.code).toBe(0);
    expect(history.stdout.trim().split('\n')).toHaveLength(5);
    const said = history.stderr.split('\n').filter((l) => l.includes('damaged'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/rebuilt from the result files \(30 results\)/);
    expect(history.stderr).not.toMatch(/^\s+at /m);
    corruptResultsTable();
    const out = path.join(home, 'all.csv');
    const exported = await runCli(['export', '--format', 'csv', '--out', out], { home });
    expect(exported.stderr).toContain('Exported 30 results');
    expect(exported.code).toBe(0);
  }, 30_000);
});

describe('image paths relative to the data home (finding 10)', () => {
  it('stores images/<id>.<ext> in the file and resolves it wherever the data home is now', async () => {
    let store = await ResultStore.open(home, { logger });
    const saved = await store.save(makeResult('2026-02-01T10:00:00.000Z'), { data: PNG, ext: 'png' });
    expect(saved.image.path).toBe(path.join(home, 'images', `${saved.id}.png`));
    const onDisk = JSON.parse(await readFile(resultPath(home, saved.id), 'utf8')) as Result;
    expect(onDisk.image.path).toBe(`images/${saved.id}.png`);
    store.close();

    const moved = `${home}-moved`;
    await rename(home, moved);
    try {
      store = await ResultStore.open(moved, { logger });
      const read = await store.get(saved.id);
      expect(read!.image.path).toBe(path.join(moved, 'images', `${saved.id}.png`));
      expect(await readFile(read!.image.path)).toEqual(PNG);
      expect(store.list().items[0]!.image.path).toBe(read!.image.path);
      // A correction keeps the stored form relative.
      await store.update(saved.id, { supplier: 'Initech' });
      expect((JSON.parse(await readFile(resultPath(moved, saved.id), 'utf8')) as Result).image.path).toBe(
        `images/${saved.id}.png`,
      );
      store.close();
    } finally {
      await rename(moved, home);
    }
  });

  it('reads results with absolute paths written before: inside the home, or from where it used to be', async () => {
    await mkdir(path.join(home, 'images'), { recursive: true });
    const inside = makeResult('2026-02-02T10:00:00.000Z');
    inside.image.path = path.join(home, 'images', `${inside.id}.png`);
    const moved = makeResult('2026-02-03T10:00:00.000Z');
    moved.image.path = path.join('/old/home/of/Extracto/images', `${moved.id}.jpg`);
    const elsewhere = makeResult('2026-02-04T10:00:00.000Z');
    elsewhere.image.path = '/somewhere/else/scan.png';
    // A data home brought over from Windows.
    const windows = makeResult('2026-02-05T10:00:00.000Z');
    windows.image.path = `C:\\Users\\me\\AppData\\Roaming\\Extracto\\images\\${windows.id}.png`;
    for (const r of [inside, moved, elsewhere, windows]) {
      await mkdir(path.dirname(resultPath(home, r.id)), { recursive: true });
      await writeFile(resultPath(home, r.id), JSON.stringify(r));
    }
    await writeFile(path.join(home, 'images', `${inside.id}.png`), PNG);
    await writeFile(path.join(home, 'images', `${moved.id}.jpg`), PNG);
    await writeFile(path.join(home, 'images', `${windows.id}.png`), PNG);

    const store = await ResultStore.open(home, { logger });
    try {
      expect((await store.get(inside.id))!.image.path).toBe(path.join(home, 'images', `${inside.id}.png`));
      expect((await store.get(moved.id))!.image.path).toBe(path.join(home, 'images', `${moved.id}.jpg`));
      expect((await store.get(elsewhere.id))!.image.path).toBe('/somewhere/else/scan.png');
      expect((await store.get(windows.id))!.image.path).toBe(path.join(home, 'images', `${windows.id}.png`));
      const listed = new Map(store.list().items.map((s) => [s.id, s.image.path]));
      expect(listed.get(moved.id)).toBe(path.join(home, 'images', `${moved.id}.jpg`));
      // Rewritten by a change: the path inside the home becomes relative, the foreign one stays.
      for (const id of [inside.id, elsewhere.id])
        await store.replace({ ...(await store.get(id))!, status: 'failed', error: 'x' });
      const file = async (id: string) =>
        (JSON.parse(await readFile(resultPath(home, id), 'utf8')) as Result).image.path;
      expect(await file(inside.id)).toBe(`images/${inside.id}.png`);
      expect(await file(elsewhere.id)).toBe('/somewhere/else/scan.png');
    } finally {
      store.close();
    }
  });

  describe('retry after the data home moved', () => {
    let api: FakeApi;
    beforeAll(async () => {
      api = await FakeApi.start();
    });
    afterAll(async () => {
      await api.close();
    });

    it('runs a pending result again from its image in the new place', async () => {
      const shot = await sharp({
        create: { width: 300, height: 200, channels: 3, background: { r: 255, g: 255, b: 255 } },
      })
        .png()
        .toBuffer();
      await writeFile(path.join(home, 'shot.png'), shot);
      const env = { OPENAI_API_KEY: 'sk-test-MOVED-0123456789abcdef' };
      const down = await refusedUrl('/v1');
      const run = await runCli(
        [
          'extract',
          'shot.png',
          '--fields',
          'total:number',
          '--provider',
          'openai',
          '--base-url',
          down,
          '--json',
        ],
        { home, env },
      );
      const pending = parseResult(JSON.parse(run.stdout.trim().split('\n')[0]!));
      expect(pending.status).toBe('pending');

      const moved = await mkdtemp(path.join(tmpdir(), 'extracto-moved-'));
      const newHome = path.join(moved, 'Extracto');
      await cp(home, newHome, { recursive: true });
      await rm(home, { recursive: true, force: true }); // the old place is gone
      try {
        api.script('POST /v1/responses', { json: openaiResponse({ text: '{"total": 42}' }) });
        const retry = await runCli(['retry', '--all', '--base-url', api.url('/v1'), '--json'], {
          home: newHome,
          env,
        });
        expect(retry.stderr).not.toContain('ENOENT');
        expect(retry.code).toBe(0);
        const done = parseResult(JSON.parse(retry.stdout.trim()));
        expect(done).toMatchObject({ id: pending.id, status: 'ok', fields: { total: 42 } });
        expect(done.image.path).toBe(path.join(newHome, 'images', `${pending.id}.png`));
      } finally {
        await rm(moved, { recursive: true, force: true });
        await mkdir(home, { recursive: true });
      }
    }, 30_000);
  });
});

/**
 * Runs the CLI as a user who cannot write the data home: as root, which writes anywhere, the child
 * runs as nobody (65534); otherwise the folder's own permissions refuse the writes.
 */
function runCliReadOnly(args: string[], cwd: string): Promise<CliRun> {
  return runReadOnly([path.join(REPO, 'bin/extracto.js'), ...args], cwd);
}

function runReadOnly(args: string[], cwd: string): Promise<CliRun> {
  const asNobody = process.getuid?.() === 0;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', EXTRACTO_HOME: home, HOME: cwd },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function makeReadOnly(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    await chmod(file, entry.isDirectory() ? 0o555 : 0o444);
  }
  await chmod(dir, 0o555);
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    await chmod(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
}

describe.skipIf(process.platform === 'win32')('a read-only data home (finding 11)', () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'extracto-ro-work-'));
    await chmod(work, 0o777); // where the export goes and the command runs
  });
  afterEach(async () => {
    await makeWritable(home);
    await rm(work, { recursive: true, force: true });
  });

  async function history(withLogs: boolean): Promise<Result[]> {
    const store = await ResultStore.open(home, { logger });
    const saved = [
      await store.save(makeResult('2026-03-01T10:00:00.000Z'), { data: PNG, ext: 'png' }),
      await store.save(makeResult('2026-03-02T10:00:00.000Z', { status: 'pending' }), {
        data: PNG,
        ext: 'png',
      }),
    ];
    // The month's mtime settled and recorded: the index is known to be current.
    await utimes(path.join(home, 'results', '2026', '03'), TEN_MINUTES_AGO(), TEN_MINUTES_AGO());
    await store.catchUp();
    store.close();
    if (withLogs) await mkdir(path.join(home, 'logs'));
    return saved;
  }

  it('history, show and export read it; extract says one sentence, exit 1, and nothing changes', async () => {
    const saved = await history(true);
    const index = path.join(home, 'index.sqlite');
    const before = await stat(index);
    await makeReadOnly(home);
    // The index file is read as it is (read-only), not rebuilt in memory.
    const described = await runReadOnly([STORE_CHILD, 'describe', home], work);
    expect(JSON.parse(described.stdout)).toEqual({
      readOnly: true,
      indexSource: 'file (read-only)',
      count: 2,
    });

    const listed = await runCliReadOnly(['history'], work);
    expect(listed.stderr).not.toMatch(/^\s+at /m);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(saved[0]!.id);
    expect(listed.stdout).toContain(saved[1]!.id);

    const shown = await runCliReadOnly(['show', saved[0]!.id], work);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: saved[0]!.id });

    const exported = await runCliReadOnly(
      ['export', '--format', 'csv', '--out', path.join(work, 'x.csv')],
      work,
    );
    expect(exported.code).toBe(0);
    expect(await readFile(path.join(work, 'x.csv'), 'utf8')).toContain(saved[1]!.id);

    await writeFile(
      path.join(work, 'shot.png'),
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
    );
    await chmod(path.join(work, 'shot.png'), 0o644);
    const extract = await runCliReadOnly(['extract', 'shot.png', '--fields', 'total:number'], work);
    expect(extract.code).toBe(1);
    expect(extract.stderr.trim()).toBe(
      `The data home ${home} is read-only: results cannot be saved, changed or deleted there. Make the folder writable, or set EXTRACTO_HOME to a writable one.`,
    );

    const after = await stat(index);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.ino).toBe(before.ino);
  }, 30_000);

  it('settings and retry on a read-only home: one sentence, at once', async () => {
    await history(true);
    await writeFile(path.join(home, 'settings.json'), '{"version": 1}\n');
    await makeReadOnly(home);
    const started = performance.now();
    const added = await runCliReadOnly(['profiles', 'add', 'other', '--fields', 'total:number'], work);
    // proper-lockfile retried the refused lock folder for 23 s, then "failed unexpectedly: EACCES".
    expect(performance.now() - started).toBeLessThan(5000);
    expect(added.code).toBe(1);
    expect(added.stderr.trim()).toBe(
      `The data home ${home} is read-only: settings cannot be saved there. Make the folder writable, or set EXTRACTO_HOME to a writable one.`,
    );
    // Not "Retrying 1 pending result…" first, then the refusal.
    const retried = await runCliReadOnly(['retry', '--all'], work);
    expect(retried.code).toBe(1);
    expect(retried.stderr.trim().split('\n')).toEqual([
      `The data home ${home} is read-only: results cannot be saved, changed or deleted there. Make the folder writable, or set EXTRACTO_HOME to a writable one.`,
    ]);
  }, 30_000);

  it('reads the files when there is no index and no logs folder', async () => {
    const saved = await history(false);
    for (const suffix of ['', '-wal', '-shm'])
      await rm(path.join(home, `index.sqlite${suffix}`), { force: true });
    await makeReadOnly(home);
    const described = await runReadOnly([STORE_CHILD, 'describe', home], work);
    expect(JSON.parse(described.stdout)).toEqual({ readOnly: true, indexSource: 'memory', count: 2 });
    const listed = await runCliReadOnly(['history', '--status', 'pending'], work);
    expect(listed.stderr).not.toMatch(/^\s+at /m);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split('\n')).toHaveLength(1);
    expect(listed.stdout).toContain(saved[1]!.id);
    expect(existsSync(path.join(home, 'index.sqlite'))).toBe(false);
  }, 30_000);
});

describe('captures cut short, damaged files (finding 12)', () => {
  it('keeps a capture whose process was killed after its image, before its result file', async () => {
    const killed = await runStoreChild(['write', home, '2', '--kill-at', 'result-rename:2']);
    expect(killed.signal).toBe('SIGKILL');
    const images = (await readdir(path.join(home, 'images'))).filter((n) => n.endsWith('.png'));
    expect(images).toHaveLength(2);

    const check = await checkHome(home);
    expect(check.imagesWithoutResult).toEqual([]);
    expect(check.unlisted).toEqual([]);
    expect(check.listed).toHaveLength(2);
    const store = await ResultStore.open(home, { logger });
    try {
      const recovered = store.list().items[0]!;
      // As it was about to be saved: pending, so the queue and `extracto retry` run it.
      expect(recovered).toMatchObject({ status: 'pending', profile: { name: 'Invoices' } });
      expect(recovered.image.path).toBe(path.join(home, 'images', `${recovered.id}.png`));
    } finally {
      store.close();
    }
  });

  it('removes the image temp file of a process killed while it stored the capture', async () => {
    const before = await readdir(path.join(home, 'images')).catch(() => [] as string[]);
    const killed = await runStoreChild(['write', home, '1', '--kill-at', 'image-rename:1']);
    expect(killed.signal).toBe('SIGKILL');
    const temps = (await readdir(path.join(home, 'images'))).filter((n) => n.endsWith('.tmp'));
    expect(temps).toHaveLength(1);
    const store = await ResultStore.open(home, { logger });
    store.close();
    const after = await readdir(path.join(home, 'images'));
    expect(after.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(after.sort()).toEqual(before.sort());
    const check = await checkHome(home);
    expect(check.imagesWithoutResult).toEqual([]);
    expect(check.unlisted).toEqual([]);
  });

  it('turns an old image without result or journal (an older build) into a failed result on rebuild', async () => {
    const store = await ResultStore.open(home, { logger });
    try {
      const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#fff' } })
        .png()
        .toBuffer();
      const oldId = newResultId(new Date('2026-04-01T08:00:00.000Z'));
      const youngId = newResultId(new Date());
      const old = path.join(home, 'images', `${oldId}.png`);
      const young = path.join(home, 'images', `${youngId}.png`);
      await writeFile(old, png);
      await utimes(old, TEN_MINUTES_AGO(), TEN_MINUTES_AGO());
      await writeFile(young, png); // a writer may be about to write its result: left alone
      const report = await store.rebuildIndex();
      expect(report.recovered).toEqual([oldId]);
      const result = (await store.get(oldId))!;
      expect(result).toMatchObject({
        status: 'failed',
        image: { path: old, width: 64, height: 48 },
        profile: { name: 'Unknown profile' },
      });
      expect(result.error).toContain('--profile');
      expect(store.count()).toBe(1);
      expect(existsSync(young)).toBe(true);
      expect(await store.get(youngId)).toBeNull();
    } finally {
      store.close();
    }
  });

  it('`extracto show` says a damaged result file is damaged, where it is, and that it was left untouched', async () => {
    const store = await ResultStore.open(home, { logger });
    const saved = await store.save(makeResult('2026-05-05T10:00:00.000Z'));
    store.close();
    const file = resultPath(home, saved.id);
    await writeFile(file, '{"version": 1, "id": "');
    const shown = await runCli(['show', saved.id], { home });
    expect(shown.code).toBe(1);
    expect(shown.stderr).toContain(`Result ${saved.id} is damaged`);
    expect(shown.stderr).toContain(`Its file was left untouched: ${file}`);
    expect(await readFile(file, 'utf8')).toBe('{"version": 1, "id": "');
    const retried = await runCli(['retry', saved.id], { home });
    expect(retried.code).toBe(1);
    expect(retried.stderr).toContain('is damaged');
  }, 20_000);
});
