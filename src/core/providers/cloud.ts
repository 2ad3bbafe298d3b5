import { userError } from '../../shared/errors.ts';
import type { Logger } from '../log.ts';
import type { PreparedImage } from '../imaging/types.ts';
import type { Effort } from './models.ts';
import {
  DeadlineError,
  isRetryable,
  retryAfterMs,
  serviceName,
  toUserError,
  type ErrorContext,
} from './provider-errors.ts';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.ts';

/** What every cloud provider is built with. Tests point `baseUrl` at a loopback server. */
export interface CloudSettings {
  apiKey: string;
  baseUrl: string;
  logger: Logger;
  /**
   * The longest wait for one extraction's answer: every attempt, the waits between them, a repair
   * attempt and (OpenAI-compatible servers) the fallback JSON modes. A request may shorten or
   * lengthen it (ExtractionRequest.timeoutMs).
   */
  timeoutMs?: number | undefined;
  retry?: RetryPolicy | undefined;
  /** Raises the reasoning effort above the lowest the model accepts (a profile's choice). */
  effort?: Effort | undefined;
}

/**
 * The default wait for OpenAI and Anthropic, retries included. Their answers for a page take
 * seconds (a minute at most with more reasoning); two minutes leaves room for a retry after a
 * quick failure, and bounds a server that never answers to two minutes, after which the capture
 * waits as pending and is retried later. (Before: 60 s per attempt, 4 attempts, about 244 s.)
 */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** The most a timeout can be set to (--timeout, settings): an hour. */
export const MAX_TIMEOUT_MS = 3_600_000;

/** Whether a base URL names this machine (localhost, 127.0.0.0/8, ::1): nothing sent there leaves it. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

export function dataUrl(image: Pick<PreparedImage, 'data' | 'mediaType'>): string {
  return `data:${image.mediaType};base64,${image.data.toString('base64')}`;
}

/** A 16x16 white PNG: enough for a check request to prove the model accepts images, for a few tokens. */
export const CHECK_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAHUlEQVQokWP4TyJgGNVABGAgRhEyGNVADKB9KAEAr639H8LdEzEAAAAASUVORK5CYII=',
  'base64',
);

/**
 * Runs one API call with our retry policy, the caller's cancel signal and a deadline that bounds
 * every attempt and the waits between them (by default `ctx.timeoutMs` from now); every failure
 * leaves as a UserError sentence. The SDK gets the combined signal and the time left, so a cancel
 * stops the request in flight, and a server that sends headers and then stalls still times out.
 */
export function callApi<T>(
  ctx: ErrorContext,
  settings: Pick<CloudSettings, 'retry' | 'logger'>,
  signal: AbortSignal | undefined,
  call: (signal: AbortSignal, timeoutMs: number) => Promise<T>,
  deadline: number = Date.now() + ctx.timeoutMs,
): Promise<T> {
  return withRetry(
    async () => {
      const left = Math.max(1, deadline - Date.now());
      const timer = AbortSignal.timeout(left);
      const combined = signal ? AbortSignal.any([signal, timer]) : timer;
      try {
        return await call(combined, left);
      } catch (error) {
        if (timer.aborted && !signal?.aborted) throw new DeadlineError();
        throw error;
      }
    },
    {
      policy: settings.retry ?? DEFAULT_RETRY,
      signal,
      deadline,
      retryable: isRetryable,
      retryAfterMs,
      // Whatever reason the caller aborted with, a cancel reads as one.
      fail: (error, retries) =>
        signal?.aborted
          ? userError('provider.cancelled', {}, { cause: error })
          : toUserError(error, ctx, retries),
      onRetry: (error, delayMs, n) =>
        settings.logger.warn(
          `${serviceName(ctx)} request failed, retry ${n} in ${delayMs} ms: ${toUserError(error, ctx).message}`,
        ),
    },
  );
}
