import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { createHandlers, dispatch, failure, settle, type HandlerOptions } from '../app/ipc-handlers.ts';
import { message } from '../shared/messages/catalogue.ts';
import type { AppService } from '../app/service.ts';
import { APP_CHANNELS, MAIN_CHANNELS, type IpcOutcome } from '../shared/ipc-client.ts';
import { MAIN_IPC, type Channel, type MainHandlers } from '../shared/ipc.ts';

/** Calls after which main's own state (hotkeys, tray menu, auto-capture) must follow the settings. */
const CHANGES_SETTINGS = new Set<Channel>([
  'settings:save',
  'profiles:save',
  'profiles:remove',
  'profiles:setActive',
]);

/** Calls that change stored results: every window's lists must follow. */
const CHANGES_RESULTS = new Set<Channel>([
  'results:update',
  'results:confirm',
  'results:delete',
  'results:retry',
  'data:deleteAll',
  'extract:file',
]);

const REFUSED: IpcOutcome = failure(message('ipc.refused'), 'invalid');

/**
 * ipcMain for the whole contract: AppService's channels through the same dispatch the loopback
 * bridge uses, main's own through `main`, every argument validated with its zod schema, and only
 * from Extracto's own pages.
 */
export function registerIpc(options: {
  app: AppService;
  /** The desktop app's additions to the shared handlers (its save dialog, the export jobs). */
  handlers: HandlerOptions;
  main: MainHandlers;
  /** Whether a frame is one of Extracto's pages (its URL), not something that got loaded somehow. */
  trusted(url: string): boolean;
  onSettingsChanged(): void;
  onResultsChanged(id: string | undefined): void;
}): void {
  const { app, main } = options;
  const handlers = createHandlers(app, options.handlers);
  const fromUs = (event: IpcMainInvokeEvent) => options.trusted(event.senderFrame?.url ?? '');
  for (const channel of APP_CHANNELS) {
    ipcMain.handle(channel, async (event, request: unknown) => {
      if (!fromUs(event)) return REFUSED;
      const outcome = await dispatch(app, handlers, channel, request);
      if (outcome.ok && CHANGES_SETTINGS.has(channel)) options.onSettingsChanged();
      if (outcome.ok && CHANGES_RESULTS.has(channel))
        options.onResultsChanged(changedId(request, outcome.value));
      return outcome;
    });
  }
  for (const channel of MAIN_CHANNELS) {
    ipcMain.handle(channel, (event, request: unknown) => {
      if (!fromUs(event)) return REFUSED;
      const handler = main[channel] as (request: unknown) => unknown;
      return settle(app.logger, channel, MAIN_IPC[channel].request, handler, request);
    });
  }
}

/** The result a call changed, when it was one: its request names it, or its answer is it. */
function changedId(request: unknown, value: unknown): string | undefined {
  for (const candidate of [request, value]) {
    const id = (candidate as { id?: unknown } | null)?.id;
    if (typeof id === 'string') return id;
  }
  return undefined;
}
