import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFieldSpec } from '../../src/shared/field.ts';
import type { Result } from '../../src/shared/result.ts';
import { displayUnderCursor, pixelSize, regionInPixels, desktopLayout } from '../../src/main/displays.ts';
import { captureDisplay } from '../../src/main/frame-capture.ts';
import { message, say, translator } from '../../src/shared/messages/catalogue.ts';
import { storedError } from '../../src/shared/stored-error.ts';
import { pickLocale } from '../../src/shared/messages/locale.ts';
import { resultNotification } from '../../src/main/notify.ts';
import { APP_ID, captureLimits, isWaylandSession } from '../../src/main/platform.ts';
import type { DisplayInfo, FramePort, ScreenPort, SecretPort } from '../../src/main/ports.ts';
import { SecretStore } from '../../src/main/secrets.ts';
import { trayMenu, type TrayActions } from '../../src/main/tray-menu.ts';

const laptop: DisplayInfo = {
  id: '1',
  bounds: { x: 0, y: 0, width: 1440, height: 900 },
  scaleFactor: 2,
  primary: true,
};
const monitor: DisplayInfo = {
  id: '2',
  bounds: { x: 1440, y: 0, width: 1920, height: 1080 },
  scaleFactor: 1,
  primary: false,
};
const screenAt = (x: number, y: number): ScreenPort => ({
  displays: () => [laptop, monitor],
  cursorPoint: () => ({ x, y }),
});

describe('displays', () => {
  it('picks the display under the cursor, else the primary', () => {
    expect(displayUnderCursor(screenAt(2000, 500)).id).toBe('2');
    expect(displayUnderCursor(screenAt(100, 100)).id).toBe('1');
    expect(displayUnderCursor(screenAt(-500, -500)).id).toBe('1');
  });

  it('captures HiDPI displays at their real pixel size and maps regions into pixels', () => {
    expect(pixelSize(laptop)).toEqual({ width: 2880, height: 1800 });
    expect(pixelSize(monitor)).toEqual({ width: 1920, height: 1080 });
    expect(
      regionInPixels({ x: 10, y: 20, width: 100, height: 50 }, laptop, { width: 2880, height: 1800 }),
    ).toEqual({ x: 20, y: 40, width: 200, height: 100 });
    // A drag past the edge is clamped to what is on screen.
    expect(
      regionInPixels({ x: 1400, y: 880, width: 100, height: 100 }, laptop, { width: 2880, height: 1800 }),
    ).toEqual({ x: 2800, y: 1760, width: 80, height: 40 });
  });
});

describe('desktopLayout', () => {
  const a = { id: 'a', bounds: { x: 0, y: 0, width: 1000, height: 700 }, scaleFactor: 1, primary: true };
  const b = {
    id: 'b',
    bounds: { x: 1000, y: -100, width: 800, height: 600 },
    scaleFactor: 2,
    primary: false,
  };

  it('keeps the arrangement at the finest scale, so no screen is shrunk', () => {
    expect(desktopLayout([a, b])).toEqual({
      canvas: { width: 3600, height: 1600 },
      places: [
        { display: a, left: 0, top: 200, width: 2000, height: 1400 },
        { display: b, left: 2000, top: 0, width: 1600, height: 1200 },
      ],
    });
  });

  it('shrinks the whole to a thumbnail width for change detection', () => {
    const { canvas, places } = desktopLayout([a, b], 180);
    expect(canvas).toEqual({ width: 180, height: 80 });
    expect(places.map((p) => [p.left, p.top, p.width, p.height])).toEqual([
      [0, 10, 100, 70],
      [100, 0, 80, 60],
    ]);
  });
});

describe('captureDisplay', () => {
  const frames = (empty = false): FramePort & { asked: unknown[] } => {
    const asked: unknown[] = [];
    return {
      asked,
      async grab(display, size) {
        asked.push({ id: display.id, ...size });
        return empty
          ? { data: new ArrayBuffer(0), width: 0, height: 0 }
          : { data: new ArrayBuffer(size.width * size.height * 4), width: size.width, height: size.height };
      },
    };
  };

  it('asks for the real pixel size and hands on raw BGRA', async () => {
    const port = frames();
    const shot = await captureDisplay(displayUnderCursor(screenAt(10, 10)), port, 'linux');
    expect(port.asked).toEqual([{ id: '1', width: 2880, height: 1800 }]);
    expect(shot.input).toMatchObject({ kind: 'raw', width: 2880, height: 1800, channels: 4, order: 'bgra' });
    expect(shot.display).toBe('1');
  });

  it('explains the missing macOS permission when the frame comes back empty', async () => {
    await expect(
      captureDisplay(displayUnderCursor(screenAt(10, 10)), frames(true), 'darwin'),
    ).rejects.toThrow(/Screen Recording/);
    await expect(captureDisplay(displayUnderCursor(screenAt(10, 10)), frames(true), 'linux')).rejects.toThrow(
      /empty image/,
    );
  });
});

