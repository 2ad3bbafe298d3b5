import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import { AppController, type ControllerPorts } from '../../src/main/controller.ts';
import type { DisplayInfo, Frame } from '../../src/main/ports.ts';
import { trayMenu, type TrayState } from '../../src/main/tray-menu.ts';
import { translator } from '../../src/shared/messages/catalogue.ts';
import type { Region } from '../../src/shared/result.ts';
import { renderDocument, type SyntheticDocument } from '../helpers/documents.ts';
import { layoutNamed, openInvoiceBrowser, printInvoice, type PrintedInvoice } from '../helpers/invoices.ts';
import { tempHome } from '../helpers/cli.ts';
import { FakeApi, openaiError, openaiResponse } from '../helpers/fake-apis.ts';

const ROUTE = 'POST /v1/responses';

/**
 * The tray app's behaviour without Electron: a real AppService (temp data home, offline engine)
 * behind the controller, and in-test ports where Electron would be. The "screen" is a generated
 * invoice on a grey desktop, handed over as BGRA the way desktopCapturer's toBitmap() does.
 */

/** A desktop in points; its pixels are scaleFactor times more, as on a HiDPI screen. */
const DESKTOP = { width: 1000, height: 700 };

async function desktopPng(doc: SyntheticDocument, scale: number): Promise<Buffer> {
  const doc2 = await sharp(doc.png)
    .resize(Math.round(doc.width * scale * 0.9))
    .toBuffer();
  return sharp({
    create: {
      width: DESKTOP.width * scale,
      height: DESKTOP.height * scale,
      channels: 3,
      background: '#5a6270',
    },
  })
    .composite([{ input: doc2, left: 20 * scale, top: 10 * scale }])
    .png()
    .toBuffer();
}

/** sharp's RGBA turned into Electron's BGRA. */
async function bgra(png: Buffer, size: { width: number; height: number }): Promise<Frame> {
  const rgba = await sharp(png)
    .resize(size.width, size.height, { fit: 'fill' })
    .ensureAlpha()
    .raw()
    .toBuffer();
  for (let i = 0; i < rgba.length; i += 4) {
    const r = rgba[i]!;
    rgba[i] = rgba[i + 2]!;
    rgba[i + 2] = r;
  }
  const data = new ArrayBuffer(rgba.length);
  new Uint8Array(data).set(rgba);
  return { data, width: size.width, height: size.height };
}

interface Harness {
  ports: ControllerPorts;
  notes: { title: string; body: string; onClick?: () => void }[];
  trays: TrayState[];
  events: string[];
  shortcuts: Map<string, () => void>;
  grabs: { display: string; width: number; height: number }[];
  openedSettings: number;
  shown: string[];
  /** What the overlay answers next. */
  region: Region | null;
  /** Lets a test hold a capture in progress. */
  gate: Promise<void>;
  /** What the clipboard holds (PNG bytes), and what the file dialog answers next. */
  clipboard: Buffer | null;
  picked: string[];
  dialogs: Parameters<ControllerPorts['fileDialog']['openFiles']>[0][];
}

function harness(
  screen: Buffer,
  options: { scale?: number; platform?: NodeJS.Platform; taken?: string[]; empty?: boolean } = {},
): Harness {
  const scale = options.scale ?? 1;
  const display: DisplayInfo = {
    id: '42',
    bounds: { x: 0, y: 0, ...DESKTOP },
    scaleFactor: scale,
    primary: true,
  };
  const h: Harness = {
    notes: [],
    trays: [],
    events: [],
    shortcuts: new Map(),
    grabs: [],
    openedSettings: 0,
    shown: [],
    region: null,
    gate: Promise.resolve(),
    clipboard: null,
    picked: [],
    dialogs: [],
    ports: undefined as unknown as ControllerPorts,
  };
  h.ports = {
    screen: { displays: () => [display], cursorPoint: () => ({ x: 500, y: 300 }) },
    frames: {
      grab: async (d, size) => {
        await h.gate;
        h.grabs.push({ display: d.id, ...size });
        if (options.empty) return { data: new ArrayBuffer(0), width: 0, height: 0 };
        return bgra(screen, size);
      },
    },
    shortcuts: {
      register: (accelerator, callback) => {
        if (options.taken?.includes(accelerator) || h.shortcuts.has(accelerator)) return false;
        h.shortcuts.set(accelerator, callback);
        return true;
      },
      unregister: (accelerator) => void h.shortcuts.delete(accelerator),
    },
    notifier: { show: (n) => void h.notes.push(n) },
    clipboard: { readImage: () => Promise.resolve(h.clipboard) },
    fileDialog: {
      openFiles: (options) => {
        h.dialogs.push(options);
        return Promise.resolve(h.picked);
      },
    },
    selectRegion: () => Promise.resolve(h.region),
    showTray: (state) => void h.trays.push(state),
    showResult: (id) => void h.shown.push(id),
    openSettings: () => void h.openedSettings++,
    broadcast: (event, payload) => void h.events.push(`${event} ${payload.id}`),
    platform: options.platform ?? 'linux',
    env: {},
    osLocale: 'en-US',
    screenPermission: () => 'granted',
  };
  return h;
}

