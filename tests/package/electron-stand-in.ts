/**
 * The smallest stand-in for Electron's main-process API that lets the packaged app's `start()` run
 * under plain Node (the Node that Electron 45 embeds), so start-up is checked on machines where no
 * Electron binary can be had. It behaves as Electron does where a mistake would otherwise pass
 * unseen: windows, trays, shortcuts and dialogs exist only once the app is ready; a page, preload
 * or icon that is not in the package is reported (Electron shows a blank window or an empty tray
 * icon); `app.exit()` ends the process. It reports what the app does to the test through the
 * events file (events.ts) and takes the test's commands over the IPC channel.
 *
 * Screen: one display, the size of the raw BGRA frame the test hands over (EXTRACTO_STANDIN_SCREEN,
 * `<file>:<width>x<height>`). Keychain: Linux without a keyring (safeStorage's basic_text backend).
 * Open dialogs: the files in EXTRACTO_STANDIN_OPEN (separated as in PATH) are picked, or cancelled.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeEvent, type AppCommand, type AppEvent } from './events.ts';

type Listener = (...args: never[]) => unknown;

const EVENTS = process.env.EXTRACTO_STANDIN_EVENTS!;
const report = (event: AppEvent) => writeEvent(EVENTS, event);
const fail = process.env.EXTRACTO_STANDIN_FAIL ?? '';

/** The packaged app's folder, resources/app.asar: where its main bundle was started from. */
const main = process.argv[1]!;
const appPath = main.slice(0, main.indexOf(`${path.sep}app.asar${path.sep}`) + `${path.sep}app.asar`.length);
const appPackage = JSON.parse(readFileSync(path.join(appPath, 'package.json'), 'utf8')) as {
  name: string;
  productName?: string;
  version: string;
};
Object.defineProperty(process, 'resourcesPath', { value: path.dirname(appPath) });

let ready = false;
function requireReady(what: string): void {
  if (!ready) throw new Error(`${what} cannot be used before the app is ready`);
}

// ---------------------------------------------------------------------------------------- app
const appEvents = new EventEmitter();
const paths = new Map<string, string>();
let quitting = false;
let readyResolve: () => void = () => undefined;
const whenReady = new Promise<void>((resolve) => (readyResolve = resolve));

function exit(code: number): never {
  report({ type: 'exit', code });
  process.exit(code);
}

function defaultPath(name: string): string {
  const appData = process.env.XDG_CONFIG_HOME ?? path.join(homedir(), '.config');
  // Electron names userData after package.json's productName, else its name, before main runs.
  if (name === 'userData') return path.join(appData, appPackage.productName ?? appPackage.name);
  if (name === 'appData') return appData;
  if (name === 'home') return homedir();
  if (name === 'temp') return process.env.TMPDIR ?? '/tmp';
  throw new Error(`app.getPath('${name}') is not in the stand-in`);
}

export const app = {
  get name() {
    return appPackage.productName ?? appPackage.name;
  },
  setName(name: string) {
    report({ type: 'path', name: 'name', value: name });
  },
  getName: () => appPackage.productName ?? appPackage.name,
  getVersion: () => appPackage.version,
  getLocale: () => process.env.EXTRACTO_STANDIN_LOCALE ?? 'en-US',
  getAppPath: () => appPath,
  getPath: (name: string) => paths.get(name) ?? defaultPath(name),
  setPath(name: string, value: string) {
    if (ready && name === 'userData') throw new Error('userData must be set before the app is ready');
    paths.set(name, value);
    report({ type: 'path', name, value });
  },
  setAppUserModelId(id: string) {
    report({ type: 'path', name: 'appUserModelId', value: id });
  },
  commandLine: {
    appendSwitch(name: string, value?: string) {
      if (ready) throw new Error(`the ${name} switch must be set before the app is ready`);
      report({ type: 'switch', name, ...(value === undefined ? {} : { value }) });
    },
  },
  requestSingleInstanceLock: () => true,
  whenReady: () => whenReady,
  isReady: () => ready,
  on(event: string, listener: Listener) {
    appEvents.on(event, listener as (...args: unknown[]) => void);
    return app;
  },
  once(event: string, listener: Listener) {
    appEvents.once(event, listener as (...args: unknown[]) => void);
    return app;
  },
  quit() {
    if (quitting) return;
    let prevented = false;
    appEvents.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    quitting = true;
    appEvents.emit('will-quit', { preventDefault: () => undefined });
    appEvents.emit('quit');
    exit(0);
  },
  exit: (code = 0) => exit(code),
  dock: undefined,
};

// ------------------------------------------------------------------------------- dialogs, shell
export const dialog = {
  showErrorBox(title: string, content: string) {
    report({ type: 'dialog', kind: 'error', title, content });
  },
  showMessageBox(options: { message: string; detail?: string }) {
    report({ type: 'dialog', kind: 'message', title: options.message, content: options.detail ?? '' });
    return Promise.resolve({ response: 1, checkboxChecked: false });
  },
  showOpenDialog: () => {
    const picked = (process.env.EXTRACTO_STANDIN_OPEN ?? '').split(path.delimiter).filter(Boolean);
    return Promise.resolve({ canceled: picked.length === 0, filePaths: picked });
  },
};

