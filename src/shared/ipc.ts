import { z } from 'zod';
import { Field, Profile } from './field.ts';
import { ResultId } from './ids.ts';
import { Detail, FieldValue, ProviderId, Result, ResultStatus } from './result.ts';
import { Settings } from './settings.ts';

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
  locale: Settings.shape.locale.unwrap().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const ResultFilter = z.object({
  profileId: z.string().optional(),
  status: ResultStatus.optional(),
  from: z.iso.date().or(z.iso.datetime()).optional(),
  to: z.iso.date().or(z.iso.datetime()).optional(),
  search: z.string().max(500).optional(),
});
export type ResultFilter = z.infer<typeof ResultFilter>;

/** One row of the history list, read from the index alone (no result file is opened). */
export const ResultSummary = z.object({
  id: ResultId,
  createdAt: z.string(),
  profile: z.object({ id: z.string(), name: z.string() }),
  status: ResultStatus,
  provider: z.string(),
  model: z.string().nullable(),
  image: z.object({ path: z.string(), width: z.number(), height: z.number() }),
  fields: z.record(z.string(), FieldValue),
  edited: z.boolean(),
  error: z.string().optional(),
  costUsd: z.number().optional(),
});
export type ResultSummary = z.infer<typeof ResultSummary>;

/** Where the pixels come from: a file main can read, or the bytes of a dropped or pasted image. */
export const ExtractSource = z.union([
  z.object({ path: z.string().min(1) }),
  z.object({ bytesBase64: z.string().min(1), name: z.string().max(200).optional() }),
]);

export const ExtractRequest = z.object({
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
  'results:list': channel(
    ResultFilter.extend({
      limit: z.number().int().min(1).max(500).optional(),
      offset: z.number().int().min(0).optional(),
      before: ResultId.optional(),
    }),
    z.object({ items: z.array(ResultSummary), total: z.number() }),
  ),
  'results:get': channel(ResultRef, Result.nullable()),
  'results:update': channel(ResultRef.extend({ fields: z.record(z.string(), FieldValue) }), Result),
  'results:delete': channel(ResultRef, z.object({ deleted: z.boolean() })),
  /** Main picks the file (in the data home's exports folder): the renderer never names a path. */
  'results:export': channel(
    z.object({ format: z.enum(['csv', 'json', 'jsonl']), filter: ResultFilter.optional() }),
    z.object({ path: z.string(), count: z.number() }),
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
    z.object({ message: z.string() }),
  ),
} as const;

export type Ipc = typeof IPC;
export type Channel = keyof Ipc;
export type IpcRequest<C extends Channel> = z.input<Ipc[C]['request']>;
export type IpcResponse<C extends Channel> = z.output<Ipc[C]['response']>;

export const CHANNELS = Object.keys(IPC) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(IPC, name);
}

/**
 * What crosses the wire for every call. Errors travel as data because Electron's ipcRenderer.invoke
 * rewrites thrown messages ("Error invoking remote method …"), and the person must see ours.
 */
export type IpcOutcome<T = unknown> =
  { ok: true; value: T } | { ok: false; error: { message: string; kind: 'usage' | 'failed' | 'invalid' } };

/** 'results:get' -> 'resultsGet': the name of the channel's function on window.extracto. */
type ApiName<C extends string> = C extends `${infer D}:${infer A}` ? `${D}${Capitalize<A>}` : never;

export function apiName<C extends Channel>(channel: C): ApiName<C> {
  const [domain, action] = channel.split(':') as [string, string];
  return `${domain}${action.charAt(0).toUpperCase()}${action.slice(1)}` as ApiName<C>;
}

export type ChannelApi = {
  [C in Channel as ApiName<C>]: (request: IpcRequest<C>) => Promise<IpcResponse<C>>;
};

/**
 * `window.extracto`: one function per channel, plus the URL of a result's image (Electron serves it
 * through a custom protocol, the bridge over HTTP; either way it is not bytes through IPC).
 */
export type ExtractoApi = ChannelApi & { imageUrl(id: string): string };

/** The error a call rejects with; `message` is a sentence for the person. */
export class IpcError extends Error {
  readonly kind: 'usage' | 'failed' | 'invalid';
  constructor(message: string, kind: 'usage' | 'failed' | 'invalid') {
    super(message);
    this.name = 'IpcError';
    this.kind = kind;
  }
}

export type Transport = (channel: Channel, request: unknown) => Promise<IpcOutcome>;

/** Builds window.extracto's functions over a transport (ipcRenderer.invoke in preload, fetch in dev). */
export function createChannelApi(transport: Transport): ChannelApi {
  const api: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const name of CHANNELS) {
    api[apiName(name)] = async (request) => {
      const outcome = await transport(name, request);
      if (!outcome.ok) throw new IpcError(outcome.error.message, outcome.error.kind);
      return outcome.value;
    };
  }
  return api as ChannelApi;
}
