import { mkdir } from 'node:fs/promises';
import type { ExportJobs } from '../app/export-jobs.ts';
import type { AppService } from '../app/service.ts';
import { usageError, userError } from '../shared/errors.ts';
import type { AppController } from './controller.ts';
import type { MainHandlers } from '../shared/ipc.ts';
import type { PreviewQueue } from './preview.ts';
import type { SecretStore } from './secrets.ts';
import type { Region } from '../shared/result.ts';

export interface MainHandlerDeps {
  service: AppService;
  controller: AppController;
  overlay: { finish(region: Region | null): void };
  previews: PreviewQueue;
  secrets: SecretStore;
  /** The environment the app started with (keys set there stay readable, never stored). */
  startEnv: NodeJS.ProcessEnv;
  /** The environment the providers read their keys from: the keychain's keys over startEnv's. */
  env: NodeJS.ProcessEnv;
  /** shell.openPath: '' on success, else the system's reason. */
  openPath(file: string): Promise<string>;
  /** shell.showItemInFolder: the file's folder, with the file selected. */
  showItemInFolder(file: string): void;
  /** The exports the windows started (the same jobs results:export and results:exportStatus use). */
  exports: ExportJobs;
}

/** The channels only the desktop app answers, each a few lines over the controller and services. */
export function createMainHandlers(deps: MainHandlerDeps): MainHandlers {
  const { service, controller, secrets } = deps;
  const open = async (file: string) => {
    const problem = await deps.openPath(file);
    if (problem) throw userError('shell.openFailed', { file, problem });
  };
  return {
    // Answered at once: the capture runs on, and its result reaches the windows as an event.
    'capture:start': ({ kind }) => void controller.capture(kind),
    'overlay:finish': ({ region }) => deps.overlay.finish(region),
    'hotkeys:status': () => controller.hotkeysStatus(),
    'preview:get': () => deps.previews.info(),
    'preview:answer': ({ send }) => deps.previews.answer(send),
    'secrets:status': () => secrets.status(deps.startEnv),
    'secrets:save': async ({ name, value }) => {
      const key = value.trim();
      if (key) await secrets.set(name, key);
      else await secrets.remove(name);
      if (key) deps.env[name] = key;
      else if (deps.startEnv[name]) deps.env[name] = deps.startEnv[name];
      else delete deps.env[name];
      // Providers made with the old key are dropped: the next call uses the new one.
      await service.resetProviders();
      return secrets.status(deps.startEnv);
    },
    'results:openImage': async ({ id }) => {
      const file = await service.imageFile(id);
      if (!file) throw usageError('result.noImageOnDisk');
      await open(file);
    },
    'results:openExport': async ({ job, reveal }) => {
      const { path: file } = deps.exports.status(job);
      if (file === undefined) throw usageError('export.notFinished');
      if (reveal) deps.showItemInFolder(file);
      else await open(file);
    },
    'app:openFolder': async ({ folder }) => {
      const { home, logs, exports } = service.paths;
      const dir = { data: home, logs, exports }[folder];
      // Exports appear with the first export; opening the folder before that still works.
      await mkdir(dir, { recursive: true });
      await open(dir);
    },
  };
}
