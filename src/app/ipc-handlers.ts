import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UserError, errorMessage, usageError } from '../shared/errors.ts';
import { inputExtension } from '../shared/input-files.ts';
import { message, say } from '../shared/messages/catalogue.ts';
import type { Message } from '../shared/messages/message.ts';
import {
  IPC,
  isChannel,
  isMainChannel,
  type Channel,
  type IpcResponse,
  type SettingsPatch,
  MAIN_IPC,
  type MainHandlers,
} from '../shared/ipc.ts';
import type { IpcErrorKind, IpcOutcome } from '../shared/ipc-client.ts';
import { answerJsonSchema } from '../core/extraction/schema.ts';
import { EXPORT_FILE, exportName, suggestedExportName, type ExportFormat } from '../core/store/export.ts';
import { followUserUmask } from '../core/private-files.ts';
import type { Logger } from '../core/log.ts';
import type { AppService } from './service.ts';
import { ExportJobs } from './export-jobs.ts';

type Parsed<C extends Channel> = z.output<(typeof IPC)[C]['request']>;
type Handler<C extends Channel> = (request: Parsed<C>) => Promise<IpcResponse<C>> | IpcResponse<C>;
export type Handlers = { [C in Channel]: Handler<C> };

/** Exports hold copies of the results: "delete all data" removes them too. */
async function removeExports(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => []);
  const ours = names.filter((name) => EXPORT_FILE.test(name));
  for (const name of ours) await rm(path.join(dir, name), { force: true });
  return ours.length;
}

function profilesState(app: AppService): IpcResponse<'profiles:list'> {
  const settings = app.getSettings();
  return { profiles: settings.profiles, activeProfileId: app.activeProfile()?.id ?? null };
}

/** What the desktop app adds to the handlers: its save dialog, and the exports main also reads. */
export interface HandlerOptions {
  /** The exports under way (main opens a finished one's file: results:openExport). */
  exports?: ExportJobs;
  /**
   * Where the person wants an export, asked in a save dialog offering `suggested`; null when they
   * cancelled. Without it (the bridge), exports go to the data home's exports folder.
   */
  chooseExportFile?: (suggested: string, format: ExportFormat) => Promise<string | null>;
}

/**
 * The one implementation of the contract, on top of AppService: each entry is a few lines. Main's
 * ipcMain.handle and the loopback bridge both call `dispatch`, which validates the arguments first.
 */
