import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { listPackage } from '@electron/asar';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { saveSettings } from '../../src/core/settings-file.ts';
import { dataPaths, ensureDataHome } from '../../src/core/paths.ts';
import { resultRelPath, serializeResult } from '../../src/core/store/files.ts';
import { newResultId } from '../../src/shared/ids.ts';
import type { Result } from '../../src/shared/result.ts';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.ts';
import { renderDocument, type SyntheticDocument } from '../helpers/documents.ts';
import { layoutNamed, openInvoiceBrowser, printInvoice, type PrintedInvoice } from '../helpers/invoices.ts';
import { storedResult } from '../helpers/stored-result.ts';
import { electronView, type ElectronView } from './electron-view.ts';
import { readEvents, type AppEvent, type AppRequest } from './events.ts';

const built = inject('built');
const RUNTIME = path.join(import.meta.dirname, 'runtime.ts');
/** Results in the history the app opens: above 5,000 its index rebuild reads in worker threads. */
const HISTORY = 6_000;

let scratch: string;
let view: ElectronView;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'extracto-package-'));
  view = await electronView(built.resources, path.join(scratch, 'installed'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Every file under a folder, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** What kind of machine code a file holds, from its first bytes; null when it is not machine code. */
async function machineCode(file: string): Promise<string | null> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(20);
    await handle.read(head, 0, 20, 0);
    if (head.readUInt32BE(0) === 0x7f454c46) {
      const machine = head.readUInt16LE(18);
      return machine === 0x3e ? 'linux-x64' : `elf-machine-${machine.toString(16)}`;
    }
    if (head.toString('latin1', 0, 2) === 'MZ') return 'windows';
    const magic = head.readUInt32BE(0);
    if ([0xfeedfacf, 0xcffaedfe, 0xcafebabe, 0xfeedface, 0xcefaedfe].includes(magic)) return 'macos';
    return null;
  } finally {
    await handle.close();
  }
}

describe('what the Linux x64 package ships', () => {
  it('holds native code for Linux x64 only', async () => {
    const kinds = new Map<string, string[]>();
    for (const file of await filesUnder(view.unpacked)) {
      const kind = await machineCode(path.join(view.unpacked, file));
      if (kind) kinds.set(kind, [...(kinds.get(kind) ?? []), file]);
    }
    expect([...kinds.keys()]).toEqual(['linux-x64']);
    // The three native parts the app loads: sharp (with libvips), onnxruntime.
    expect(
      kinds
        .get('linux-x64')!
        .map((f) => path.basename(f))
        .sort(),
    ).toEqual(expect.arrayContaining(['libonnxruntime.so.1', 'onnxruntime_binding.node']));
  });

  it('holds no source maps, TypeScript sources or test folders', () => {
    const packed = listPackage(path.join(built.resources, 'app.asar'), { isPack: false });
    expect(packed.filter((f) => /\.(map|ts)$/.test(f) || /[/\\](tests?|__tests__)[/\\]/.test(f))).toEqual([]);
  });

  it("is named Extracto, so Electron's userData is the data home the CLI uses", async () => {
    const pkg = JSON.parse(await readFile(path.join(view.app, 'package.json'), 'utf8')) as {
      productName?: string;
      main: string;
      type?: string;
    };
    expect(pkg.productName).toBe('Extracto');
    expect(pkg.type).toBe('module');
    expect(existsSync(path.join(view.app, pkg.main))).toBe(true);
  });
});

/** The packaged app running under Node 24 with the Electron stand-in, and a way to talk to it. */
interface RunningApp {
  child: ChildProcess;
  events(): AppEvent[];
  /** Resolves with the first event that matches, or rejects after `ms`. */
  waitFor<T extends AppEvent>(match: (e: AppEvent) => e is T, ms?: number): Promise<T>;
  ask(command: AppRequest, ms?: number): Promise<unknown>;
  exited: Promise<number | null>;
  /** The exit code, once the app quits by itself within `ms`; a process still running fails the test. */
  exitCode(ms?: number): Promise<number | null>;
  output(): string;
}

let nextId = 1;

