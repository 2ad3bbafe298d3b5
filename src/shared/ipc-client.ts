import type { ChannelApi } from './ipc.ts';

/**
 * The calling side of the IPC contract, with no zod in it: preload bundles this file alone, so it
 * stays a few kilobytes. The channel names below are checked against the contract's maps in
 * ipc.ts at compile time (ContractNamesMatch), so the two cannot drift.
 */
export const APP_CHANNELS = [
  'app:info',
  'profiles:list',
  'profiles:save',
  'profiles:remove',
  'profiles:setActive',
  'settings:get',
  'settings:save',
  'settings:problems',
  'results:list',
  'results:get',
  'results:update',
  'results:delete',
  'data:deleteAll',
  'results:export',
  'results:exportStatus',
  'results:retry',
  'extract:file',
  'schema:preview',
  'tokens:estimate',
  'providers:check',
] as const;

export const MAIN_CHANNELS = [
  'capture:start',
  'overlay:finish',
  'hotkeys:status',
  'secrets:status',
  'secrets:save',
  'results:openImage',
  'app:openFolder',
  'preview:get',
  'preview:answer',
] as const;

export const EVENT_NAMES = ['results:changed', 'history:select'] as const;

export type AppChannelName = (typeof APP_CHANNELS)[number];
export type MainChannelName = (typeof MAIN_CHANNELS)[number];
export type EventNameList = (typeof EVENT_NAMES)[number];
type AnyChannelName = AppChannelName | MainChannelName;

/**
 * What crosses the wire for every call. Errors travel as data because Electron's ipcRenderer.invoke
 * rewrites thrown messages ("Error invoking remote method …"), and the person must see ours.
 */
export type IpcOutcome<T = unknown> =
  { ok: true; value: T } | { ok: false; error: { message: string; kind: 'usage' | 'failed' | 'invalid' } };

/** 'results:get' -> 'resultsGet': the name of the channel's function on window.extracto. */
export type ApiName<C extends string> = C extends `${infer D}:${infer A}` ? `${D}${Capitalize<A>}` : never;

export function apiName<C extends AnyChannelName>(channel: C): ApiName<C> {
  const [domain, action] = channel.split(':') as [string, string];
  return `${domain}${action.charAt(0).toUpperCase()}${action.slice(1)}` as ApiName<C>;
}

/** The error a call rejects with; `message` is a sentence for the person. */
export class IpcError extends Error {
  readonly kind: 'usage' | 'failed' | 'invalid';
  constructor(message: string, kind: 'usage' | 'failed' | 'invalid') {
    super(message);
    this.name = 'IpcError';
    this.kind = kind;
  }
}

export type Transport = (channel: AnyChannelName, request: unknown) => Promise<IpcOutcome>;

/**
 * window.extracto's functions over a transport: ipcRenderer.invoke in preload, fetch to the
 * loopback bridge in a plain browser.
 */
export function createChannelApi(transport: Transport): ChannelApi {
  const api: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const name of [...APP_CHANNELS, ...MAIN_CHANNELS]) {
    api[apiName(name)] = async (request) => {
      const outcome = await transport(name, request);
      if (!outcome.ok) throw new IpcError(outcome.error.message, outcome.error.kind);
      return outcome.value;
    };
  }
  return api as ChannelApi;
}
