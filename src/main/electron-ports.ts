import path from 'node:path';
import {
  app,
  clipboard,
  desktopCapturer,
  dialog,
  globalShortcut,
  Notification,
  safeStorage,
  screen,
  systemPreferences,
} from 'electron';
import type { ExportFormat } from '../shared/result.ts';
import type { ScreenPermission } from './platform.ts';
import type {
  ClipboardPort,
  DisplayInfo,
  FileDialogPort,
  FramePort,
  NotifierPort,
  ScreenPort,
  SecretPort,
  ShortcutPort,
} from './ports.ts';

/** The one file that holds Electron's real APIs behind main's ports (see ports.ts). */

export const electronScreen: ScreenPort = {
  displays: () => {
    const primary = screen.getPrimaryDisplay().id;
    return screen.getAllDisplays().map((d) => ({
      id: String(d.id),
      bounds: d.bounds,
      scaleFactor: d.scaleFactor,
      primary: d.id === primary,
    }));
  },
  cursorPoint: () => screen.getCursorScreenPoint(),
};

/** The pixels of a Buffer as an ArrayBuffer of exactly that size, copied only when it must be. */
function ownBuffer(bytes: Buffer): ArrayBuffer {
  if (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  ) {
    return bytes.buffer;
  }
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}

/**
 * desktopCapturer's screen thumbnail at the size asked: at the display's pixel size it is the
 * full-resolution frame, at a small size a cheap look for change detection. toBitmap() is BGRA.
 */
export const electronFrames: FramePort = {
  async grab(display: DisplayInfo, size) {
    const sources = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize: size });
    // display_id is empty on some Linux setups; with one screen there is no doubt which it is.
    const source =
      sources.find((s) => s.display_id === display.id) ?? (sources.length === 1 ? sources[0] : undefined);
    if (!source) throw new Error(`desktopCapturer offered no source for display ${display.id}`);
    const { width, height } = source.thumbnail.getSize();
    if (width === 0 || height === 0) return { data: new ArrayBuffer(0), width: 0, height: 0 };
    return { data: ownBuffer(source.thumbnail.toBitmap()), width, height };
  },
};

export const electronShortcuts: ShortcutPort = {
  register: (accelerator, callback) => {
    try {
      return globalShortcut.register(accelerator, callback);
    } catch {
      // Electron throws on an accelerator it cannot parse; Hotkeys validated it, so this is the OS.
      return false;
    }
  },
  unregister: (accelerator) => globalShortcut.unregister(accelerator),
};

type Shown = Parameters<NotifierPort['show']>[0];

/**
 * The recent notifications, kept referenced: one collected early loses its click, and on Windows a
 * toast that has closed ('close') can still be clicked in the Action Center later.
 */
const recent: Notification[] = [];
const KEEP = 20;

/**
 * System notifications; where the system cannot show one (no notification server on Linux, an
 * unsigned macOS build on Electron 42 and later, notifications turned off for the app), `fallback`
 * says it another way, so a result is never announced to nobody.
 */
export function electronNotifier(fallback: (shown: Shown, reason: string) => void): NotifierPort {
  return {
    show(shown) {
      if (!Notification.isSupported()) {
        fallback(shown, 'this system shows no notifications');
        return;
      }
      const notification = new Notification({ title: shown.title, body: shown.body, silent: true });
      recent.push(notification);
      if (recent.length > KEEP) recent.shift();
      if (shown.onClick) notification.on('click', shown.onClick);
      notification.on('failed', (_event, error) => fallback(shown, error));
      notification.show();
    },
  };
}

/**
 * safeStorage, with Linux's "basic_text" backend (no keyring running) counted as no keychain:
 * it only obfuscates with a constant key, and Extracto will not call that encryption.
 */
export const electronSecrets: SecretPort = {
  available: async () =>
    (await safeStorage.isAsyncEncryptionAvailable()) &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: (text) => safeStorage.encryptStringAsync(text),
  decrypt: async (data) => {
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(data);
    return { text: result, stale: shouldReEncrypt };
  },
};

/**
 * Electron 45's clipboard is the W3C one (read() and ClipboardItems; readImage() is gone):
 * Chromium offers any image copied as image/png, whatever the system holds it as.
 */
export const electronClipboard: ClipboardPort = {
  async readImage() {
    for (const item of await clipboard.read()) {
      if (item.types.includes('image/png'))
        return Buffer.from(await (await item.getType('image/png')).arrayBuffer());
    }
    return null;
  },
};

export const electronFileDialog: FileDialogPort = {
  async openFiles({ title, filterName, extensions }) {
    const picked = await dialog.showOpenDialog({
      title,
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: filterName, extensions: [...extensions] }],
    });
    return picked.canceled ? [] : picked.filePaths;
  },
};

/**
 * The save dialog an export asks where to go: the Downloads folder first, then the folder the
 * person last chose (for this run of the app), the file named for what it holds.
 */
export function electronExportDialog(): (suggested: string, format: ExportFormat) => Promise<string | null> {
  let lastFolder: string | undefined;
  return async (suggested, format) => {
    const folder = lastFolder ?? app.getPath('downloads');
    const picked = await dialog.showSaveDialog({
      defaultPath: path.join(folder, suggested),
      filters: [{ name: format.toUpperCase(), extensions: [format] }],
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    });
    if (picked.canceled || !picked.filePath) return null;
    // A name typed without its extension still gets the format's (the filter does not add it everywhere).
    const file = path.extname(picked.filePath) ? picked.filePath : `${picked.filePath}.${format}`;
    lastFolder = path.dirname(file);
    return file;
  };
}

export function screenPermission(): ScreenPermission {
  if (process.platform !== 'darwin' && process.platform !== 'win32') return 'unknown';
  return systemPreferences.getMediaAccessStatus('screen');
}