describe('the tray app controller', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let app: AppService;
  let doc: SyntheticDocument;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    // The offline engine as a user gets it by default.
    app = await AppService.open({ home, env: {} });
    doc = await renderDocument({ kind: 'invoice', seed: 5 });
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('with no profile yet, a press opens Settings and says why instead of capturing', async () => {
    const h = harness(await desktopPng(doc, 1));
    const controller = new AppController(app, h.ports);
    controller.start();
    expect([...h.shortcuts.keys()]).toEqual(['CommandOrControl+Space', 'CommandOrControl+Shift+Space']);
    h.shortcuts.get('CommandOrControl+Space')!();
    await controller.capture('screen');
    expect(h.grabs).toEqual([]);
    expect(h.openedSettings).toBeGreaterThan(0);
    expect(h.notes.at(-1)).toMatchObject({ title: 'Nothing to extract yet' });
    await controller.stop();
    expect(h.shortcuts.size).toBe(0);
  });

  it('Ctrl+Space captures the display at its real pixel size, extracts, stores and notifies', async () => {
    await app.saveProfile({ name: 'Invoices', fields: doc.fields }, { activate: true });
    const h = harness(await desktopPng(doc, 2), { scale: 2 });
    const controller = new AppController(app, h.ports);
    controller.start();
    let release!: () => void;
    h.gate = new Promise((resolve) => (release = resolve));
    // The OS fires the shortcut; two more presses while it runs fold into one more capture.
    h.shortcuts.get('CommandOrControl+Space')!();
    h.shortcuts.get('CommandOrControl+Space')!();
    const last = controller.capture('screen');
    release();
    await last;
    expect(h.grabs).toEqual([
      { display: '42', width: 2000, height: 1400 },
      { display: '42', width: 2000, height: 1400 },
    ]);
    expect(h.trays.map((t) => t.busy)).toContain(true);
    expect(h.trays.at(-1)).toMatchObject({ busy: false, activeProfileId: app.activeProfile()!.id });
    const { items } = app.store.list({ limit: 10 });
    expect(items).toHaveLength(2);
    const result = (await app.store.get(items[0]!.id))!;
    expect(result).toMatchObject({
      status: 'ok',
      source: { kind: 'screen', display: '42' },
      image: { width: 2000, height: 1400 },
    });
    expect(result.fields.invoice_number).toBe(doc.truth.invoice_number);
    expect(result.fields.total).toBe(doc.truth.total);
    // The notification names the fields found and opens the result in History when clicked.
    const note = h.notes.at(-1)!;
    expect(note.title).toBe('Extracted: Invoices');
    expect(note.body).toContain(String(doc.truth.invoice_number));
    note.onClick!();
    expect(h.shown).toEqual([items[0]!.id]);
    expect(h.events).toEqual(items.map((i) => `results:changed ${i.id}`).reverse());
    await controller.stop();
  });

  it('region capture sends only the rectangle drawn, in pixels; Esc captures nothing', async () => {
    const h = harness(await desktopPng(doc, 2), { scale: 2 });
    const controller = new AppController(app, h.ports);
    h.region = null;
    await controller.capture('region');
    expect(h.grabs).toEqual([]);
    h.region = { x: 20, y: 10, width: 400, height: 300 };
    // Kept as JPEG when Settings say so; what is read is the same pixels.
    const settings = app.getSettings();
    await app.saveSettings({ ...settings, capture: { ...settings.capture, imageFormat: 'jpeg' } });
    await controller.capture('region');
    const result = (await app.store.get(app.store.list({ limit: 1 }).items[0]!.id))!;
    expect(result.source).toEqual({
      kind: 'screen',
      display: '42',
      region: { x: 40, y: 20, width: 800, height: 600 },
    });
    expect(result.image).toMatchObject({ width: 800, height: 600 });
    const stored = await sharp(result.image.path).metadata();
    expect([stored.format, stored.width, stored.height]).toEqual(['jpeg', 800, 600]);
    expect(result.image.path.endsWith('.jpg')).toBe(true);
    await app.saveSettings({ ...app.getSettings(), capture: settings.capture });
    await controller.stop();
  });

  it('"all screens" stitches every display into one picture of the desktop, none shrunk', async () => {
    const settings = app.getSettings();
    await app.saveSettings({ ...settings, capture: { ...settings.capture, display: 'all' } });
    const h = harness(await desktopPng(doc, 1));
    // A second display on the right at twice the density, plain red.
    const red: DisplayInfo = {
      id: '7',
      bounds: { x: 1000, y: 0, width: 500, height: 300 },
      scaleFactor: 2,
      primary: false,
    };
    const left = h.ports.screen.displays()[0]!;
    const grab = h.ports.frames.grab;
    h.ports.screen = { displays: () => [left, red], cursorPoint: () => ({ x: 10, y: 10 }) };
    h.ports.frames = {
      grab: async (d, size) => {
        if (d.id !== red.id) return grab(d, size);
        const png = await sharp({ create: { ...size, channels: 3, background: '#ff0000' } })
          .png()
          .toBuffer();
        return bgra(png, size);
      },
    };
    const controller = new AppController(app, h.ports);
    await controller.capture('screen');
    const result = (await app.store.get(app.store.list({ limit: 1 }).items[0]!.id))!;
    expect(result.source).toEqual({ kind: 'screen', display: 'all' });
    // The left display (1000x700 points at 1x) is scaled to 2x beside the right one (500x300 at 2x).
    expect(result.image).toMatchObject({ width: 3000, height: 1400 });
    const { data, info } = await sharp(result.image.path)
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [
      ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
    ];
    expect(at(2500, 300)).toEqual([255, 0, 0]);
    expect(at(2500, 1000)).toEqual([0, 0, 0]); // below the shorter screen: nothing there
    expect(result.fields.invoice_number).toBe(doc.truth.invoice_number);
    await app.saveSettings({ ...app.getSettings(), capture: settings.capture });
    await controller.stop();
  });

  it('says when a shortcut is taken, and keeps the other one and the tray working', async () => {
    const h = harness(await desktopPng(doc, 1), { taken: ['CommandOrControl+Space'] });
    const controller = new AppController(app, h.ports);
    controller.start();
    expect([...h.shortcuts.keys()]).toEqual(['CommandOrControl+Shift+Space']);
    expect(h.notes[0]).toMatchObject({ title: 'Shortcut not available' });
    expect(h.notes[0]!.body).toMatch(/CommandOrControl\+Space is already used by another app/);
    h.notes[0]!.onClick!();
    expect(h.openedSettings).toBe(1);
    expect(controller.hotkeysStatus()).toMatchObject({
      capture: { ok: false, reason: 'taken' },
      region: { ok: true },
      limits: [],
    });
    await controller.stop();
  });

  it('explains a refused capture (macOS without Screen Recording) and stores nothing', async () => {
    const before = app.store.list({ limit: 100 }).total;
    const h = harness(await desktopPng(doc, 1), { platform: 'darwin', empty: true });
    const controller = new AppController(app, h.ports);
    await controller.capture('screen');
    expect(h.notes.at(-1)).toMatchObject({ title: 'Nothing was captured' });
    expect(h.notes.at(-1)!.body).toMatch(/Screen Recording/);
    expect(app.store.list({ limit: 100 }).total).toBe(before);
    await controller.stop();
  });
});

