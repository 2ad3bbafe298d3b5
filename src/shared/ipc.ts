import { z } from 'zod';
import { CheckId, Effort, Field, NotOnPage, Profile } from './field.ts';
import { ResultId } from './ids.ts';
import { Detail, ExportFormat, FieldValue, ProviderId, Region, Result } from './result.ts';
import { PageOptions, ResultFilter, ResultSort, ResultSummary } from './result-list.ts';
import { StoredErrorShape, StoredMessage } from './messages/schema.ts';
import { Settings } from './settings.ts';
import { SettingsReport } from './settings-problems.ts';
export { ResultFilter, ResultSummary };
import type { AppChannelName, ApiName, EventNameList, MainChannelName } from './ipc-client.ts';

/**
 * The IPC contract: every request the renderer can make, one channel per `domain:action`, with the
 * zod schemas of its request and response. Main (ipcMain), the loopback bridge used by tests and
 * `npm run dev:renderer`, and the renderer's `window.extracto` are all derived from this one map,
 * so none of them can drift from the others.
 */

/** A profile as the renderer sends it: without an id it is a new one. */
export const ProfileInput = z.object({
  id: z.string().min(1).optional(),
  name: z.string(),
  fields: z.array(Field),
  instructions: z.string().optional(),
  /** The checks Settings turned off for this profile (shared/field.ts, CHECK_IDS). */
  checksOff: z.array(CheckId).optional(),
  notOnPage: NotOnPage.optional(),
  secondOpinion: z.boolean().optional(),
  /** Set in settings.json (no control edits it): carried through a save, never dropped. */
  effort: Effort.optional(),
});
export type ProfileInput = z.infer<typeof ProfileInput>;

export const ProfilesState = z.object({
  profiles: z.array(Profile),
  activeProfileId: z.string().nullable(),
});
export type ProfilesState = z.infer<typeof ProfilesState>;

/**
 * Sections of Settings to replace; profiles change only through the profiles:* channels. Built from
 * the sections without their defaults: an absent section must stay absent, not become the default.
 */
