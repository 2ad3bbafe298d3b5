import {
  desktopCapturer,
  globalShortcut,
  Notification,
  safeStorage,
  screen,
  systemPreferences,
} from 'electron';
import type { ScreenPermission } from './platform.ts';
import type { DisplayInfo, FramePort, NotifierPort, ScreenPort, SecretPort, ShortcutPort } from './ports.ts';

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

/** Notifications kept referenced until closed: one collected early would lose its click. */
const live = new Set<Notification>();

export const electronNotifier: NotifierPort = {
  show({ title, body, onClick }) {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body, silent: true });
    live.add(notification);
    if (onClick) notification.on('click', onClick);
    notification.on('close', () => live.delete(notification));
    notification.show();
  },
};

/**
 * safeStorage, with Linux's "basic_text" backend (no keyring running) counted as no keychain:
 * it only obfuscates with a constant key, and Extracto will not call that encryption.
 */
export const electronSecrets: SecretPort = {
  available: () =>
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: (text) => safeStorage.encryptString(text),
  decrypt: (data) => safeStorage.decryptString(data),
};

export function screenPermission(): ScreenPermission {
  if (process.platform !== 'darwin' && process.platform !== 'win32') return 'unknown';
  return systemPreferences.getMediaAccessStatus('screen');
}
