/**
 * The narrow ports through which main's modules reach Electron. Each is a few functions wide, so a
 * module can be unit-tested with a small in-test implementation, and electron-ports.ts is the only
 * place that holds the real APIs.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayInfo {
  id: string;
  /** In device-independent pixels, as Electron's screen module reports them. */
  bounds: Rect;
  scaleFactor: number;
  primary: boolean;
}

export interface ScreenPort {
  displays(): DisplayInfo[];
  cursorPoint(): { x: number; y: number };
}

/** One frame of a display, in physical pixels, BGRA (Electron's NativeImage.toBitmap()). */
export interface Frame {
  data: ArrayBuffer;
  width: number;
  height: number;
}

export interface FramePort {
  /** The display at its real pixel size; an empty frame means capture was refused (permission). */
  grab(display: DisplayInfo, pixelSize: { width: number; height: number }): Promise<Frame>;
}

export interface ShortcutPort {
  /** False when the OS or another app holds the combination. */
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface NotifierPort {
  show(notification: { title: string; body: string; onClick?: () => void }): void;
}

/** Electron's safeStorage (its asynchronous API; the synchronous one is deprecated in Electron 45). */
export interface SecretPort {
  available(): Promise<boolean>;
  encrypt(text: string): Promise<Buffer>;
  /** `stale`: the keychain's key changed since; encrypting the text again keeps it readable. */
  decrypt(data: Buffer): Promise<{ text: string; stale: boolean }>;
}

/** Electron's clipboard: the image on it as PNG bytes, null when it holds none. */
export interface ClipboardPort {
  readImage(): Promise<Buffer | null>;
}

/** The system's open-file dialog: the files picked, none when it was cancelled. */
export interface FileDialogPort {
  openFiles(options: { title: string; filterName: string; extensions: readonly string[] }): Promise<string[]>;
}