export function createHandlers(app: AppService, options: HandlerOptions = {}): Handlers {
  const exports = options.exports ?? new ExportJobs(app.logger);
  const exportFiles = new Set<string>();
  return {
    'app:info': () => ({ dataHome: app.paths.home, exportsDir: app.paths.exports }),

    'profiles:list': () => profilesState(app),
    'profiles:save': ({ profile, activate }) => app.saveProfile(profile, { activate: activate ?? false }),
    'profiles:remove': async ({ id }) => {
      await app.removeProfile(id);
      return profilesState(app);
    },
    'profiles:setActive': async ({ id }) => {
      if (!app.findProfile(id)) throw usageError('profile.unknownId', { id });
      await app.setActiveProfile(id);
      return profilesState(app);
    },

    'settings:get': () => app.getSettings(),
    'settings:save': async (patch: SettingsPatch) => {
      const present = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      // The sections given replace theirs in the file as it is now; the rest stays as it is there.
      return app.updateSettings((current) => ({ ...current, ...present }));
    },
    'settings:problems': () => app.settingsProblems(),

    'results:list': async (options) => {
      // The CLI writes to the same data home: a first page brings the index up to date with the
      // files first (a stat per month folder when nothing changed), later pages do not.
      if (!options.offset && !options.before) await app.store.catchUp();
      return app.store.fetchPage(options);
    },
    'results:get': ({ id }) => app.store.get(id),
    'results:update': ({ id, fields }) => app.correct(id, fields),
    'results:confirm': ({ id, keys }) => app.confirm(id, keys),
    'results:delete': async ({ id }) => ({ deleted: await app.store.delete(id) }),
    'data:deleteAll': async () => {
      const deleted = await app.store.deleteAll();
      const exported = await removeExports(app.paths.exports);
      if (exported > 0) app.logger.info(`Deleted all data: ${exported} export file(s) too.`);
      return { deleted };
    },
    'results:export': async ({ format, filter, sort, lineItems }) => {
      const profile = filter?.profileId ? app.findProfile(filter.profileId) : app.activeProfile();
      // Line items are the profile's table's rows (XLSX has a sheet per table whatever is asked).
      const table = profile?.fields.find((f) => f.type === 'table')?.key;
      const rows = lineItems && format === 'csv' ? table : undefined;
      if (lineItems && format === 'csv' && rows === undefined)
        throw usageError('export.noTable', { profile: profile?.name ?? '' });
      // Named for what it holds: one profile's results by its name, all of them as Extracto's.
      const suggested = suggestedExportName(filter?.profileId ? profile?.name : undefined, format);
      let out: string | null;
      if (options.chooseExportFile) {
        out = await options.chooseExportFile(suggested, format);
        if (out === null) return { cancelled: true };
      } else {
        const dir = app.paths.exports;
        await mkdir(dir, { recursive: true });
        // Two exports in the same second must not write (or rename onto) the same file.
        out = exportName(dir, format, exportFiles);
      }
      const file = out;
      const total = app.store.count(filter ?? {});
      const job = exports.start(total, async (onProgress) => {
        const count = await app.store.export({
          format,
          out: file,
          onProgress,
          ...(filter ? { filter } : {}),
          ...(sort ? { sort } : {}),
          ...(profile ? { fieldOrder: profile.fields.map((f) => f.key) } : {}),
          ...(rows ? { rows } : {}),
        });
        // Written where the person chose: outside the data home it gets what their umask gives.
        await followUserUmask(file, app.paths.home);
        return { path: file, count, name: options.chooseExportFile ? path.basename(file) : suggested };
      });
      return { job, total };
    },
    'results:exportStatus': ({ job }) => exports.status(job),
    'results:retry': ({ id, provider, model }) => app.retry(id, { provider, model }),

    'extract:file': async ({ source, profileId, ...options }) => {
      const profile = profileId ? app.findProfile(profileId) : app.activeProfile();
      if (!profile) throw usageError('profile.noneYet');
      if ('path' in source) return app.extract({ kind: 'file', path: source.path }, { profile, ...options });
      // Bytes from the renderer go through a file, like every other source, and are kept only
      // as the result's stored image.
      const dir = app.paths.incoming;
      await mkdir(dir, { recursive: true });
      // Named with the dropped file's extension, so a PDF's bytes are read as a PDF.
      const file = path.join(dir, `${process.pid}-${randomUUID()}${inputExtension(source.name ?? '') ?? ''}`);
      await writeFile(file, Buffer.from(source.bytesBase64, 'base64'));
      try {
        return await app.extract({ kind: 'file', path: file }, { profile, ...options });
      } finally {
        await rm(file, { force: true });
      }
    },

    'schema:preview': ({ fields }) => answerJsonSchema({ fields }),

    'tokens:estimate': (request) => app.estimateTokens(request),

    'providers:check': async ({ provider, model, baseUrl }) => {
      const p = await app.provider(provider, baseUrl === undefined ? {} : { baseUrl });
      return { message: await p.check(model || p.defaultModel) };
    },
  };
}

/** A failed call: the sentence as code and parameters for the window, and in English. */
export function failure(said: Message, kind: IpcErrorKind): IpcOutcome {
  const error = { message: say('en', said), kind, code: said.code };
  return { ok: false, error: said.params === undefined ? error : { ...error, params: said.params } };
}

/** The schema's own words name what was wrong: they are for whoever wrote the calling code. */
function invalid(error: z.ZodError): IpcOutcome {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return failure(message('ipc.invalid', { where, problem: first?.message ?? 'unknown' }), 'invalid');
}

/**
 * Validates a call's argument against the contract, runs the handler and returns the outcome as
 * data: a person-facing sentence on failure, the detail (if any) in the app's log.
 */
export async function dispatch(
  app: AppService,
  handlers: Handlers,
  name: string,
  request: unknown,
  /** Main's channels this caller answers (tests give the bridge some); the rest need the app. */
  main: Partial<MainHandlers> = {},
): Promise<IpcOutcome> {
  if (isMainChannel(name)) {
    const handler = main[name] as ((request: unknown) => unknown) | undefined;
    if (handler) return settle(app.logger, name, MAIN_IPC[name].request, handler, request);
    return failure(message('ipc.desktopOnly'), 'usage');
  }
  if (!isChannel(name)) return failure(message('ipc.unknownChannel', { name }), 'invalid');
  return settle(
    app.logger,
    name,
    IPC[name].request,
    handlers[name] as (request: unknown) => unknown,
    request,
  );
}

/** One call: argument checked with the channel's schema, errors turned into outcomes. */
export async function settle(
  logger: Logger,
  name: string,
  schema: z.ZodType,
  handler: (request: unknown) => unknown,
  request: unknown,
): Promise<IpcOutcome> {
  const parsed = schema.safeParse(request);
  if (!parsed.success) return invalid(parsed.error);
  try {
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof UserError) return failure(error.said, error.kind);
    // AppService validates what it stores (e.g. a profile) with the same schemas.
    if (error instanceof z.ZodError) return invalid(error);
    logger.error(`IPC ${name} failed`, error);
    return failure(errorMessage(error), 'failed');
  }
}