// The tray's other inputs: files picked in a dialog (images and PDFs) and the clipboard's image.
describe('the tray menu reads files and the clipboard', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let app: AppService;
  let doc: SyntheticDocument;
  let printed: PrintedInvoice;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    app = await AppService.open({ home, env: {} });
    doc = await renderDocument({ kind: 'invoice', seed: 9 });
    await app.saveProfile({ name: 'Invoices', fields: doc.fields }, { activate: true });
    await writeFile(path.join(home, 'invoice.png'), doc.png);
    await writeFile(path.join(home, 'notes.txt'), 'not an image');
    const browser = await openInvoiceBrowser();
    printed = await printInvoice({ layout: layoutNamed('classic'), seed: 8, rows: 2 }, browser);
    await browser.close();
    await writeFile(path.join(home, 'invoice.pdf'), printed.pdf);
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('Extract from file… reads each image and PDF picked; one that is neither is said, the next still runs', async () => {
    const h = harness(Buffer.alloc(0));
    const controller = new AppController(app, h.ports);
    h.picked = [path.join(home, 'notes.txt'), path.join(home, 'invoice.png'), path.join(home, 'invoice.pdf')];
    await controller.extractFiles();
    expect(h.dialogs).toEqual([
      {
        title: 'Extract from images or PDFs',
        filterName: 'Images and PDFs',
        extensions: expect.arrayContaining(['png', 'jpg', 'pdf']) as string[],
      },
    ]);
    const { items } = app.store.list({ limit: 10 });
    expect(items).toHaveLength(2);
    // Newest first: the PDF (read from its text layer), then the image.
    const [fromPdf, result] = await Promise.all(items.map(async (i) => (await app.store.get(i.id))!));
    expect(result).toMatchObject({
      status: 'ok',
      source: { kind: 'file', path: path.join(home, 'invoice.png') },
    });
    expect(result!.fields.invoice_number).toBe(doc.truth.invoice_number);
    expect(fromPdf).toMatchObject({
      status: 'ok',
      source: { kind: 'file', path: path.join(home, 'invoice.pdf') },
      document: { pageCount: 1, pages: [{ page: 1, from: 'text' }] },
    });
    expect(fromPdf!.fields).toMatchObject({
      invoice_number: printed.truth.invoice_number,
      total: printed.truth.total,
    });
    expect(h.notes.map((n) => n.title)).toEqual([
      'Nothing was extracted',
      'Extracted: Invoices',
      'Extracted: Invoices',
    ]);
    expect(h.notes[0]!.body).toMatch(/notes\.txt is not an image or PDF Extracto can read/);
    expect(h.events).toEqual([`results:changed ${result!.id}`, `results:changed ${fromPdf!.id}`]);
    // A cancelled dialog reads nothing and says nothing.
    h.picked = [];
    await controller.extractFiles();
    expect(h.notes).toHaveLength(3);
  });

  it('Extract from clipboard keeps the image copied as a result from the clipboard; an empty one is said', async () => {
    const h = harness(Buffer.alloc(0));
    const controller = new AppController(app, h.ports);
    await controller.extractClipboard();
    expect(h.notes).toEqual([
      {
        title: 'Nothing was extracted',
        body: 'There is no image on the clipboard: copy one first (a screenshot, or Copy Image in a browser).',
      },
    ]);
    h.clipboard = doc.png;
    await controller.extractClipboard();
    const id = h.events.at(-1)!.split(' ')[1]!;
    const result = (await app.store.get(id))!;
    expect(result).toMatchObject({
      status: 'ok',
      source: { kind: 'clipboard' },
      image: { width: doc.width },
    });
    expect(result.fields.total).toBe(doc.truth.total);
    expect(await readFile(result.image.path)).toEqual(doc.png);
    h.notes.at(-1)!.onClick!();
    expect(h.shown).toEqual([id]);
  });
});

