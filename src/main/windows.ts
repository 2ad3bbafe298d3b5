import { BrowserWindow, nativeTheme, type WebPreferences } from 'electron';
import path from 'node:path';
import type { EventName, EventPayload } from '../shared/ipc.ts';

export type WindowName = 'settings' | 'history' | 'preview';

/** Where the built app's files are: out/main/index.js sits beside out/preload and out/renderer. */
const OUT = path.join(import.meta.dirname, '..');
const PRELOAD = path.join(OUT, 'preload', 'index.cjs');
/** The built renderer's pages (index.html, overlay.html). */
export const PAGES = path.join(OUT, 'renderer');

/**
 * The renderer page for a window: from Vite's dev server under `npm start` (electron-vite sets
 * ELECTRON_RENDERER_URL), else from the files built into the app.
 */
export function loadPage(win: BrowserWindow, page: 'index.html' | 'overlay.html', hash = ''): Promise<void> {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (dev) return win.loadURL(`${dev}/${page}${hash ? `#${hash}` : ''}`);
  return win.loadFile(path.join(PAGES, page), hash ? { hash } : {});
}

/** The only web preferences any Extracto window gets: Electron's security checklist. */
export const SECURE_WEB_PREFERENCES: WebPreferences = {
  preload: PRELOAD,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  spellcheck: false,
};

const SIZES: Record<WindowName, { width: number; height: number; minWidth: number; minHeight: number }> = {
  settings: { width: 1040, height: 760, minWidth: 720, minHeight: 520 },
  history: { width: 1280, height: 820, minWidth: 800, minHeight: 520 },
  preview: { width: 820, height: 680, minWidth: 520, minHeight: 420 },
};

/**
 * The Settings and History windows: created when first asked for, destroyed when closed (a tray
 * app holds no idle renderer), focused when asked for again.
 */
export class Windows {
  private readonly open = new Map<WindowName, BrowserWindow>();
  private readonly title: (name: WindowName) => string;
  private readonly onClosed: (name: WindowName) => void;

  constructor(title: (name: WindowName) => string, onClosed: (name: WindowName) => void = () => undefined) {
    this.title = title;
    this.onClosed = onClosed;
  }

  show(name: WindowName, hash = `/${name}`): BrowserWindow {
    const existing = this.open.get(name);
    if (existing && !existing.isDestroyed()) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    const win = new BrowserWindow({
      ...SIZES[name],
      title: this.title(name),
      show: false,
      autoHideMenuBar: true,
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#f4f5f7',
      webPreferences: SECURE_WEB_PREFERENCES,
    });
    this.open.set(name, win);
    // The preview asks before anything leaves: it stays in front of the document it shows.
    if (name === 'preview') win.setAlwaysOnTop(true, 'modal-panel');
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      this.open.delete(name);
      this.onClosed(name);
    });
    void loadPage(win, 'index.html', hash);
    return win;
  }

  /** Sends a notification to every open window. */
  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const win of this.open.values()) if (!win.isDestroyed()) win.webContents.send(event, payload);
  }

  /** History, showing one result (a notification was clicked). */
  showResult(id: string): void {
    const existing = this.open.get('history');
    if (existing && !existing.isDestroyed()) {
      this.show('history');
      existing.webContents.send('history:select', { id });
      return;
    }
    this.show('history', `/history?select=${encodeURIComponent(id)}`);
  }

  close(name: WindowName): void {
    const win = this.open.get(name);
    if (win && !win.isDestroyed()) win.close();
  }

  closeAll(): void {
    for (const win of this.open.values()) if (!win.isDestroyed()) win.destroy();
    this.open.clear();
  }
}
