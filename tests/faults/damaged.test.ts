import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeApi, refusedUrl } from '../helpers/fake-apis.ts';
import {
  answering,
  Cli,
  documentFiles,
  FAULT,
  figures,
  hasStackTrace,
  jsonLines,
  makeSecrets,
  rng,
  statusCounts,
  verifyHome,
  workspace,
} from './harness.ts';

/**
 * Damaged files in the data home, as a crash, a full disk, a sync tool or a person with an editor
 * leave them: result files cut short or full of garbage, a corrupt index.sqlite, a typo in
 * settings.json while local-only is on, leftovers in the journal, and a data home that cannot be
 * written at all. Every command says a sentence (never a stack trace), nothing valid is lost or
 * hidden, nothing damaged is deleted, and no image leaves the machine when privacy says so.
 */

const ROUTE = 'POST /v1/responses';
const FIELDS = 'invoice number, date:date, total:currency, vendor';

function resultPath(home: string, id: string): string {
  return path.join(home, 'results', id.slice(0, 4), id.slice(4, 6), `${id}.json`);
}

let ws: Awaited<ReturnType<typeof workspace>>;
let api: FakeApi;
let cli: Cli;
let files: string[];
beforeAll(async () => {
  api = await FakeApi.start();
});
afterAll(() => api.close());
beforeEach(async () => {
  ws = await workspace();
  cli = new Cli(ws.home, makeSecrets(), ws.work);
  files = await documentFiles(path.join(ws.work, 'in'), 20);
  api.reset();
  api.always(ROUTE, answering());
  const added = await cli.run(['profiles', 'add', 'invoices', '--fields', FIELDS, '--activate']);
  expect(added.code, added.stderr).toBe(0);
});
afterEach(async () => {
  cli?.killAll();
  await makeWritable(ws.home).catch(() => undefined);
  await ws.cleanup();
});

/** Extracts `count` documents against the loopback server; returns the ids saved. */
async function populate(count: number, baseUrl = api.url('/v1')): Promise<string[]> {
  const ids: string[] = [];
  for (let done = 0; done < count; done += files.length) {
    const batch = files.slice(0, Math.min(files.length, count - done));
    const run = await cli.run(['extract', ...batch, '--provider', 'openai', '--base-url', baseUrl, '--json']);
    expect(hasStackTrace(run.stderr), run.stderr).toBe(false);
    ids.push(...jsonLines(run.stdout).map((r) => r.id as string));
  }
  expect(ids).toHaveLength(count);
  return ids;
}

function oneSentence(stderr: string): void {
  expect(hasStackTrace(stderr), stderr).toBe(false);
  expect(stderr.trim().split('\n'), stderr).toHaveLength(1);
}