// A capture the provider cannot take now (rate limited beyond its own retries) is kept as pending
// and tried again in the background, on the queue's backoff, until it goes through.
describe('the tray app retries what it could not send', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let api: FakeApi;
  let app: AppService;
  let doc: SyntheticDocument;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    api = await FakeApi.start();
    app = await AppService.open({
      home,
      env: { OPENAI_API_KEY: 'sk-test-TRAY-0123456789abcdef' },
      queuePolicy: { firstDelayMs: 50, maxDelayMs: 200 },
    });
    doc = await renderDocument({ kind: 'invoice', seed: 5 });
    await app.saveProfile({ name: 'Totals', fields: [{ key: 'total', label: 'Total', type: 'number' }] });
    const settings = app.getSettings();
    await app.saveSettings({
      ...settings,
      provider: { id: 'openai', baseUrl: api.url('/v1'), detail: 'low' },
    });
  });
  afterAll(async () => {
    await app.close();
    await api.close();
    await cleanup();
  });

  it('keeps the capture, says so, and notifies the fields once a retry goes through', async () => {
    const limited = {
      status: 429,
      headers: { 'retry-after-ms': '5' },
      json: openaiError('Rate limit reached', 'requests', 'rate_limit_exceeded'),
    };
    // The SDK call and its 3 retries are refused, then the background retry is answered.
    api.script(ROUTE, limited, limited, limited, limited, {
      json: openaiResponse({ text: '{"total": 74.09}' }),
    });
    const h = harness(await desktopPng(doc, 1));
    const controller = new AppController(app, h.ports, { retryMinMs: 50 });
    await controller.capture('screen');
    const [first] = app.store.list({ limit: 5 }).items;
    expect(first).toMatchObject({ status: 'pending' });
    expect(h.notes.at(-1)).toMatchObject({ title: 'Kept for later' });
    expect(h.notes.at(-1)!.body).toMatch(/It is kept and will be retried\.$/);
    await expect.poll(() => app.store.list({ limit: 5 }).items[0]?.status, { timeout: 10_000 }).toBe('ok');
    expect(app.store.list({ limit: 5 }).total).toBe(1);
    await expect.poll(() => h.notes.at(-1)?.title).toBe('Extracted: Totals');
    expect(h.notes.at(-1)!.body).toBe('Total 74.09');
    expect(h.events).toContain(`results:changed ${first!.id}`);
    expect(api.calls(ROUTE)).toHaveLength(5);
    await controller.stop();
  });

  it('notifies in the language Settings name, from the code the result keeps', async () => {
    api.reset();
    api.always(ROUTE, {
      status: 401,
      json: openaiError('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'),
    });
    await app.saveSettings({ ...app.getSettings(), locale: 'es' });
    try {
      const h = harness(await desktopPng(doc, 1), { taken: ['CommandOrControl+Space'] });
      const controller = new AppController(app, h.ports);
      controller.start();
      expect(h.notes[0]).toMatchObject({
        title: 'Atajo no disponible',
        body: 'Otra aplicación (o el otro atajo de Extracto) ya usa CommandOrControl+Space; elige otro en Ajustes → Captura.',
      });
      await controller.capture('screen');
      expect(h.notes.at(-1)).toMatchObject({
        title: 'La extracción falló',
        body: 'Se rechazó la clave de OpenAI (401): compruébala en Ajustes o en OPENAI_API_KEY.',
      });
      // The result keeps the English sentence, for people reading the file, and the code.
      const [failed] = app.store.list({ limit: 1 }).items;
      expect(await app.store.get(failed!.id)).toMatchObject({
        status: 'failed',
        error: 'The OpenAI key was rejected (401) — check it in Settings or OPENAI_API_KEY.',
        errorCode: 'provider.keyRejected',
      });
      await controller.stop();
    } finally {
      await app.saveSettings({ ...app.getSettings(), locale: 'auto' });
    }
  });

  it('at start, retries what an earlier run left pending (the queue survives a restart)', async () => {
    api.reset();
    api.script(ROUTE, { status: 503, json: openaiError('overloaded', 'server_error') });
    api.always(ROUTE, { status: 503, json: openaiError('overloaded', 'server_error') });
    const before = new AppController(app, harness(await desktopPng(doc, 1)).ports, { retryMinMs: 60_000 });
    await before.capture('screen');
    const [left] = app.store.list({ status: 'pending', limit: 1 }).items;
    expect(left).toBeDefined();
    await before.stop();

    // A new app start over the same data home: the pending capture is sent, with no press at all.
    api.reset();
    api.always(ROUTE, { json: openaiResponse({ text: '{"total": 12.5}' }) });
    const h = harness(await desktopPng(doc, 1));
    const after = new AppController(app, h.ports, { retryMinMs: 50 });
    after.start();
    await expect.poll(async () => (await app.store.get(left!.id))?.status, { timeout: 10_000 }).toBe('ok');
    expect(h.grabs).toEqual([]);
    await after.stop();
  });

  it('the tray starts automatic capture, a cap pauses it with a notification, the tray stops it', async () => {
    api.reset();
    api.always(ROUTE, { json: openaiResponse({ text: '{"total": 99}' }) });
    const settings = app.getSettings();
    const extractedBefore = app.store.count();
    await app.saveSettings({
      ...settings,
      // One capture an hour, counting what is already in the history today: at most one more.
      auto: {
        ...settings.auto,
        enabled: false,
        mode: 'interval',
        intervalSeconds: 0.05,
        maxPerHour: extractedBefore + 1,
        // The screen is the one the tests above read already.
        allowDuplicates: true,
      },
    });
    const h = harness(await desktopPng(doc, 1));
    const controller = new AppController(app, h.ports, { retryMinMs: 60_000 });
    controller.start();
    expect(h.trays.at(-1)?.autoCapture).toBe('off');
    await controller.toggleAutoCapture();
    expect(app.getSettings().auto.enabled).toBe(true);
    expect(h.trays.at(-1)?.autoCapture).toBe('running');
    await expect.poll(() => h.trays.at(-1)?.autoCapture, { timeout: 10_000 }).toBe('capped');
    expect(h.notes.at(-1)).toMatchObject({ title: 'Auto-capture' });
    expect(h.notes.at(-1)!.body).toMatch(/^Auto-capture paused: /);
    expect(app.store.count()).toBe(extractedBefore + 1);
    // From the tray: stopped for this session (Settings keep it on for the next start).
    await controller.toggleAutoCapture();
    expect(h.trays.at(-1)?.autoCapture).toBe('paused');
    await controller.stop();
    await app.saveSettings(settings);
  });
});

