import * as OpenAISdk from 'openai';
import { UserError } from '../../shared/errors.ts';
import type { Logger } from '../log.ts';
import type { PreparedImage } from '../imaging/types.ts';
import type { Effort } from './models.ts';
import { isRetryable, retryAfterMs, toUserError, type ErrorContext } from './provider-errors.ts';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.ts';

/** What every cloud provider is built with. Tests point `baseUrl` at a loopback server. */
export interface CloudSettings {
  apiKey: string;
  baseUrl: string;
  logger: Logger;
  /** Per attempt. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Raises the reasoning effort above the lowest the model accepts (a profile's choice). */
  effort?: Effort;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

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
 * Runs one API call with our retry policy, a per-attempt deadline and the caller's cancel signal;
 * every failure leaves as a UserError sentence. The SDK gets the combined signal, so a cancel stops
 * the request in flight, and a server that sends headers and then stalls still times out.
 */
export function callApi<T>(
  ctx: ErrorContext,
  settings: Pick<CloudSettings, 'retry' | 'logger'>,
  signal: AbortSignal | undefined,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return withRetry(
    async () => {
      const deadline = AbortSignal.timeout(ctx.timeoutMs);
      const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
      try {
        return await call(combined);
      } catch (error) {
        if (deadline.aborted && !signal?.aborted) throw new OpenAISdk.APIConnectionTimeoutError();
        throw error;
      }
    },
    {
      policy: settings.retry ?? DEFAULT_RETRY,
      signal,
      retryable: isRetryable,
      retryAfterMs,
      // Whatever reason the caller aborted with, a cancel reads as one.
      fail: (error, retries) =>
        signal?.aborted
          ? new UserError('The extraction was cancelled.', { cause: error })
          : toUserError(error, ctx, retries),
      onRetry: (error, delayMs, n) =>
        settings.logger.warn(
          `${ctx.service} request failed, retry ${n} in ${delayMs} ms: ${toUserError(error, ctx).message}`,
        ),
    },
  );
}