export const SettingsPatch = z.object({
  provider: Settings.shape.provider.unwrap().optional(),
  capture: Settings.shape.capture.unwrap().optional(),
  privacy: Settings.shape.privacy.unwrap().optional(),
  auto: Settings.shape.auto.unwrap().optional(),
  locale: Settings.shape.locale.unwrap().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** Where the pixels come from: a file main can read, or the bytes of a dropped or pasted image. */
const ExtractSource = z.union([
  z.object({ path: z.string().min(1) }),
  z.object({ bytesBase64: z.string().min(1), name: z.string().max(200).optional() }),
]);

const ExtractRequest = z.object({
  source: ExtractSource,
  /** Defaults to the active profile. */
  profileId: z.string().optional(),
  provider: ProviderId.optional(),
  model: z.string().optional(),
  detail: Detail.optional(),
});
export type ExtractRequest = z.infer<typeof ExtractRequest>;

export const TokenEstimate = z.object({
  provider: ProviderId,
  model: z.string(),
  width: z.number(),
  height: z.number(),
  tokens: z.number(),
  /** `auto` resolved to what would be sent. */
  detail: Detail,
  /** True when the provider publishes no rule and the figure is our estimate. */
  estimate: z.boolean(),
  rule: z.string(),
  /** Input cost of the image alone, when the model's price is known. */
  costUsd: z.number().optional(),
});
export type TokenEstimate = z.infer<typeof TokenEstimate>;

/**
 * Where an export started with results:export stands. Finished when `path` (it was written, with
 * `done` results) or `error` (why not, with its code for the window to say it) is set.
 */
export const ExportStatus = z.object({
  done: z.number(),
  total: z.number(),
  path: z.string().optional(),
  /** What the file is called where a person sees it: the save dialog's name, or the one offered. */
  name: z.string().optional(),
  ...StoredErrorShape,
});
export type ExportStatus = z.infer<typeof ExportStatus>;

const Id = z.object({ id: z.string().min(1) });
const ResultRef = z.object({ id: ResultId });

const channel = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({
  request,
  response,
});

export const IPC = {
  'app:info': channel(z.void(), z.object({ dataHome: z.string(), exportsDir: z.string() })),
  'profiles:list': channel(z.void(), ProfilesState),
  'profiles:save': channel(z.object({ profile: ProfileInput, activate: z.boolean().optional() }), Profile),
  'profiles:remove': channel(Id, ProfilesState),
  'profiles:setActive': channel(Id, ProfilesState),
  'settings:get': channel(z.void(), Settings),
  'settings:save': channel(SettingsPatch, Settings),
  /** What was wrong in settings.json when it was read, and what was done about it. */
  'settings:problems': channel(z.void(), z.array(SettingsReport)),
  'results:list': channel(
    // A window asks for a screenful at a time; the CLI's pages may be longer.
    ResultFilter.extend(PageOptions.shape).extend({
      limit: PageOptions.shape.limit.unwrap().max(500).optional(),
    }),
    z.object({ items: z.array(ResultSummary), total: z.number() }),
  ),
  'results:get': channel(ResultRef, Result.nullable()),
  'results:update': channel(ResultRef.extend({ fields: z.record(z.string(), FieldValue) }), Result),
  /** Values (field keys, cells as items[2].amount) a person confirmed as read: fieldMeta.reviewedAt. */
  'results:confirm': channel(ResultRef.extend({ keys: z.array(z.string().min(1)).min(1).max(1000) }), Result),
  'results:delete': channel(ResultRef, z.object({ deleted: z.boolean() })),
  /** Every result and image in the data home; profiles and settings stay. */
  'data:deleteAll': channel(z.object({ confirm: z.literal(true) }), z.object({ deleted: z.number() })),
  /**
   * Starts an export and answers at once with its job; results:exportStatus tells how far it got.
   * (Polled rather than pushed: the loopback bridge has no way to push.) Main picks the file: in
   * the desktop app the person does, in a save dialog (cancelled: no job); behind the bridge it is
   * the data home's exports folder, and the page downloads it (ExtractoApi.exportUrl). The renderer
   * never names a path.
   */
  'results:export': channel(
    z.object({
      format: ExportFormat,
      filter: ResultFilter.optional(),
      /** The rows' order: History's table exports in the order it shows. Default newest first. */
      sort: ResultSort.optional(),
      /** CSV: one row per line of the profile's (first) table instead of one per result. */
      lineItems: z.boolean().optional(),
    }),
    z.union([z.object({ job: z.string(), total: z.number() }), z.object({ cancelled: z.literal(true) })]),
  ),
  'results:exportStatus': channel(z.object({ job: z.string().min(1) }), ExportStatus),
  /**
   * Runs a stored result again from its image, with its own provider or another one, and stores
   * the outcome under the same id (what was there before, corrections included, is replaced).
   */
  'results:retry': channel(
    ResultRef.extend({ provider: ProviderId.optional(), model: z.string().min(1).optional() }),
    Result,
  ),
  'extract:file': channel(ExtractRequest, Result),
  'schema:preview': channel(z.object({ fields: z.array(Field).min(1) }), z.record(z.string(), z.unknown())),
  'tokens:estimate': channel(
    z.object({
      provider: ProviderId,
      model: z.string().optional(),
      detail: Detail,
      width: z.number().int().positive(),
      height: z.number().int().positive(),
    }),
    TokenEstimate,
  ),
  'providers:check': channel(
    z.object({ provider: ProviderId, model: z.string().optional(), baseUrl: z.url().optional() }),
    z.object({ message: StoredMessage }),
  ),
} as const;

/**
 * Channels only the desktop app answers: they reach Electron (the screen, the keychain, the shell,
 * global shortcuts). Main's handlers implement them; the loopback bridge says they need the app.
 */
export const HotkeyStatus = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), reason: z.enum(['invalid', 'taken']), message: StoredMessage }),
]);
export type HotkeyStatus = z.infer<typeof HotkeyStatus>;

