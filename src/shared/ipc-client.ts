import type { ChannelApi } from './ipc.ts';
import type { Message, MessageParams } from './messages/message.ts';

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
  'results:confirm',
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
  'results:openExport',
  'preview:get',
  'preview:answer',
] as const;

export const EVENT_NAMES = ['results:changed', 'history:select'] as const;

export type AppChannelName = (typeof APP_CHANNELS)[number];
export type MainChannelName = (typeof MAIN_CHANNELS)[number];
export type EventNameList = (typeof EVENT_NAMES)[number];
type AnyChannelName = AppChannelName | MainChannelName;

export type IpcErrorKind = 'usage' | 'failed' | 'invalid';

/**
 * What crosses the wire for every call. Errors travel as data because Electron's ipcRenderer.invoke
 * rewrites thrown messages ("Error invoking remote method …"), and the person must see ours: the
 * sentence's code and parameters, said by the window in the person's language, and `message`, the
 * English sentence, when there is no code to say (the loopback bridge's own HTTP failures).
 */
export type IpcOutcome<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: { message: string; kind: IpcErrorKind; code?: string; params?: MessageParams } };

/** 'results:get' -> 'resultsGet': the name of the channel's function on window.extracto. */
export type ApiName<C extends string> = C extends `${infer D}:${infer A}` ? `${D}${Capitalize<A>}` : never;

export function apiName<C extends AnyChannelName>(channel: C): ApiName<C> {
  const [domain, action] = channel.split(':') as [string, string];
  return `${domain}${action.charAt(0).toUpperCase()}${action.slice(1)}` as ApiName<C>;
}

/** The error a call rejects with: `said` for the person, when main sent it; `message` in English. */
export class IpcError extends Error {
  readonly kind: IpcErrorKind;
  readonly said: Message | undefined;
  constructor(error: Extract<IpcOutcome, { ok: false }>['error']) {
    super(error.message);
    this.name = 'IpcError';
    this.kind = error.kind;
    this.said =
      error.code === undefined
        ? undefined
        : { code: error.code, ...(error.params === undefined ? {} : { params: error.params }) };
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
      if (!outcome.ok) throw new IpcError(outcome.error);
      return outcome.value;
    };
  }
  return api as ChannelApi;
}