function startApp(env: NodeJS.ProcessEnv): RunningApp {
  const eventsFile = path.join(scratch, `events-${nextId++}.jsonl`);
  const child = fork(path.join(view.app, 'out', 'main', 'index.js'), [], {
    execArgv: ['--import', pathToFileURL(RUNTIME).href],
    env: {
      PATH: process.env.PATH,
      LANG: 'en_US.UTF-8',
      HOME: path.join(scratch, 'user-home'),
      EXTRACTO_STANDIN_EVENTS: eventsFile,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const events = () => readEvents(eventsFile);
  const waitFor = async <T extends AppEvent>(match: (e: AppEvent) => e is T, ms = 60_000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const found = events().find(match);
      if (found) return found;
      if (Date.now() > until || child.exitCode !== null) {
        throw new Error(`the app did not get there (exit ${child.exitCode}); its output:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const ask = async (command: AppRequest, ms?: number) => {
    const id = nextId++;
    child.send({ ...command, id });
    const answer = await waitFor(
      (e): e is Extract<AppEvent, { type: 'answer' }> => e.type === 'answer' && e.id === id,
      ms,
    );
    if (!answer.ok) throw new Error(`${command.type} failed in the app: ${answer.error}`);
    return answer.value;
  };
  const exitCode = async (ms = 30_000) => {
    const timer = new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), ms).unref());
    const code = await Promise.race([exited, timer]);
    if (code !== 'running') return code;
    child.kill('SIGKILL');
    throw new Error(
      `the app was still running ${ms / 1000} s later, with no tray and no window; its output:\n${output}`,
    );
  };
  return { child, events, waitFor, ask, exited, exitCode, output: () => output };
}

const is =
  <K extends AppEvent['type']>(type: K) =>
  (e: AppEvent): e is Extract<AppEvent, { type: K }> =>
    e.type === type;

/** A history of `count` results with no index, as after an upgrade or a lost index.sqlite. */
async function writeHistory(home: string, count: number): Promise<void> {
  const results = dataPaths(home).results;
  let t = Date.UTC(2026, 0, 1);
  const made = new Set<string>();
  for (let i = 0; i < count; i += 500) {
    const batch: Promise<void>[] = [];
    for (let j = i; j < Math.min(count, i + 500); j++) {
      t += 60_000 + (j % 7) * 1000;
      const id = newResultId(new Date(t));
      const result = storedResult(
        t,
        { id: 'invoices', name: 'Invoices' },
        { invoice_number: `INV-${String(j).padStart(6, '0')}`, total: j * 1.25 },
        {
          id,
          source: { kind: 'file', path: `/home/someone/invoices/inv-${j}.png` },
          image: { path: `images/${id}.png`, width: 1200, height: 1600, sha256: 'ab'.repeat(32) },
        },
      );
      const file = path.join(results, resultRelPath(id));
      if (!made.has(path.dirname(file))) {
        await mkdir(path.dirname(file), { recursive: true });
        made.add(path.dirname(file));
      }
      batch.push(writeFile(file, serializeResult(result)));
    }
    await Promise.all(batch);
  }
}

/** The screen the stand-in captures: the document on a grey desktop, as raw BGRA like Electron's. */
async function paintScreen(doc: SyntheticDocument, file: string): Promise<string> {
  const width = Math.max(1280, doc.width + 100);
  const height = Math.max(800, doc.height + 60);
  const { data } = await sharp({ create: { width, height, channels: 4, background: '#5c6370' } })
    .composite([{ input: doc.png, left: 50, top: 30 }])
    .raw()
    .toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i += 4) [data[i], data[i + 2]] = [data[i + 2]!, data[i]!];
  await writeFile(file, data);
  return `${file}:${width}x${height}`;
}

describe('start-up of the packaged main bundle under Node 24, Electron replaced by a stand-in', () => {
  let home: string;
  let doc: SyntheticDocument;
  let printed: PrintedInvoice;
  let app: RunningApp;

  beforeAll(async () => {
    home = path.join(scratch, 'home');
    ensureDataHome(home);
    doc = await renderDocument({ kind: 'invoice', seed: 9 });
    const browser = await openInvoiceBrowser();
    printed = await printInvoice({ layout: layoutNamed('classic'), seed: 12, rows: 3 }, browser);
    await browser.close();
    await writeFile(path.join(scratch, 'invoice.pdf'), printed.pdf);
    await saveSettings(dataPaths(home).settings, {
      ...DEFAULT_SETTINGS,
      profiles: [{ id: 'invoices', name: 'Invoices', fields: doc.fields }],
      activeProfileId: 'invoices',
    });
    await writeHistory(home, HISTORY);
    app = startApp({
      EXTRACTO_HOME: home,
      EXTRACTO_STANDIN_SCREEN: await paintScreen(doc, path.join(scratch, 'screen.bgra')),
      EXTRACTO_STANDIN_OPEN: path.join(scratch, 'invoice.pdf'),
    });
    await app.waitFor(is('tray'), 120_000);
  });
  afterAll(() => {
    if (app.child.exitCode === null) app.child.kill('SIGKILL');
  });

  it('opens a history of 6,000 results with no index, rebuilding it in worker threads', async () => {
    const listed = (await app.ask({
      type: 'invoke',
      channel: 'results:list',
      request: { limit: 5 },
    })) as { ok: boolean; value: { total: number } };
    expect(listed).toMatchObject({ ok: true, value: { total: HISTORY } });
    const log = await readFile(path.join(home, 'logs', 'extracto.log'), 'utf8');
    expect(log).toMatch(/started: tray ready/);
  });

  it('shows its tray with an icon and menu from the package, and registers the capture shortcut', () => {
    const events = app.events();
    expect(events.filter(is('tray'))).toEqual([{ type: 'tray', icon: expect.any(String), iconFound: true }]);
    const labels = events.filter(is('menu')).at(-1)!.labels;
    expect(labels[0]).toBe('Capture now (Ctrl+Space)');
    expect(labels).toEqual(expect.arrayContaining(['Open history', 'Quit Extracto']));
    expect(events.filter(is('shortcut')).map((e) => e.accelerator)).toContain('CommandOrControl+Space');
  });

  it('reads a captured screen with the offline engine, from the unpacked models', async () => {
    await app.ask({ type: 'press', accelerator: 'CommandOrControl+Space' });
    const shown = await app.waitFor(is('notification'), 120_000);
    expect(shown.title).toBe('Extracted: Invoices');
    expect(shown.body).toContain(String(doc.truth.invoice_number));
    const listed = (await app.ask({
      type: 'invoke',
      channel: 'results:list',
      request: { limit: 1 },
    })) as { value: { items: { id: string }[] } };
    const id = listed.value.items[0]!.id;
    const result = JSON.parse(
      await readFile(path.join(home, 'results', resultRelPath(id)), 'utf8'),
    ) as Result;
    expect(result).toMatchObject({ status: 'ok', provider: 'local', source: { kind: 'screen' } });
    expect(result.fields.invoice_number).toBe(doc.truth.invoice_number);
    // The windows get the stored screenshot through the app's own protocol.
    expect(await app.ask({ type: 'fetch', url: `extracto://image/${id}` })).toMatchObject({ status: 200 });
  });

  it('reads a PDF picked in Extract from file… with pdf.js from the package, and draws its page', async () => {
    await app.ask({ type: 'click', label: 'Extract from file…' });
    const shown = await app.waitFor(
      (e): e is Extract<AppEvent, { type: 'notification' }> =>
        e.type === 'notification' && e.body.includes(printed.truth.invoice_number),
      120_000,
    );
    expect(shown.title).toBe('Extracted: Invoices');
    const listed = (await app.ask({
      type: 'invoke',
      channel: 'results:list',
      request: { limit: 1 },
    })) as { value: { items: { id: string }[] } };
    const id = listed.value.items[0]!.id;
    const result = JSON.parse(
      await readFile(path.join(home, 'results', resultRelPath(id)), 'utf8'),
    ) as Result;
    // Its text layer read by pdf.js (no OCR), the PDF itself kept.
    expect(result).toMatchObject({ status: 'ok', document: { pages: [{ page: 1, from: 'text' }] } });
    expect(result.image.path).toMatch(/\.pdf$/);
    // History's picture of the page: drawn by pdf.js on the native canvas unpacked beside app.asar.
    const page = (await app.ask({ type: 'fetch', url: `extracto://image/${id}?page=1` })) as {
      status: number;
      bytes: number;
    };
    expect(page.status).toBe(200);
    expect(page.bytes).toBeGreaterThan(10_000);
  });

  it('starts every worker thread from a real file outside app.asar', () => {
    const workers = app.events().filter(is('worker'));
    const files = workers.map((w) => (w.file.startsWith('file:') ? new URL(w.file).pathname : w.file));
    // The imaging worker, the index rebuild's readers, tesseract's worker.
    expect(files.map((f) => path.basename(f))).toEqual(
      expect.arrayContaining(['imaging-worker.js', 'rebuild-worker.js', 'index.js']),
    );
    for (const file of files) {
      expect(file).not.toContain(`${path.sep}app.asar${path.sep}`);
      expect(existsSync(file)).toBe(true);
    }
  });

  it('loads every module of its main bundle from the package (the providers are loaded lazily)', async () => {
    const chunks = await readdir(path.join(view.app, 'out', 'main', 'chunks'));
    for (const chunk of chunks) {
      await app.ask({
        type: 'import',
        url: pathToFileURL(path.join(view.app, 'out', 'main', 'chunks', chunk)).href,
      });
    }
  });

  it('lets its own pages write to the clipboard (the Copy buttons), and nothing else', async () => {
    const page = pathToFileURL(path.join(view.app, 'out', 'renderer', 'index.html')).href;
    expect(await app.ask({ type: 'permission', permission: 'clipboard-sanitized-write', url: page })).toBe(
      true,
    );
    expect(await app.ask({ type: 'permission', permission: 'media', url: page })).toBe(false);
  });

  it('shows History when launched again, with its page and preload from the package', async () => {
    await app.ask({ type: 'relaunch' });
    const window = await app.waitFor(is('window'));
    expect(window).toMatchObject({ pageFound: true, preloadFound: true, hash: '/history' });
  });

  it('quits cleanly when asked, and logged no error', async () => {
    await app.ask({ type: 'quit' });
    expect(await app.exitCode()).toBe(0);
    const log = await readFile(path.join(home, 'logs', 'extracto.log'), 'utf8');
    expect(log.split('\n').filter((line) => /\[error\]/.test(line))).toEqual([]);
  });
});

describe('a failed start', () => {
  it('says so in one dialog and quits when the data home cannot be made', async () => {
    const blocker = path.join(scratch, 'not-a-folder');
    await writeFile(blocker, 'a file where the data home should be');
    const app = startApp({ EXTRACTO_HOME: path.join(blocker, 'Extracto') });
    expect(await app.exitCode()).toBe(1);
    const dialogs = app.events().filter(is('dialog'));
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]).toMatchObject({ kind: 'error', title: 'Extracto could not start' });
    expect(app.output()).toMatch(/Extracto could not start/);
  });

  it('logs why and quits when a part of the desktop fails (no system tray)', async () => {
    const home = path.join(scratch, 'home-no-tray');
    const app = startApp({ EXTRACTO_HOME: home, EXTRACTO_STANDIN_FAIL: 'tray' });
    expect(await app.exitCode()).toBe(1);
    const [dialog] = app.events().filter(is('dialog'));
    expect(dialog!.content).toMatch(/system tray is not available/);
    expect(dialog!.content).toContain(path.join(home, 'logs', 'extracto.log'));
    const log = await readFile(path.join(home, 'logs', 'extracto.log'), 'utf8');
    expect(log).toMatch(/Extracto could not start[\s\S]*system tray is not available/);
  });
});

describe('the data home without EXTRACTO_HOME', () => {
  it('is the one the CLI uses, ~/.config/Extracto on Linux', async () => {
    const config = path.join(scratch, 'xdg-config');
    const app = startApp({ XDG_CONFIG_HOME: config, EXTRACTO_STANDIN_FAIL: 'tray' });
    await app.exitCode();
    const userData = app.events().find((e) => e.type === 'path' && e.name === 'userData');
    expect(userData).toMatchObject({ value: path.join(config, 'Extracto') });
    expect(existsSync(path.join(config, 'Extracto', 'logs', 'extracto.log'))).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('is private to the user: folders 0700, files 0600', async () => {
    const config = path.join(scratch, 'xdg-private');
    const app = startApp({ XDG_CONFIG_HOME: config, EXTRACTO_STANDIN_FAIL: 'tray' });
    await app.exitCode();
    const home = path.join(config, 'Extracto');
    expect((await stat(home)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(home, 'logs'))).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(home, 'logs', 'extracto.log'))).mode & 0o777).toBe(0o600);
    // SQLite creates its files with the process's umask: main sets the private one first thing.
    expect((await stat(path.join(home, 'index.sqlite'))).mode & 0o777).toBe(0o600);
  });
});

describe('a settings file with a mistake in it', () => {
  it('starts with what could be read, keeps privacy strict, and says so once', async () => {
    const home = path.join(scratch, 'home-typo');
    ensureDataHome(home);
    const fields = [{ key: 'total', label: 'Total', type: 'txt' }];
    await writeFile(
      path.join(home, 'settings.json'),
      JSON.stringify({ profiles: [{ id: 'p', name: 'Invoices', fields }], privacy: { localOnly: 'yes' } }),
    );
    const app = startApp({ EXTRACTO_HOME: home });
    const shown = await app.waitFor(is('notification'), 120_000);
    expect(shown).toMatchObject({
      title: 'Some settings could not be read',
      body: expect.stringMatching(/nothing is sent to a cloud provider/),
    });
    await app.ask({ type: 'quit' });
    expect(await app.exitCode()).toBe(0);
  });
});