// Each platform's own default shortcuts, and the ones a settings file keeps, in fresh data homes.
describe('the shortcuts main registers', () => {
  const noScreen = Buffer.alloc(0);
  const noop = () => undefined;
  const actions = {
    captureNow: noop,
    captureRegion: noop,
    extractFromFile: noop,
    extractFromClipboard: noop,
    useProfile: noop,
    openHistory: noop,
    openSettings: noop,
    toggleAutoCapture: noop,
    openLogs: noop,
    quit: noop,
  };

  it.each([
    ['darwin', 'CommandOrControl+Shift+1', 'CommandOrControl+Shift+2', 'Capture now (⌘⇧1)'],
    ['linux', 'CommandOrControl+Space', 'CommandOrControl+Shift+Space', 'Capture now (Ctrl+Space)'],
  ] as const)(
    'on %s, for a new install: %s and %s, never written into settings.json',
    async (platform, capture, region, label) => {
      const { home, cleanup } = await tempHome();
      const app = await AppService.open({ home, env: {} });
      try {
        const h = harness(noScreen, { platform });
        const controller = new AppController(app, h.ports);
        controller.start();
        expect([...h.shortcuts.keys()]).toEqual([capture, region]);
        expect(controller.hotkeysStatus()).toMatchObject({ capture: { ok: true }, region: { ok: true } });
        expect(h.trays.at(-1)!.hotkeys).toEqual({ capture, region });
        expect(trayMenu(h.trays.at(-1)!, actions, translator('en'))[0]!.label).toBe(label);
        // Settings saved for another reason keep the shortcuts out of the file: a copy of it on
        // another platform, or a later default, still applies.
        const profile = await app.saveProfile({
          name: 'Invoices',
          fields: [{ key: 'total', label: 'Total', type: 'number' }],
        });
        await controller.useProfile(profile.id);
        controller.settingsChanged();
        const file = JSON.parse(await readFile(app.paths.settings, 'utf8')) as { capture: object };
        expect(file.capture).not.toHaveProperty('hotkey');
        expect(file.capture).not.toHaveProperty('regionHotkey');
        expect([...h.shortcuts.keys()]).toEqual([capture, region]);
        await controller.stop();
      } finally {
        await app.close();
        await cleanup();
      }
    },
  );

  it('keeps a shortcut the settings file stores, and defaults only the one it does not', async () => {
    const { home, cleanup } = await tempHome();
    // As an earlier version saved it on a Mac: ⌘Space spelled out, kept exactly as the person has it.
    await writeFile(
      path.join(home, 'settings.json'),
      JSON.stringify({ version: 1, capture: { hotkey: 'CommandOrControl+Space', display: 'cursor' } }),
    );
    const app = await AppService.open({ home, env: {} });
    try {
      const h = harness(noScreen, { platform: 'darwin' });
      const controller = new AppController(app, h.ports);
      controller.start();
      expect([...h.shortcuts.keys()]).toEqual(['CommandOrControl+Space', 'CommandOrControl+Shift+2']);
      // A shortcut recorded in Settings replaces the default at once.
      await app.saveSettings({
        ...app.getSettings(),
        capture: { ...app.getSettings().capture, regionHotkey: 'CommandOrControl+Alt+R' },
      });
      controller.settingsChanged();
      expect([...h.shortcuts.keys()]).toEqual(['CommandOrControl+Space', 'CommandOrControl+Alt+R']);
      const file = JSON.parse(await readFile(app.paths.settings, 'utf8')) as { capture: object };
      expect(file.capture).toMatchObject({
        hotkey: 'CommandOrControl+Space',
        regionHotkey: 'CommandOrControl+Alt+R',
      });
      await controller.stop();
    } finally {
      await app.close();
      await cleanup();
    }
  });
});