describe('damaged result files', () => {
  it('are said to be damaged and left untouched; every valid result stays listed', async () => {
    const ids = await populate(30);
    const rand = rng(FAULT.seed + 3);
    const [cut, garbage, foreign, empty] = ids;
    const damage: Record<string, Buffer> = {
      [cut!]: (await readFile(resultPath(ws.home, cut!))).subarray(0, 300),
      // Garbage that starts with terminal escapes (set the title, clear the screen) and a newline:
      // quoted raw in the damaged sentence they broke it across lines and reached the terminal.
      [garbage!]: Buffer.concat([
        Buffer.from('\x1b]0;pwned\x07\x1b[2J\n'),
        Buffer.from(Array.from({ length: 700 }, () => rand.int(0, 255))),
      ]),
      [foreign!]: Buffer.from('{"hello": "world"}\n'),
      [empty!]: Buffer.alloc(0),
    };
    for (const [id, bytes] of Object.entries(damage)) await writeFile(resultPath(ws.home, id), bytes);
    const damaged = Object.keys(damage);
    // A journal marker cut short by a crash, for a result and for nothing at all; a stranger's file.
    const journal = path.join(ws.home, 'journal');
    await mkdir(journal, { recursive: true });
    await writeFile(path.join(journal, `${ids[5]}.999999.1764000000000000-abc123.json`), '{"op": "wri');
    await writeFile(path.join(journal, `20261101T101010-000Z-zzzz.999999.1764000000000001-abc124.json`), '');
    await writeFile(path.join(path.dirname(resultPath(ws.home, ids[6]!)), 'notes.txt'), 'mine, keep it');

    const listed = await cli.run(['history', '--json', '--limit', '10000']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(hasStackTrace(listed.stderr)).toBe(false);
    const listedIds = new Set(jsonLines(listed.stdout).map((r) => r.id as string));
    for (const id of ids) if (!damaged.includes(id)) expect(listedIds.has(id)).toBe(true);

    for (const id of damaged) {
      const shown = await cli.run(['show', id]);
      expect(shown.code).toBe(1);
      oneSentence(shown.stderr);
      expect(shown.stderr).toContain(`Result ${id} is damaged and cannot be read`);
      expect(shown.stderr).toContain(`Its file was left untouched: ${resultPath(ws.home, id)}`);
      // One line, and no control character reaches the terminal (the newline ends the sentence).
      const controls = [...shown.stderr.trimEnd()].filter(
        (c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f,
      );
      expect(controls).toEqual([]);
      const retried = await cli.run(['retry', id, '--base-url', api.url('/v1')]);
      expect(retried.code).toBe(1);
      oneSentence(retried.stderr);
      expect(retried.stderr).toContain('is damaged');
    }

    const out = path.join(ws.work, 'all.jsonl');
    const exported = await cli.run(['export', '--format', 'jsonl', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(hasStackTrace(exported.stderr)).toBe(false);
    const exportedIds = jsonLines(await readFile(out, 'utf8')).map((r) => r.id as string);
    expect(exportedIds.sort()).toEqual(ids.filter((id) => !damaged.includes(id)).sort());

    // Still writable and readable: a new batch, then the index rebuilt from the files alone.
    const more = await populate(3);
    for (const suffix of ['', '-wal', '-shm']) await writeFile(`${ws.home}/index.sqlite${suffix}`, '');
    const rebuilt = await cli.run(['history', '--json', '--limit', '10000']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(hasStackTrace(rebuilt.stderr)).toBe(false);
    expect(
      jsonLines(rebuilt.stdout)
        .map((r) => r.id as string)
        .sort(),
    ).toEqual([...ids.filter((id) => !damaged.includes(id)), ...more].sort());

    // Nothing damaged was deleted or rewritten; the stranger's file is still there.
    for (const [id, bytes] of Object.entries(damage))
      expect(Buffer.compare(await readFile(resultPath(ws.home, id)), bytes)).toBe(0);
    expect(await readFile(path.join(path.dirname(resultPath(ws.home, ids[6]!)), 'notes.txt'), 'utf8')).toBe(
      'mine, keep it',
    );
    const report = await verifyHome(cli, {
      printed: [...ids.filter((id) => !damaged.includes(id)), ...more],
      expectDamaged: damaged,
    });
    expect(report.problems).toEqual([]);
    expect(report.damaged.sort()).toEqual([...damaged].sort());
    figures(
      `damaged result files: ${damaged.length} damaged (cut short, garbage, not a result, empty) + 2 cut-short journal markers ` +
        `among ${ids.length + more.length}: show/retry say "damaged" and where, ${report.results.size} valid all listed and ` +
        `exported, 0 damaged files deleted or rewritten, 0 secrets`,
    );
  });
});

describe('a corrupt index.sqlite', () => {
  it('is rebuilt from the files, said in one line, while commands read and write', async () => {
    const ids = await populate(80);
    const index = path.join(ws.home, 'index.sqlite');
    const size = (await stat(index)).size;
    const rand = rng(FAULT.seed + 4);
    const corrupt = async (from: number, to: number) => {
      const bytes = await readFile(index);
      for (let i = Math.floor(from); i < Math.min(to, bytes.length); i++) bytes[i] = rand.int(0, 255);
      await writeFile(index, bytes);
    };

    /** Where the results table's root page is: garbage there is met by every listing, for sure. */
    const resultsRoot = () => {
      const db = new DatabaseSync(index, { readOnly: true });
      try {
        const { page_size } = db.prepare('PRAGMA page_size').get() as { page_size: number };
        const { rootpage } = db
          .prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'results'")
          .get() as {
          rootpage: number;
        };
        return { from: (rootpage - 1) * page_size, to: rootpage * page_size };
      } finally {
        db.close();
      }
    };

    // Bytes overwritten in the middle of the file, and on the results table's root page.
    const root = resultsRoot();
    await corrupt(size * 0.3, size * 0.7);
    await corrupt(root.from, root.to);
    const listed = await cli.run(['history', '--json', '--limit', '10000']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).toMatch(
      /^The result index was damaged \(.+\); it was rebuilt from the result files \(80 results\)\.\n$/,
    );
    expect(
      jsonLines(listed.stdout)
        .map((r) => r.id as string)
        .sort(),
    ).toEqual([...ids].sort());
    const again = await cli.run(['history', '--json', '--limit', '10000']);
    expect(again.stderr).toBe('');

    // Corrupt again, then a writer comes first: its results are saved and the index mended.
    const rootAgain = resultsRoot();
    await corrupt(size * 0.2, size * 0.8);
    await corrupt(rootAgain.from, rootAgain.to);
    const written = await populate(5);
    const afterWrite = await cli.run(['history', '--json', '--limit', '10000']);
    expect(afterWrite.code, afterWrite.stderr).toBe(0);
    expect(
      jsonLines(afterWrite.stdout)
        .map((r) => r.id as string)
        .sort(),
    ).toEqual([...ids, ...written].sort());

    // The header itself destroyed ("file is not a database"): export still gets everything.
    await corrupt(0, 100);
    const out = path.join(ws.work, 'all.csv');
    const exported = await cli.run(['export', '--format', 'csv', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(hasStackTrace(exported.stderr)).toBe(false);
    expect(exported.stderr).toContain(`Exported ${ids.length + written.length} results`);

    // kill -9 while the index is being rebuilt, again and again: the next command still mends it.
    let killedRepairs = 0;
    for (let i = 0; i < 8; i++) {
      await corrupt(size * 0.3, size * 0.7);
      const extracting = i % 2 === 1;
      const run = cli.start(
        extracting
          ? ['extract', files[i]!, '--provider', 'openai', '--base-url', api.url('/v1'), '--json']
          : ['history', '--json', '--limit', '10000'],
      );
      const timer = setTimeout(() => run.kill(), rand.int(150, 1200));
      const outcome = await run.exited;
      clearTimeout(timer);
      if (outcome.signal === 'SIGKILL') killedRepairs++;
      if (extracting) written.push(...jsonLines(outcome.stdout).map((r) => r.id as string));
    }
    const mended = await cli.run(['history', '--json', '--limit', '10000']);
    expect(mended.code, mended.stderr).toBe(0);
    expect(hasStackTrace(mended.stderr)).toBe(false);

    const report = await verifyHome(cli, { printed: [...ids, ...written] });
    expect(report.problems).toEqual([]);
    // Every result listed; a kill may have stopped an extract after it saved but before it printed.
    expect(report.results.size).toBeGreaterThanOrEqual(ids.length + written.length);
    figures(
      `corrupt index.sqlite (${Math.round(size / 1024)} KiB; 40% and 60% of its middle and the results table's root page overwritten, then its header): ` +
        `rebuilt each time with one line, ${ids.length + 5} of ${ids.length + 5} listed, a writer meeting the corrupt ` +
        `index lost nothing; ${killedRepairs} kill -9 during repairs, then ${report.results.size} results, 0 lost, 0 unlisted`,
    );
  });
});

describe('a typo in settings.json while local-only is on', () => {
  it('refuses every cloud call: the loopback server receives nothing', async () => {
    await populate(4);
    // Three captures left pending while the server was down: retrying them must be refused too.
    const pending = await populate(3, await refusedUrl('/v1'));
    const settingsFile = path.join(ws.home, 'settings.json');
    const settings = JSON.parse(await readFile(settingsFile, 'utf8')) as {
      profiles: Array<{ name: string; fields: Array<{ type: string }> }>;
      privacy?: Record<string, unknown>;
    };
    settings.profiles.push({
      ...structuredClone(settings.profiles[0]!),
      name: 'receipts',
      fields: [{ ...settings.profiles[0]!.fields[0]!, type: 'txt' }],
    } as (typeof settings.profiles)[number]);
    (settings.profiles.at(-1) as { id?: string }).id = 'receipts';
    const cases: Array<[string, string]> = [
      ['a field type "txt" in one profile', JSON.stringify({ ...settings, privacy: { localOnly: true } })],
      [
        'privacy itself unreadable ("localOnly": "yes")',
        JSON.stringify({ ...settings, privacy: { localOnly: 'yes' } }),
      ],
      [
        'the file cut short mid-way',
        JSON.stringify({ ...settings, privacy: { localOnly: true } }).slice(0, 150),
      ],
    ];
    let refused = 0;
    for (const [what, text] of cases) {
      await writeFile(settingsFile, text);
      api.reset();
      api.always(ROUTE, answering());
      const runs = [
        await cli.run([
          'extract',
          files[0]!,
          '--fields',
          FIELDS,
          '--provider',
          'openai',
          '--base-url',
          api.url('/v1'),
        ]),
        await cli.run([
          'extract',
          files[1]!,
          '--fields',
          'total:number',
          '--provider',
          'anthropic',
          '--base-url',
          api.url(),
        ]),
        await cli.run(['retry', '--all', '--base-url', api.url('/v1')]),
        await cli.run(['retry', pending[0]!, '--provider', 'openai', '--base-url', api.url('/v1')]),
      ];
      for (const run of runs) {
        expect(run.code, `${what}: ${run.args.join(' ')}\n${run.stderr}`).not.toBe(0);
        expect(hasStackTrace(run.stderr)).toBe(false);
        // Local-only as set, or turned on because privacy itself could not be read; with the whole
        // file unreadable, a retry may stop earlier, at its profile (gone with the file).
        expect(run.stderr, what).toMatch(
          run.args[0] === 'retry' && what.includes('cut short')
            ? /^(Local-only mode is on|Nothing is sent to|The profile "invoices" of result \S+ no longer exists)/m
            : /^(Local-only mode is on \(Settings > Privacy\)|Nothing is sent to \S+: the privacy settings in .* could not be read, so local-only is on)/m,
        );
        expect(run.stderr, what).toMatch(/^Warning: .*settings\.json/m);
        refused++;
      }
      expect(api.requests, what).toHaveLength(0);
      // The offline engine is still there.
      const local = await cli.run([
        'extract',
        files[2]!,
        '--provider',
        'local',
        '--fields',
        'total:number',
        '--json',
      ]);
      expect(local.code, local.stderr).toBe(0);
    }
    const report = await verifyHome(cli);
    expect(report.problems).toEqual([]);
    // The pending captures are still there, still pending: refused, not dropped.
    for (const id of pending) expect(report.results.get(id)).toBe('pending');
    expect(statusCounts(report).pending).toBe(pending.length);
    figures(
      `settings.json damaged with local-only on (${cases.length} ways): ${refused} cloud extractions/retries refused, ` +
        `0 requests reached the server, the offline engine still ran, ${pending.length} pending kept`,
    );
  });
});

/** As root, which writes anywhere, a read-only data home is only read-only for another user. */
const AS_NOBODY = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

async function makeReadOnly(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    await chmod(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o555 : 0o444);
  await chmod(dir, 0o555);
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    await chmod(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o700 : 0o600);
}

/** Every file and folder under a folder with its size and modification time. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const info = await stat(file);
    out[path.relative(dir, file)] = `${info.size}:${info.mtimeMs}`;
  }
  return out;
}

describe.skipIf(process.platform === 'win32')('a read-only data home', () => {
  it('is read (history, show, export) and never written; writers say one sentence', async () => {
    const ok = await populate(10);
    const pending = await populate(2, await refusedUrl('/v1'));
    // Where the other user works: inputs and the export.
    const outside = path.join(ws.work, 'outside');
    await mkdir(outside);
    await chmod(ws.work, 0o755);
    await chmod(outside, 0o777);
    const input = path.join(outside, 'doc.png');
    await writeFile(input, await readFile(files[0]!));
    await chmod(input, 0o644);
    await makeReadOnly(ws.home);
    const before = await snapshot(ws.home);
    const as = { ...AS_NOBODY, cwd: outside, env: { HOME: outside } };

    const listed = await cli.run(['history', '--json', '--limit', '10000'], as);
    expect(listed.code, listed.stderr).toBe(0);
    expect(hasStackTrace(listed.stderr)).toBe(false);
    expect(
      jsonLines(listed.stdout)
        .map((r) => r.id as string)
        .sort(),
    ).toEqual([...ok, ...pending].sort());
    const shown = await cli.run(['show', ok[0]!], as);
    expect(shown.code, shown.stderr).toBe(0);
    const out = path.join(outside, 'all.jsonl');
    const exported = await cli.run(['export', '--format', 'jsonl', '--out', out], as);
    expect(exported.code, exported.stderr).toBe(0);
    expect(jsonLines(await readFile(out, 'utf8'))).toHaveLength(ok.length + pending.length);

    const readOnly = `The data home ${ws.home} is read-only: results cannot be saved, changed or deleted there. Make the folder writable, or set EXTRACTO_HOME to a writable one.`;
    const writers = [
      ['extract', input, '--provider', 'openai', '--base-url', api.url('/v1')],
      ['extract', input, '--provider', 'local', '--fields', 'total:number'],
      ['retry', '--all', '--base-url', api.url('/v1')],
      ['retry', ok[0]!, '--base-url', api.url('/v1')],
    ];
    api.reset();
    api.always(ROUTE, answering());
    for (const args of writers) {
      const run = await cli.run(args, as);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(1);
      oneSentence(run.stderr);
      expect(run.stderr.trim()).toBe(readOnly);
    }
    // Saving settings cannot work either: said at once (it waited 23 s for the settings lock, then
    // "failed unexpectedly: EACCES"), in one sentence.
    const profile = await cli.run(['profiles', 'add', 'other', '--fields', 'total:number'], as);
    expect(profile.code).toBe(1);
    oneSentence(profile.stderr);
    expect(profile.stderr.trim()).toBe(
      `The data home ${ws.home} is read-only: settings cannot be saved there. Make the folder writable, or set EXTRACTO_HOME to a writable one.`,
    );
    expect(profile.ms).toBeLessThan(5000);
    expect(api.requests).toHaveLength(0);

    expect(await snapshot(ws.home)).toEqual(before);
    await makeWritable(ws.home);
    const report = await verifyHome(cli, { printed: [...ok, ...pending] });
    expect(report.problems).toEqual([]);
    figures(
      `read-only data home${AS_NOBODY.uid ? ' (commands run as nobody, the tests as root)' : ''}: history, show and export ` +
        `read all ${ok.length + pending.length}; ${writers.length + 1} writing commands said one sentence each; ` +
        `0 files changed, 0 requests sent`,
    );
  });
});
