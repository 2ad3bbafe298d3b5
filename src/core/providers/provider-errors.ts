import * as OpenAISdk from 'openai';
import * as AnthropicSdk from '@anthropic-ai/sdk';
import { UserError } from '../../shared/errors.ts';
import { redactSecrets } from '../secrets.ts';

/** Who was asked, for the sentence: "the OpenAI key", "Rate limited by Anthropic". */
export interface ErrorContext {
  /** "OpenAI", "Anthropic", or "the server at http://127.0.0.1:11434/v1". */
  service: string;
  /** The environment variable that holds the key, named in the sentence for a rejected key. */
  keyVariable?: string;
  baseUrl: string;
  model: string;
  /** The whole wait allowed for the answer (see CloudSettings.timeoutMs). */
  timeoutMs: number;
  /** True for an OpenAI-compatible server: a 404 on the path usually means a base URL without /v1. */
  compatible?: boolean;
  /** Secrets that must never reach a sentence, even when a server echoes them back. */
  secrets?: readonly string[];
}

/** The whole wait for an answer ran out (callApi's deadline), whichever SDK was waiting. */
export class DeadlineError extends Error {
  constructor() {
    super('The wait for an answer ran out.');
    this.name = 'DeadlineError';
  }
}

type Kind = 'abort' | 'timeout' | 'connection' | 'status' | 'body' | 'other';

interface Classified {
  kind: Kind;
  status?: number;
  headers?: Headers;
  /** The API's own explanation, when it sent one. */
  apiMessage?: string;
  /** OpenAI's `code` / Anthropic's `error.type`: "insufficient_quota", "overloaded_error". */
  code?: string;
}