/** The W3C-style clipboard of Electron 45, empty. */
export const clipboard = { read: () => Promise.resolve([]) };

export const shell = {
  openPath: () => Promise.resolve(''),
  openExternal: () => Promise.resolve(),
};

// --------------------------------------------------------------------------- protocol, session
type ProtocolHandler = (request: Request) => Response | Promise<Response>;
const protocols = new Map<string, ProtocolHandler>();

export const protocol = {
  registerSchemesAsPrivileged() {
    if (ready) throw new Error('protocol.registerSchemesAsPrivileged must be called before the app is ready');
  },
  handle(scheme: string, handler: ProtocolHandler) {
    requireReady('protocol.handle');
    protocols.set(scheme, handler);
  },
};

export const net = {
  /** Electron's net.fetch reads file: URLs; Node's fetch does not. */
  async fetch(url: string) {
    if (!url.startsWith('file:')) return fetch(url);
    const file = fileURLToPath(url);
    return existsSync(file) ? new Response(readFileSync(file)) : new Response('', { status: 404 });
  },
};

type PermissionCheck = (contents: unknown, permission: string, origin: string, details: object) => boolean;
let permissionCheck: PermissionCheck = () => true;

export const session = {
  defaultSession: {
    setPermissionRequestHandler() {},
    setPermissionCheckHandler(handler: PermissionCheck | null) {
      permissionCheck = handler ?? (() => true);
    },
    webRequest: { onHeadersReceived() {} },
  },
};

// ------------------------------------------------------------------------------------ windows
const windows = new Set<BrowserWindow>();

class WebContents extends EventEmitter {
  private url = '';
  setWindowOpenHandler() {}
  getURL() {
    return this.url;
  }
  navigated(url: string) {
    this.url = url;
  }
  send() {}
}

export class BrowserWindow extends EventEmitter {
  readonly webContents = new WebContents();
  private readonly preload: string;
  private destroyed = false;

  constructor(options: { webPreferences?: { preload?: string } } = {}) {
    super();
    requireReady('BrowserWindow');
    this.preload = options.webPreferences?.preload ?? '';
    windows.add(this);
    appEvents.emit('web-contents-created', {}, this.webContents);
  }

  static getAllWindows(): BrowserWindow[] {
    return [...windows];
  }

  loadFile(file: string, options: { hash?: string } = {}) {
    this.webContents.navigated(pathToFileURL(file).href);
    report({
      type: 'window',
      page: file,
      pageFound: existsSync(file),
      preload: this.preload,
      preloadFound: this.preload !== '' && existsSync(this.preload),
      hash: options.hash ?? '',
    });
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }

  loadURL(url: string) {
    return url.startsWith('file:') ? this.loadFile(fileURLToPath(url)) : Promise.reject(new Error(url));
  }

  show() {}
  focus() {}
  restore() {}
  isMinimized = () => false;
  isDestroyed = () => this.destroyed;
  setAlwaysOnTop() {}
  setVisibleOnAllWorkspaces() {}
  close() {
    this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    windows.delete(this);
    this.emit('closed');
  }
}

export const nativeTheme = { shouldUseDarkColors: false };

// ---------------------------------------------------------------------- tray, menus, images
interface StandInImage {
  file: string;
  isEmpty(): boolean;
  setTemplateImage(): void;
}

export const nativeImage = {
  // Electron gives an empty image for a file it cannot read: the tray icon would be invisible.
  createFromPath: (file: string): StandInImage => ({
    file,
    isEmpty: () => !existsSync(file),
    setTemplateImage() {},
  }),
};

interface MenuItem {
  label?: string;
  type?: string;
  submenu?: MenuItem[];
  click?: () => void;
}

/** The tray's menu as last set: what a 'click' command finds its item in. */
let trayMenu: MenuItem[] = [];

function menuItem(items: MenuItem[], label: string): MenuItem | undefined {
  for (const item of items) {
    if (item.label === label) return item;
    const inside = menuItem(item.submenu ?? [], label);
    if (inside) return inside;
  }
  return undefined;
}

export const Menu = {
  buildFromTemplate: (template: MenuItem[]) => ({ template }),
};

export class Tray extends EventEmitter {
  constructor(image: StandInImage) {
    super();
    requireReady('Tray');
    if (fail === 'tray') throw new Error('The system tray is not available (a failure the test asked for).');
    report({ type: 'tray', icon: image.file, iconFound: !image.isEmpty() });
  }
  setImage() {}
  setToolTip() {}
  setTitle() {}
  setContextMenu(menu: { template: MenuItem[] }) {
    trayMenu = menu.template;
    const labels = (items: MenuItem[]): string[] =>
      items.flatMap((i) => [...(i.label ? [i.label] : []), ...labels(i.submenu ?? [])]);
    report({ type: 'menu', labels: labels(menu.template) });
  }
  destroy() {}
}