export const SecretName = z.enum(['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'OPENAI_COMPATIBLE_API_KEY']);
export type SecretName = z.infer<typeof SecretName>;

export const SecretsStatus = z.object({
  /** False where the system offers no keychain (keys are then only read from the environment). */
  keychain: z.boolean(),
  stored: z.record(SecretName, z.boolean()),
  /** Set in the environment (or a .env file) of the app. */
  fromEnvironment: z.record(SecretName, z.boolean()),
});
export type SecretsStatus = z.infer<typeof SecretsStatus>;

/** What the preview window shows before an image goes to a cloud provider. */
export const PreviewInfo = z.object({
  /** The exact bytes that would be sent, as a data: URL. */
  image: z.string(),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
  provider: ProviderId,
  model: z.string(),
  profile: z.string(),
  estimatedTokens: z.number(),
  costUsd: z.number().optional(),
});
export type PreviewInfo = z.infer<typeof PreviewInfo>;

export const MAIN_IPC = {
  /** The same as the tray's Capture now / Capture region (and the hotkeys). */
  'capture:start': channel(z.object({ kind: z.enum(['screen', 'region']) }), z.void()),
  /** The region overlay's answer: a rectangle in the display's points, or null when cancelled. */
  'overlay:finish': channel(z.object({ region: Region.nullable() }), z.void()),
  'hotkeys:status': channel(
    z.void(),
    z.object({ capture: HotkeyStatus, region: HotkeyStatus, limits: z.array(StoredMessage) }),
  ),
  'secrets:status': channel(z.void(), SecretsStatus),
  /** Stores a key in the OS keychain (encrypted); an empty value removes it. */
  'secrets:save': channel(z.object({ name: SecretName, value: z.string().max(500) }), SecretsStatus),
  'results:openImage': channel(ResultRef, z.void()),
  'app:openFolder': channel(z.object({ folder: z.enum(['data', 'logs', 'exports']) }), z.void()),
  /** A finished export's file, opened in its program, or shown in its folder (`reveal`). */
  'results:openExport': channel(
    z.object({ job: z.string().min(1), reveal: z.boolean().optional() }),
    z.void(),
  ),
  /** The preview window's question: the image about to be sent, or null when none is waiting. */
  'preview:get': channel(z.void(), PreviewInfo.nullable()),
  'preview:answer': channel(z.object({ send: z.boolean() }), z.void()),
} as const;

/** Main -> renderer notifications (no answer expected). */
export const EVENTS = {
  /**
   * Results were stored, changed or deleted (a capture, a retry, an edit in another window; no id:
   * many at once): lists refresh.
   */
  'results:changed': z.object({ id: ResultId.optional() }),
  /** Show this result in the History window (a notification was clicked). */
  'history:select': z.object({ id: ResultId }),
} as const;

type Ipc = typeof IPC;
type MainIpc = typeof MAIN_IPC;
export type Channel = keyof Ipc;
export type MainChannel = keyof MainIpc;
type AnyChannel = Channel | MainChannel;
type Contract<C extends AnyChannel> = C extends Channel ? Ipc[C] : C extends MainChannel ? MainIpc[C] : never;
export type IpcRequest<C extends AnyChannel> = z.input<Contract<C>['request']>;
export type IpcResponse<C extends AnyChannel> = z.output<Contract<C>['response']>;
export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;

/** The runtime name lists (ipc-client.ts, which preload bundles without zod) match the maps. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ContractNamesMatch = [
  Assert<Same<Channel, AppChannelName>>,
  Assert<Same<MainChannel, MainChannelName>>,
  Assert<Same<EventName, EventNameList>>,
];

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(IPC, name);
}

export function isMainChannel(name: string): name is MainChannel {
  return Object.hasOwn(MAIN_IPC, name);
}

/** Main's side of MAIN_IPC (the desktop app; tests give the bridge parts of it). */
export type MainHandlers = {
  [C in MainChannel]: (request: z.output<MainIpc[C]['request']>) => Promise<IpcResponse<C>> | IpcResponse<C>;
};

export type ChannelApi = {
  [C in AnyChannel as ApiName<C>]: (request: IpcRequest<C>) => Promise<IpcResponse<C>>;
};

/**
 * `window.extracto`: one function per channel, the URL of a result's image (Electron serves it
 * through a custom protocol, the bridge over HTTP; either way it is not bytes through IPC), and
 * main's notifications (each subscription returns its unsubscribe function).
 */
export type ExtractoApi = ChannelApi & {
  /** A document's page (drawn) when `page` is given; its first page read, or the image, when not. */
  imageUrl(id: string, page?: number): string;
  /**
   * Where a file dropped on a window is on disk, for extract:file to read it there; '' where the
   * page cannot know (a plain browser, behind the loopback bridge), and its bytes are sent instead.
   */
  pathForFile(file: File): string;
  /**
   * Where a finished export downloads from, behind the bridge (a browser cannot open files); undefined
   * in the desktop app, which opens it with results:openExport.
   */
  exportUrl(job: string): string | undefined;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
