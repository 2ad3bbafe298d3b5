import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileLogger } from '../../src/core/file-logger.ts';
import { ensureDataHome } from '../../src/core/paths.ts';
import { makeDataHomePrivate, PRIVATE_MARKER } from '../../src/core/private-files.ts';
import { REPO, type CliRun } from '../helpers/cli.ts';

const BIN = path.join(REPO, 'bin/extracto.js');
const RECEIPT = path.join(REPO, 'tests/fixtures/sroie/img/X00016469670.jpg');
const posix = process.platform !== 'win32';

/** `extracto …` started from a shell whose umask is `umask` (the person's own setting). */
function cli(args: string[], home: string, umask = '022', env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      '/bin/sh',
      ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, BIN, ...args],
      {
        cwd: path.dirname(home),
        env: { ...process.env, OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', ...env, EXTRACTO_HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const mode = (file: string) => lstatSync(file).mode & 0o777;

/** Every file and folder below `dir` (not following symlinks), with its permission bits. */
function modes(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const file = path.join(at, entry.name);
      if (entry.isSymbolicLink()) continue;
      out[path.relative(dir, file)] = mode(file);
      if (entry.isDirectory()) walk(file);
    }
  };
  walk(dir);
  return out;
}

/** Those of `modes` that someone other than the owner may read, write or enter. */
const open = (dir: string) =>
  Object.entries(modes(dir))
    .filter(([, m]) => (m & 0o077) !== 0)
    .map(([file, m]) => `${file} ${m.toString(8)}`);

