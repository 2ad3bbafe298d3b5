import { app, dialog, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppService } from '../app/service.ts';
import { UserError } from '../shared/errors.ts';
import { createFileLogger } from '../core/file-logger.ts';
import { APP_NAME, dataPaths, defaultDataHome } from '../core/paths.ts';
import { usePrivateUmask } from '../core/private-files.ts';
import { AppController } from './controller.ts';
import {
  electronClipboard,
  electronExportDialog,
  electronFileDialog,
  electronFrames,
  electronNotifier,
  electronScreen,
  electronSecrets,
  electronShortcuts,
  screenPermission,
} from './electron-ports.ts';
import { registerImageScheme, serveImages } from './image-protocol.ts';
import { ExportJobs } from '../app/export-jobs.ts';
import { registerIpc } from './ipc.ts';
import { createMainHandlers } from './main-handlers.ts';
import { liveTranslator, translator, type Translate } from '../shared/messages/catalogue.ts';
import { pickLocale, type Locale } from '../shared/messages/locale.ts';
import { RegionOverlay } from './overlay.ts';
import { APP_ID, isWaylandSession } from './platform.ts';
import { PreviewQueue } from './preview.ts';
import { SecretStore } from './secrets.ts';
import { hardenWebContents } from './security.ts';
import { TrayIcon } from './tray.ts';
import { Windows } from './windows.ts';

/**
 * The Electron entry: builds the real ports and wires them to the controller, the windows, the
 * tray and IPC. Everything with behaviour lives in the modules it imports; this file only connects.
 */

// First: everything this process (and what it starts) creates in the data home is the user's alone.
usePrivateUmask();
// Before ready: what Electron reads once at start.
app.setName(APP_NAME);
// One data home for the app and the CLI (core's rule, EXTRACTO_HOME included): Electron would
// otherwise derive userData from package.json before this file runs, and setName does not move it.
const home = defaultDataHome();
app.setPath('userData', home);
// Windows shows and routes notifications by the id the installer registered.
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
// Wayland gives global shortcuts only through the desktop's portal, which Chromium must be told to use.
if (isWaylandSession(process.platform, process.env)) {
  app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
}
registerImageScheme();

if (!app.requestSingleInstanceLock()) {
  // Another Extracto runs on this data home: it is told (second-instance) and shows itself.
  app.quit();
} else {
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => startFailed(error));
}

/**
 * Nothing half-started stays behind: a process with no tray and no window would hold the
 * single-instance lock, so launching Extracto again would do nothing. The person is told once, the
 * log gets the detail where it can be written, and the app quits.
 */
function startFailed(error: unknown): void {
  const t = translator(startLocale());
  // Ours in the person's language; anything else (Electron's, the system's) as it was said.
  const reason =
    error instanceof UserError ? t.say(error.said) : error instanceof Error ? error.message : String(error);
  const logs = dataPaths(home).logs;
  let logged = false;
  try {
    createFileLogger(logs).error('Extracto could not start', error);
    logged = true;
  } catch {
    // The data home itself may be what failed; stderr still reaches a terminal.
  }
  process.stderr.write(`${t('start.failedLine', { reason })}\n`);
  try {
    const where = logged ? `\n\n${t('startFailedLog')} ${path.join(logs, 'extracto.log')}` : '';
    dialog.showErrorBox(t('startFailed'), `${reason}${where}`);
  } finally {
    app.exit(1);
  }
}

/**
 * The language to say a failed start in: the system's (the settings may be what failed), and
 * English if even that cannot be asked, since nothing may stop the app from quitting.
 */
function startLocale(): Locale {
  try {
    return pickLocale('auto', [app.getLocale()]);
  } catch {
    return 'en';
  }
}

