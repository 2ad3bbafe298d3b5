import { app, dialog, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppService } from '../app/service.ts';
import { APP_NAME } from '../core/paths.ts';
import { AppController } from './controller.ts';
import {
  electronFrames,
  electronNotifier,
  electronScreen,
  electronSecrets,
  electronShortcuts,
  screenPermission,
} from './electron-ports.ts';
import { registerImageScheme, serveImages } from './image-protocol.ts';
import { registerIpc } from './ipc.ts';
import { createMainHandlers } from './main-handlers.ts';
import { messagesFor, pickLocale } from './messages.ts';
import { RegionOverlay } from './overlay.ts';
import { PreviewQueue } from './preview.ts';
import { SecretStore } from './secrets.ts';
import { hardenWebContents } from './security.ts';
import { TrayIcon } from './tray.ts';
import { Windows } from './windows.ts';

/**
 * The Electron entry: builds the real ports and wires them to the controller, the windows, the
 * tray and IPC. Everything with behaviour lives in the modules it imports; this file only connects.
 */
app.setName(APP_NAME);
registerImageScheme();

if (!app.requestSingleInstanceLock()) {
  // Another Extracto runs: it is told (second-instance) and shows itself; this one leaves.
  app.quit();
} else {
  app.whenReady().then(start, (error: unknown) => {
    dialog.showErrorBox('Extracto could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

async function start(): Promise<void> {
  // A tray app: no dock icon, no window until one is asked for.
  app.dock?.hide();
  const home = process.env.EXTRACTO_HOME ? path.resolve(process.env.EXTRACTO_HOME) : app.getPath('userData');
  const secrets = new SecretStore(path.join(home, 'secrets.json'), electronSecrets);
  const startEnv = { ...process.env };
  // Keys kept in the keychain (set in Settings) win over the environment's.
  const env: NodeJS.ProcessEnv = { ...startEnv, ...secrets.environment() };
  const service = await AppService.open({ home, env });
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

  const t = () => messagesFor(pickLocale(service.getSettings().locale, app.getLocale()));
  const previews = new PreviewQueue({
    open: () => void windows.show('preview'),
    close: () => windows.close('preview'),
  });
  const windows = new Windows(
    (name) =>
      `Extracto — ${{ settings: t().settingsTitle, history: t().historyTitle, preview: t().previewTitle }[name]}`,
    (name) => {
      if (name === 'preview') previews.closed();
    },
  );
  const overlay = new RegionOverlay();
  // The tray's actions call the controller made just below; none runs before start() ends.
  const tray = new TrayIcon(
    {
      captureNow: () => void controller.capture('screen'),
      captureRegion: () => void controller.capture('region'),
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
    notifier: electronNotifier,
    selectRegion: (display) => overlay.select(display),
    showTray: (state) => tray.show(state),
    showResult: (id) => windows.showResult(id),
    openSettings: () => void windows.show('settings'),
    broadcast: (event, payload) => windows.broadcast(event, payload),
    platform: process.platform,
    osLocale: app.getLocale(),
    screenPermission,
  });
  const pages = devServer ?? pathToFileURL(path.join(import.meta.dirname, '..', 'renderer')).href;
  registerIpc({
    app: service,
    main: createMainHandlers({
      service,
      controller,
      overlay,
      previews,
      secrets,
      startEnv,
      env,
      openPath: shell.openPath,
    }),
    trusted: (url) => url.startsWith(`${pages}/`),
    onSettingsChanged: () => controller.settingsChanged(),
    onResultsChanged: (id) => windows.broadcast('results:changed', id === undefined ? {} : { id }),
  });
  service.setPreviewer((image, about) => previews.ask(image, about));
  controller.start();
  service.logger.info(
    `Extracto ${app.getVersion()} started: tray ready, data in ${home}, shortcuts ${JSON.stringify(controller.hotkeysStatus())}`,
  );

  app.on('second-instance', () => void windows.show(service.profiles().length > 0 ? 'history' : 'settings'));
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
  await offerKeyImport(secrets, startEnv);
}

/** Keys found in the environment are offered for the keychain once, so the app finds them later. */
async function offerKeyImport(secrets: SecretStore, env: NodeJS.ProcessEnv): Promise<void> {
  const found = secrets.importable(env);
  if (found.length === 0 || !electronSecrets.available()) return;
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Keep them in the keychain', 'Not now'],
    defaultId: 0,
    cancelId: 1,
    message: `Extracto found ${found.join(' and ')} in its environment.`,
    detail: 'Stored in the system keychain (encrypted), they will be used whenever Extracto starts.',
  });
  if (response !== 0) return;
  for (const name of found) await secrets.set(name, env[name]!);
}