// Issue 17: screenshots of whatever was on screen, what was read from them, the log and the keys
// were world-readable (home 755, files 644). On POSIX the data home is the user's alone.
describe.skipIf(!posix)('a private data home', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'extracto-private-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is created 0700 with files 0600 by the CLI, under a umask of 022', async () => {
    const home = path.join(dir, 'fresh', 'Extracto');
    await mkdir(path.dirname(home)); // the working folder; the home itself does not exist yet
    expect((await cli(['profiles', 'add', 'Receipts', '--fields', 'total:number'], home)).code).toBe(0);
    const extracted = await cli(['extract', RECEIPT, '--json'], home);
    expect(extracted.code, extracted.stderr).toBe(0);
    const { id, image } = JSON.parse(extracted.stdout) as { id: string; image: { path: string } };
    const inside = path.join(home, 'exports', 'all.csv');
    await mkdir(path.dirname(inside), { recursive: true, mode: 0o700 });
    expect((await cli(['export', '--format', 'csv', '--out', inside], home)).code).toBe(0);
    // A failed run writes the log's error side too.
    expect((await cli(['show', '20261124T220323-123Z-k3f9'], home)).code).not.toBe(0);

    const year = id.slice(0, 4);
    const month = id.slice(4, 6);
    const result = path.join(home, 'results', year, month, `${id}.json`);
    expect(existsSync(result)).toBe(true);
    expect(mode(home)).toBe(0o700);
    for (const folder of ['results', `results/${year}`, `results/${year}/${month}`, 'images', 'logs'])
      expect(mode(path.join(home, folder)), folder).toBe(0o700);
    for (const file of [result, path.resolve(home, image.path), path.join(home, 'logs', 'extracto.log')])
      expect(mode(file), file).toBe(0o600);
    for (const file of ['settings.json', 'index.sqlite', PRIVATE_MARKER, 'exports/all.csv'])
      expect(mode(path.join(home, file)), file).toBe(0o600);
    // And nothing else there either (index.sqlite-wal/-shm, whatever SQLite or a library made).
    expect(open(home)).toEqual([]);
    expect(await readFile(path.join(home, 'logs', 'extracto.log'), 'utf8')).toMatch(/no result/i);
  });

  it('leaves an export outside the data home as the person’s umask says', async () => {
    const home = path.join(dir, 'exporting');
    expect((await cli(['profiles', 'add', 'Receipts', '--fields', 'total:number'], home)).code).toBe(0);
    const desktop = path.join(dir, 'Desktop');
    await mkdir(desktop);
    expect(
      (await cli(['export', '--format', 'json', '--out', path.join(desktop, 'a.json')], home)).code,
    ).toBe(0);
    expect(mode(path.join(desktop, 'a.json'))).toBe(0o644);
    const strict = await cli(
      ['export', '--format', 'csv', '--out', path.join(desktop, 'b.csv')],
      home,
      '027',
    );
    expect(strict.code).toBe(0);
    expect(mode(path.join(desktop, 'b.csv'))).toBe(0o640);
    // The default place is the working folder: the same rule.
    const plain = await cli(['export', '--format', 'csv'], home);
    const written = /Exported \d+ results? to (.+)\.\n/.exec(plain.stderr)?.[1];
    expect(written && mode(written)).toBe(0o644);
  });

  it('closes an existing 755/644 home on start: everything once, the top level every time', async () => {
    const home = path.join(dir, 'old');
    expect((await cli(['profiles', 'add', 'Receipts', '--fields', 'total:number'], home)).code).toBe(0);
    // As a home made before issue 17 looks (or one restored from a backup).
    await rm(path.join(home, PRIVATE_MARKER));
    const nested = path.join(home, 'results', '2026', '03');
    await mkdir(nested, { recursive: true });
    await writeFile(path.join(nested, 'x.json'), '{}');
    await writeFile(path.join(home, 'images', 'x.png'), 'png');
    await writeFile(path.join(home, 'logs', 'extracto.old.log'), 'old');
    await writeFile(path.join(home, 'secrets.json'), '{}');
    await writeFile(path.join(home, 'Preferences'), '{}'); // Chromium's profile shares the folder
    const outside = path.join(dir, 'elsewhere.txt');
    await writeFile(outside, 'not Extracto’s');
    await chmod(outside, 0o644);
    await symlink(outside, path.join(home, 'images', 'link.png'));
    for (const file of Object.keys(modes(home)))
      await chmod(path.join(home, file), lstatSync(path.join(home, file)).isDirectory() ? 0o755 : 0o644);
    await chmod(home, 0o755);
    expect(open(home).length).toBeGreaterThan(10);

    expect((await cli(['history'], home)).code).toBe(0);
    expect(mode(home)).toBe(0o700);
    expect(open(home)).toEqual([]);
    expect(mode(path.join(home, 'secrets.json'))).toBe(0o600);
    expect(mode(path.join(nested, 'x.json'))).toBe(0o600);
    // A symlink is not followed: what it points to is not the data home's.
    expect(mode(outside)).toBe(0o644);
    expect(await readFile(path.join(home, 'logs', 'extracto.log'), 'utf8')).toMatch(/private to their owner/);

    // Once: a later start does not walk the tree again, but still closes the home and its top level.
    await chmod(path.join(nested, 'x.json'), 0o644);
    await chmod(path.join(home, 'settings.json'), 0o644);
    await chmod(home, 0o755);
    expect((await cli(['history'], home)).code).toBe(0);
    expect(mode(home)).toBe(0o700);
    expect(mode(path.join(home, 'settings.json'))).toBe(0o600);
    expect(mode(path.join(nested, 'x.json'))).toBe(0o644);
  });

  it('keeps secrets.json 0600 in the app’s start sequence (umask first, then the service)', async () => {
    const home = path.join(dir, 'app');
    // What src/main/index.ts does, without Electron: the umask first, the service, then a key saved
    // in the keychain-encrypted store.
    const script = `
      import { usePrivateUmask } from ${JSON.stringify(path.join(REPO, 'src/core/private-files.ts'))};
      usePrivateUmask();
      const { AppService } = await import(${JSON.stringify(path.join(REPO, 'src/app/service.ts'))});
      const { SecretStore } = await import(${JSON.stringify(path.join(REPO, 'src/main/secrets.ts'))});
      const app = await AppService.open({ home: process.env.EXTRACTO_HOME, env: {} });
      const port = {
        available: async () => true,
        encrypt: async (text) => Buffer.from([...text].reverse().join('')),
        decrypt: async (data) => ({ text: [...data.toString()].reverse().join(''), stale: false }),
      };
      await new SecretStore(process.env.EXTRACTO_HOME + '/secrets.json', port).set('OPENAI_API_KEY', 'sk-test-0123456789abcdef');
      app.logger.info('started');
      await app.close();
    `;
    const run = await new Promise<CliRun>((resolve, reject) => {
      const child = spawn(
        '/bin/sh',
        ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, '--input-type=module', '-e', script],
        { env: { ...process.env, EXTRACTO_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout: '', stderr }));
    });
    expect(run.code, run.stderr).toBe(0);
    expect(mode(home)).toBe(0o700);
    expect(mode(path.join(home, 'secrets.json'))).toBe(0o600);
    expect(open(home)).toEqual([]);
  });

  it('makes its folders 0700 and its log 0600 even where the umask was not changed', async () => {
    // AppService.open in a process that never called usePrivateUmask (tests; an app whose main has
    // not yet): the folders it creates and electron-log's file are private all the same.
    const home = path.join(dir, 'in-process', 'Extracto');
    const paths = ensureDataHome(home);
    for (const folder of [home, paths.results, paths.images, paths.logs])
      expect(mode(folder), folder).toBe(0o700);
    const logger = createFileLogger(paths.logs);
    logger.info('hello');
    const log = path.join(paths.logs, 'extracto.log');
    await expect.poll(() => existsSync(log)).toBe(true);
    expect(mode(log)).toBe(0o600);
  });

  it('leaves alone a "data home" that is the user’s home folder', async () => {
    const fakeHome = path.join(dir, 'user');
    await mkdir(fakeHome);
    await chmod(fakeHome, 0o755);
    await writeFile(path.join(fakeHome, 'notes.txt'), 'mine');
    await chmod(path.join(fakeHome, 'notes.txt'), 0o644);
    const saved = process.env.HOME;
    process.env.HOME = fakeHome; // os.homedir() reads it on POSIX
    try {
      const report = makeDataHomePrivate(fakeHome);
      expect(report.skipped).toMatch(/not a folder of its own/);
    } finally {
      process.env.HOME = saved;
    }
    expect(mode(fakeHome)).toBe(0o755);
    expect(mode(path.join(fakeHome, 'notes.txt'))).toBe(0o644);
    expect(existsSync(path.join(fakeHome, PRIVATE_MARKER))).toBe(false);
  });
});