async function start(): Promise<void> {
  // A tray app: no dock icon, no window until one is asked for.
  app.dock?.hide();
  const secrets = new SecretStore(path.join(home, 'secrets.json'), electronSecrets);
  const startEnv = { ...process.env };
  // Keys kept in the keychain (set in Settings) win over the environment's. A keychain that
  // cannot be read leaves the environment's keys, and says so in the log.
  let keychainProblem: unknown;
  const stored = await secrets.environment().catch((error: unknown) => {
    keychainProblem = error;
    return {};
  });
  const env: NodeJS.ProcessEnv = { ...startEnv, ...stored };
  const service = await AppService.open({ home, env });
  if (keychainProblem)
    service.logger.error('the keys kept in the keychain could not be read', keychainProblem);
  // Every error reaches the log file, also those no code path was waiting for.
  process.on('uncaughtException', (error) => service.logger.error('uncaught exception in main', error));
  process.on('unhandledRejection', (reason) => service.logger.error('unhandled rejection in main', reason));
  app.on('render-process-gone', (_event, contents, details) =>
    service.logger.error(`a window's renderer stopped (${details.reason}) at ${contents.getURL()}`),
  );
  app.on('child-process-gone', (_event, details) =>
    service.logger.error(`an Electron helper process stopped: ${details.type} (${details.reason})`),
  );
  const devServer = process.env.ELECTRON_RENDERER_URL;
  hardenWebContents(devServer);
  serveImages(service);

  const t = liveTranslator(() => pickLocale(service.getSettings().locale, [app.getLocale()]));
  const previews = new PreviewQueue({
    open: () => void windows.show('preview'),
    close: () => windows.close('preview'),
  });
  const windows = new Windows(
    (name) =>
      `Extracto — ${t(({ settings: 'settingsTitle', history: 'historyTitle', preview: 'previewTitle' } as const)[name])}`,
    (name) => {
      if (name === 'preview') previews.closed();
    },
  );
  const overlay = new RegionOverlay();
  const notifier = electronNotifier((shown, reason) => {
    service.logger.warn(`a notification could not be shown (${reason}): ${shown.title}`);
    tray.say(`${shown.title}: ${shown.body}`);
  });
  // The tray's actions call the controller made just below; none runs before start() ends.
  const tray = new TrayIcon(
    {
      captureNow: () => void controller.capture('screen'),
      captureRegion: () => void controller.capture('region'),
      extractFromFile: () => void controller.extractFiles(),
      extractFromClipboard: () => void controller.extractClipboard(),
      useProfile: (id) => void controller.useProfile(id),
      openHistory: () => void windows.show('history'),
      openSettings: () => void windows.show('settings'),
      toggleAutoCapture: () => void controller.toggleAutoCapture(),
      openLogs: () => void shell.openPath(service.paths.logs),
      quit: () => app.quit(),
    },
    t,
  );

  const controller = new AppController(service, {
    screen: electronScreen,
    frames: electronFrames,
    shortcuts: electronShortcuts,
    notifier,
    clipboard: electronClipboard,
    fileDialog: electronFileDialog,
    selectRegion: (display) => overlay.select(display),
    showTray: (state) => tray.show(state),
    showResult: (id) => windows.showResult(id),
    openSettings: () => void windows.show('settings'),
    broadcast: (event, payload) => windows.broadcast(event, payload),
    platform: process.platform,
    env: process.env,
    osLocale: app.getLocale(),
    screenPermission,
  });
  const pages = devServer ?? pathToFileURL(path.join(import.meta.dirname, '..', 'renderer')).href;
  // One set of export jobs: the windows start them (results:export), main opens their files.
  const exports = new ExportJobs(service.logger);
  registerIpc({
    app: service,
    handlers: { exports, chooseExportFile: electronExportDialog() },
    main: createMainHandlers({
      service,
      controller,
      overlay,
      previews,
      secrets,
      startEnv,
      env,
      openPath: shell.openPath,
      showItemInFolder: shell.showItemInFolder,
      exports,
    }),
    trusted: (url) => url.startsWith(`${pages}/`),
    onSettingsChanged: () => controller.settingsChanged(),
    onResultsChanged: (id) => windows.broadcast('results:changed', id === undefined ? {} : { id }),
  });
  service.setPreviewer((image, about) => previews.ask(image, about));
  controller.start();
  // Settings that could not be read in full were repaired: said once here, Settings shows which.
  const repaired = service.settingsProblems();
  if (repaired.length > 0) {
    notifier.show({
      title: t('settingsRepaired'),
      body: repaired.some((r) => r.privacyStrict) ? t('settingsRepairedStrict') : t('settingsRepairedBody'),
      onClick: () => void windows.show('settings'),
    });
  }
  service.logger.info(
    `Extracto ${app.getVersion()} started: tray ready, data in ${home}, shortcuts ${JSON.stringify(controller.hotkeysStatus())}`,
  );

  // Launched again while running: Windows and Linux start a second instance, macOS says 'activate'.
  const showSelf = () => void windows.show(service.profiles().length > 0 ? 'history' : 'settings');
  app.on('second-instance', showSelf);
  app.on('activate', showSelf);
  // A tray app keeps running with every window closed.
  app.on('window-all-closed', () => undefined);
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    // Finish what is under way (an extraction being saved), then really quit.
    event.preventDefault();
    closed = true;
    windows.closeAll();
    tray.destroy();
    void controller
      .stop()
      .then(() => service.close())
      .finally(() => app.quit());
  });

  // First run: nothing to extract yet, so Settings opens once to define the fields.
  if (service.profiles().length === 0) windows.show('settings');
  // After start-up, not part of it: a keychain that refuses the keys must not stop the app.
  offerKeyImport(secrets, startEnv, t).catch((error: unknown) =>
    service.logger.error('the keys found in the environment could not be stored', error),
  );
}

/** Keys found in the environment are offered for the keychain once, so the app finds them later. */
async function offerKeyImport(secrets: SecretStore, env: NodeJS.ProcessEnv, t: Translate): Promise<void> {
  const found = secrets.importable(env);
  if (found.length === 0 || !(await electronSecrets.available())) return;
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: [t('keysKeep'), t('keysNotNow')],
    defaultId: 0,
    cancelId: 1,
    message: t('keysFound', { keys: found.join(' + ') }),
    detail: t('keysFoundDetail'),
  });
  if (response !== 0) return;
  for (const name of found) await secrets.set(name, env[name]!);
}