function isInstance(error: unknown, ...classes: Array<abstract new (...args: never[]) => unknown>): boolean {
  return classes.some((c) => error instanceof c);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/** The body's message and code, from either SDK's error (their `error` field differs in depth). */
function apiDetail(error: unknown): { message?: string; code?: string } {
  const body = record(record(error)?.error);
  const inner = record(body?.error) ?? body;
  const message = typeof inner?.message === 'string' ? inner.message : undefined;
  const code =
    typeof inner?.code === 'string' ? inner.code : typeof inner?.type === 'string' ? inner.type : undefined;
  return { ...(message === undefined ? {} : { message }), ...(code === undefined ? {} : { code }) };
}

/** Sorts any error thrown while talking to a model API into what the retry and the sentence need. */
export function classify(error: unknown): Classified {
  if (isInstance(error, OpenAISdk.APIUserAbortError, AnthropicSdk.APIUserAbortError))
    return { kind: 'abort' };
  if (error instanceof Error && error.name === 'AbortError') return { kind: 'abort' };
  if (
    error instanceof DeadlineError ||
    isInstance(error, OpenAISdk.APIConnectionTimeoutError, AnthropicSdk.APIConnectionTimeoutError)
  ) {
    return { kind: 'timeout' };
  }
  if (isInstance(error, OpenAISdk.APIConnectionError, AnthropicSdk.APIConnectionError))
    return { kind: 'connection' };
  if (isInstance(error, OpenAISdk.APIError, AnthropicSdk.APIError)) {
    const e = error as { status?: number; headers?: Headers };
    const detail = apiDetail(error);
    return {
      kind: typeof e.status === 'number' ? 'status' : 'other',
      ...(typeof e.status === 'number' ? { status: e.status } : {}),
      ...(e.headers instanceof Headers ? { headers: e.headers } : {}),
      ...(detail.message === undefined ? {} : { apiMessage: detail.message }),
      ...(detail.code === undefined ? {} : { code: detail.code }),
    };
  }
  // The connection broke while the body was being read ("terminated"), or the body was cut short
  // and is not JSON: the SDKs let these through unwrapped.
  if (error instanceof TypeError || error instanceof SyntaxError) return { kind: 'body' };
  return { kind: 'other' };
}

/**
 * Whether a failed request reached the server, so the image left the machine (and may be billed):
 * everything but a connection that could not be made. Takes the UserError sentences too.
 */
export function reachedServer(error: unknown): boolean {
  const cause = error instanceof UserError && error.cause !== undefined ? error.cause : error;
  return classify(cause).kind !== 'connection';
}

/** Whether trying again can help: rate limits, server errors, network trouble. Never 4xx mistakes. */
export function isRetryable(error: unknown): boolean {
  const c = classify(error);
  switch (c.kind) {
    case 'timeout':
    case 'connection':
    case 'body':
      return true;
    case 'status': {
      const status = c.status!;
      if (status === 429) return c.code !== 'insufficient_quota'; // no credit: waiting will not help
      return status === 408 || status === 409 || status >= 500;
    }
    default:
      return false;
  }
}

/** How long the server asked us to wait (`retry-after-ms`, `retry-after` in seconds or as a date). */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const headers = classify(error).headers;
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

function retried(retries: number): string {
  return retries === 0 ? '' : `; retried ${retries} time${retries === 1 ? '' : 's'}`;
}

/** Cuts a server's message to one clause, with any secret it echoed removed. */
function clause(message: string | undefined, secrets: readonly string[]): string {
  if (!message) return '';
  let text = redactSecrets(message.replace(/\s+/g, ' ').trim(), secrets, '[key]');
  if (text.length > 200) text = `${text.slice(0, 197)}...`;
  return text.replace(/[.\s]+$/, '');
}

function keySentence(ctx: ErrorContext, status: number): string {
  const where = ctx.keyVariable ? `Settings or ${ctx.keyVariable}` : "Settings or the server's configuration";
  if (ctx.compatible)
    return `The server at ${ctx.baseUrl} rejected the key (${status}) — check it in ${where}.`;
  return `The ${ctx.service} key was rejected (${status}) — check it in ${where}.`;
}

function statusSentence(ctx: ErrorContext, c: Classified, retries: number): string {
  const status = c.status!;
  const secrets = ctx.secrets ?? [];
  const said = clause(c.apiMessage, secrets);
  const Service = ctx.service.charAt(0).toUpperCase() + ctx.service.slice(1);
  if (status === 401 || status === 403) return keySentence(ctx, status);
  if (status === 404) {
    const aboutModel = /model/i.test(said);
    if (ctx.compatible && !aboutModel) {
      const hint = /\/v1\/?$/.test(ctx.baseUrl) ? '' : ' — the base URL should end in /v1';
      return `The server at ${ctx.baseUrl} has no OpenAI-style API at that address (404)${hint}.`;
    }
    if (!aboutModel && !/\/v1\/?$/.test(ctx.baseUrl)) {
      return `${Service} answered 404 at ${ctx.baseUrl} — the base URL should end in /v1.`;
    }
    return `The model ${ctx.model} does not exist or your key cannot use it (404).`;
  }
  if (status === 429 && c.code === 'insufficient_quota') {
    return `The ${ctx.service} account has no credit left (429) — check its billing.`;
  }
  if (status === 429) return `Rate limited by ${ctx.service}${retried(retries)}.`;
  if (status === 413) return `The image is too large for ${ctx.service} (413).`;
  if (status === 529 || c.code === 'overloaded_error')
    return `${Service} is overloaded (${status})${retried(retries)}.`;
  if (status >= 500) return `${Service} had a server error (${status})${retried(retries)}.`;
  return `${Service} rejected the request (${status})${said ? `: ${said}` : ''}.`;
}

/**
 * The one sentence for a failed request. `retries` is how many times it was retried before giving
 * up. The technical error stays in `cause` (for the log file); no key is ever part of the message.
 */
export function toUserError(error: unknown, ctx: ErrorContext, retries = 0): UserError {
  if (error instanceof UserError) return error;
  const c = classify(error);
  let message: string;
  switch (c.kind) {
    case 'abort':
      message = 'The extraction was cancelled.';
      break;
    case 'timeout': {
      const Service = ctx.service.charAt(0).toUpperCase() + ctx.service.slice(1);
      const tries = retries === 0 ? '' : ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})`;
      message = `${Service} did not answer within ${seconds(ctx.timeoutMs)}${tries}; a longer wait can be set with --timeout (or provider.timeoutSeconds in settings.json).`;
      break;
    }
    case 'connection':
      message = `Could not reach ${ctx.baseUrl} — is the server running?${retries ? ` (${retried(retries).slice(2)})` : ''}`;
      break;
    case 'body':
      message = `The answer from ${ctx.service} was cut off in transit${retried(retries)}.`;
      break;
    case 'status':
      message = statusSentence(ctx, c, retries);
      break;
    default:
      message = `The request to ${ctx.service} failed unexpectedly; the details are in the log file.`;
  }
  return new UserError(message, { cause: error });
}

/** Ends a server's text with one full stop, whatever it ended with. */
function sentenceEnd(text: string): string {
  return `${text.replace(/[.\s]+$/, '')}.`;
}

/** An answer that stopped at the model's output token limit: never read as partial fields. */
export function cutOffError(): UserError {
  return new UserError("The model's answer was cut off at the token limit.");
}

/** The model declined; its own reason when it gave one. */
export function refusalError(reason: string | undefined): UserError {
  return new UserError(reason ? `The model refused: ${sentenceEnd(reason)}` : 'The model refused to answer.');
}

/** The answer was stopped by a filter on the service's side ("OpenAI's content filter"). */
export function filteredError(by: string): UserError {
  return new UserError(`The model's answer was stopped by ${by}.`);
}