// ------------------------------------------------------------------ notifications, shortcuts
export class Notification extends EventEmitter {
  private readonly options: { title: string; body: string };
  constructor(options: { title: string; body: string }) {
    super();
    this.options = options;
  }
  static isSupported = () => true;
  show() {
    report({ type: 'notification', title: this.options.title, body: this.options.body });
  }
}

const shortcuts = new Map<string, () => void>();

export const globalShortcut = {
  register(accelerator: string, callback: () => void) {
    requireReady('globalShortcut');
    shortcuts.set(accelerator, callback);
    report({ type: 'shortcut', accelerator });
    return true;
  },
  unregister(accelerator: string) {
    shortcuts.delete(accelerator);
  },
};

// ---------------------------------------------------------------------- screen and capture
const [screenFile, screenSize] = (process.env.EXTRACTO_STANDIN_SCREEN ?? ':1280x800').split(':') as [
  string,
  string,
];
const [width, height] = screenSize.split('x').map(Number) as [number, number];
const display = { id: 1, bounds: { x: 0, y: 0, width, height }, scaleFactor: 1 };

export const screen = {
  getAllDisplays: () => [display],
  getPrimaryDisplay: () => display,
  getCursorScreenPoint: () => ({ x: 10, y: 10 }),
};

export const desktopCapturer = {
  getSources(options: { thumbnailSize: { width: number; height: number } }) {
    const { thumbnailSize } = options;
    if (thumbnailSize.width !== width || thumbnailSize.height !== height) {
      return Promise.reject(new Error(`the stand-in captures only at the screen's size, ${width}x${height}`));
    }
    const thumbnail = {
      getSize: () => ({ width, height }),
      toBitmap: () => readFileSync(screenFile),
    };
    return Promise.resolve([{ id: 'screen:1:0', name: 'Screen 1', display_id: '1', thumbnail }]);
  },
};

export const systemPreferences = { getMediaAccessStatus: () => 'granted' };

export const safeStorage = {
  isAsyncEncryptionAvailable: () => Promise.resolve(true),
  getSelectedStorageBackend: () => 'basic_text',
  encryptStringAsync: (text: string) => Promise.resolve(Buffer.from(text)),
  decryptStringAsync: (data: Buffer) => Promise.resolve({ result: data.toString(), shouldReEncrypt: false }),
};

// --------------------------------------------------------------------------------- IPC
type InvokeHandler = (event: { senderFrame: { url: string } }, request: unknown) => unknown;
const handlers = new Map<string, InvokeHandler>();

export const ipcMain = {
  handle(channel: string, handler: InvokeHandler) {
    handlers.set(channel, handler);
  },
};

/** The page a window of the packaged app loads: IPC from it is trusted. */
const page = pathToFileURL(path.join(appPath, 'out', 'renderer', 'index.html')).href;

async function run(command: AppCommand): Promise<unknown> {
  switch (command.type) {
    case 'invoke': {
      const handler = handlers.get(command.channel);
      if (!handler) throw new Error(`no handler for ${command.channel}`);
      return handler({ senderFrame: { url: page } }, command.request);
    }
    case 'press': {
      const callback = shortcuts.get(command.accelerator);
      if (!callback) throw new Error(`${command.accelerator} is not registered`);
      callback();
      return null;
    }
    case 'click': {
      const item = menuItem(trayMenu, command.label);
      if (!item?.click) throw new Error(`the tray menu has no item "${command.label}"`);
      item.click();
      return null;
    }
    case 'fetch': {
      const handler = protocols.get(new URL(command.url).protocol.replace(/:$/, ''));
      if (!handler) throw new Error(`no protocol handler for ${command.url}`);
      const response = await handler(new Request(command.url));
      return { status: response.status, bytes: (await response.arrayBuffer()).byteLength };
    }
    case 'permission':
      return permissionCheck(null, command.permission, new URL(command.url).origin, {
        requestingUrl: command.url,
      });
    case 'import':
      await import(command.url);
      return null;
    case 'relaunch':
      // What Electron tells the running instance when the app is started again.
      appEvents.emit(process.platform === 'darwin' ? 'activate' : 'second-instance', {}, [], '');
      return null;
    case 'quit':
      setImmediate(() => app.quit());
      return null;
  }
}

process.on('message', (command: AppCommand) => {
  run(command).then(
    (value) => report({ type: 'answer', id: command.id, ok: true, value }),
    (error: unknown) =>
      report({
        type: 'answer',
        id: command.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
});

// Ready once main's own code has run, as in Electron (its `whenReady()` resolves later, never during).
setTimeout(() => {
  ready = true;
  report({ type: 'ready' });
  appEvents.emit('ready', {}, {});
  readyResolve();
}, 20);