describe('platform limits', () => {
  it('explains Wayland and the macOS permission, and says nothing when all is well', () => {
    const first = (...args: Parameters<typeof captureLimits>) => say('en', captureLimits(...args)[0]!);
    expect(first('linux', { XDG_SESSION_TYPE: 'wayland' }, 'unknown')).toMatch(/Wayland session/);
    expect(first('darwin', {}, 'denied')).toMatch(/Screen Recording permission/);
    expect(captureLimits('linux', { XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' }, 'unknown')).toEqual([]);
    expect(captureLimits('darwin', {}, 'granted')).toEqual([]);
  });

  it('knows a Wayland session, where shortcuts go through the desktop portal', () => {
    expect(isWaylandSession('linux', { XDG_SESSION_TYPE: 'wayland' })).toBe(true);
    expect(isWaylandSession('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    // XWayland: a DISPLAY beside WAYLAND_DISPLAY in an X11 session stays X11.
    expect(isWaylandSession('linux', { XDG_SESSION_TYPE: 'x11', WAYLAND_DISPLAY: 'w', DISPLAY: ':0' })).toBe(
      false,
    );
    expect(isWaylandSession('darwin', { XDG_SESSION_TYPE: 'wayland' })).toBe(false);
  });

  it('names the app as its installers do, so Windows routes its notifications', async () => {
    const config = await readFile(path.join(import.meta.dirname, '..', '..', 'electron-builder.yml'), 'utf8');
    expect(config).toMatch(new RegExp(`^appId: ${APP_ID.replaceAll('.', '\\.')}$`, 'm'));
  });
});

describe('tray menu', () => {
  const calls: string[] = [];
  const actions = new Proxy({} as TrayActions, {
    get: (_t, name: string) => (arg?: string) => calls.push(arg ? `${name}:${arg}` : name),
  });
  const state = {
    busy: false,
    autoCapture: 'running' as 'off' | 'running' | 'paused',
    profiles: [
      { id: 'a', name: 'Invoices' },
      { id: 'b', name: 'Receipts' },
    ],
    activeProfileId: 'b',
    hotkeys: { capture: 'CommandOrControl+Space', region: 'CommandOrControl+Shift+Space' },
    platform: 'linux' as const,
  };

  it('lists the actions with their shortcuts and the active profile checked', () => {
    const menu = trayMenu(state, actions, translator('en'));
    expect(menu.map((i) => i.label ?? '—')).toEqual([
      'Capture now (Ctrl+Space)',
      'Capture region (Ctrl+Shift+Space)',
      '—',
      'Profile',
      'Open history',
      'Settings…',
      'Pause auto-capture',
      '—',
      'Open logs folder',
      'Quit Extracto',
    ]);
    const profiles = menu[3]!.submenu as { label: string; checked: boolean; click: () => void }[];
    expect(profiles.map((p) => [p.label, p.checked])).toEqual([
      ['Invoices', false],
      ['Receipts', true],
    ]);
    profiles[0]!.click();
    expect(calls).toContain('useProfile:a');
  });

  it('shows work in progress and speaks Spanish', () => {
    const menu = trayMenu({ ...state, busy: true, autoCapture: 'paused' }, actions, translator('es'));
    expect(menu[0]).toMatchObject({ label: 'Procesando… (Ctrl+Space)', enabled: false });
    expect(menu[6]!.label).toBe('Reanudar captura automática');
    expect(trayMenu({ ...state, autoCapture: 'off' }, actions, translator('en'))[6]!.label).toBe(
      'Start auto-capture',
    );
    expect(pickLocale('auto', ['es-MX'])).toBe('es');
    expect(pickLocale('auto', ['de-DE'])).toBe('en');
    expect(pickLocale('en', ['es-ES'])).toBe('en');
  });
});

describe('notifications', () => {
  const fields = parseFieldSpec('invoice number, total:number, due:date, vendor');
  const result = {
    status: 'ok',
    profile: { id: 'p', name: 'Invoices' },
    fields: { invoice_number: 'INV-0042', total: 1234.56, due: '2026-12-01', vendor: null },
  } as unknown as Result;

  it("sums up the fields found, in the person's locale", () => {
    expect(resultNotification(result, fields, 'en-US', translator('en'))).toEqual({
      title: 'Extracted: Invoices',
      body: 'invoice number INV-0042 · total 1,234.56 · due Dec 1, 2026',
    });
    expect(resultNotification(result, fields, 'es-ES', translator('es')).body).toBe(
      'invoice number INV-0042 · total 1234,56 · due 1 dic 2026',
    );
  });

  it('says what went wrong for a failed capture', () => {
    const failed = { ...result, status: 'failed', error: 'The OpenAI key was rejected (401).' } as Result;
    expect(resultNotification(failed, fields, 'en', translator('en'))).toEqual({
      title: 'Extraction failed',
      body: 'The OpenAI key was rejected (401).',
    });
  });
});

describe('a stored reason in the notification', () => {
  const fields = parseFieldSpec('total:number');
  const failed = {
    status: 'failed',
    profile: { id: 'p', name: 'Invoices' },
    fields: { total: null },
    ...storedError(message('file.missing', { file: '/tmp/factura.png' })),
  } as unknown as Result;

  it("is said in the person's language when the result kept its code", () => {
    expect(resultNotification(failed, fields, 'es-ES', translator('es'))).toEqual({
      title: 'La extracción falló',
      body: 'El archivo /tmp/factura.png no existe.',
    });
    expect(resultNotification(failed, fields, 'en-US', translator('en')).body).toBe(
      'The file /tmp/factura.png does not exist.',
    );
  });

  it('is said as stored when the result was written before codes (or by a newer build)', () => {
    const old = { ...failed, errorCode: undefined, errorParams: undefined } as Result;
    expect(resultNotification(old, fields, 'es-ES', translator('es')).body).toBe(
      'The file /tmp/factura.png does not exist.',
    );
    const newer = { ...failed, errorCode: 'from.a.newer.build' } as Result;
    expect(resultNotification(newer, fields, 'es-ES', translator('es')).body).toBe(
      'The file /tmp/factura.png does not exist.',
    );
  });
});

describe('SecretStore', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));
  // Stands in for safeStorage: reversible, and never the plain text.
  const keychain = (available = true): SecretPort => ({
    available: () => Promise.resolve(available),
    encrypt: (text) => Promise.resolve(Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a))),
    decrypt: (data) =>
      Promise.resolve({ text: Buffer.from([...data].map((b) => b ^ 0x5a)).toString(), stale: false }),
  });

  it('keeps keys encrypted on disk and gives them back', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'extracto-secrets-'));
    const file = path.join(dir, 'secrets.json');
    const store = new SecretStore(file, keychain());
    await store.set('OPENAI_API_KEY', ' sk-secret-123456789 ');
    expect(await readFile(file, 'utf8')).not.toContain('sk-secret');
    expect(await store.get('OPENAI_API_KEY')).toBe('sk-secret-123456789');
    expect(await store.environment()).toEqual({ OPENAI_API_KEY: 'sk-secret-123456789' });
    expect(store.importable({ OPENAI_API_KEY: 'x', ANTHROPIC_API_KEY: 'sk-ant-1' })).toEqual([
      'ANTHROPIC_API_KEY',
    ]);
    await store.remove('OPENAI_API_KEY');
    expect(store.has('OPENAI_API_KEY')).toBe(false);
  });

  it('encrypts a key again when the keychain says its key changed since', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'extracto-secrets-'));
    const file = path.join(dir, 'secrets.json');
    // The first byte says which key version encrypted the rest.
    let version = 1;
    const rotating: SecretPort = {
      available: () => Promise.resolve(true),
      encrypt: (text) => Promise.resolve(Buffer.concat([Buffer.from([version]), Buffer.from(text)])),
      decrypt: (data) => Promise.resolve({ text: data.subarray(1).toString(), stale: data[0] !== version }),
    };
    const store = new SecretStore(file, rotating);
    await store.set('OPENAI_API_KEY', 'sk-rotated-123456789');
    version = 2;
    expect(await store.get('OPENAI_API_KEY')).toBe('sk-rotated-123456789');
    const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(Buffer.from(stored.OPENAI_API_KEY!, 'base64')[0]).toBe(2);
  });

  it('refuses to store a key without a keychain instead of writing it in clear', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'extracto-secrets-'));
    const store = new SecretStore(path.join(dir, 'secrets.json'), keychain(false));
    await expect(store.set('ANTHROPIC_API_KEY', 'sk-ant-123')).rejects.toThrow(
      /no keychain.*environment instead/,
    );
  });
});
