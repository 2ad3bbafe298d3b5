import type { ExtractionRequest } from './types.ts';
import { callApi, MAX_TIMEOUT_MS, type CloudSettings } from './cloud.ts';
import type { MessageParam } from '../../shared/messages/message.ts';
import type { ErrorContext } from './provider-errors.ts';

/** Who a provider talks to, for the sentences a failure becomes (see ErrorContext). */
export interface CloudIdentity {
  service: MessageParam;
  keyVariable?: string;
  compatible?: boolean;
}

/**
 * What every model reached over HTTP shares: the settings, the default wait, the options both SDKs
 * are built with, the error context and the one way a request is sent (callApi: our retry, the
 * caller's cancel, one deadline). A provider adds its request body and how it reads the answer.
 */
export abstract class CloudProvider {
  readonly defaultModel: string;
  readonly remote = true;
  /** The default wait for an answer, retries included (CloudSettings.timeoutMs). */
  readonly timeoutMs: number;
  protected readonly settings: CloudSettings;
  private readonly identity: CloudIdentity;

  protected constructor(
    settings: CloudSettings,
    defaultModel: string,
    identity: CloudIdentity,
    defaultTimeoutMs: number,
  ) {
    this.settings = settings;
    this.defaultModel = defaultModel;
    this.identity = identity;
    this.timeoutMs = settings.timeoutMs ?? defaultTimeoutMs;
  }

  /**
   * The SDK client's options. Our retry (retry.ts) is the only one: an SDK's would retry on top of
   * it and bill twice. Each request passes the time left before its deadline; the client's timeout
   * is only the ceiling (an explicit one also keeps Anthropic's SDK from refusing non-streaming
   * requests whose max_tokens it guesses would take over 10 minutes).
   */
  protected sdkOptions(): { apiKey: string; baseURL: string; maxRetries: 0; timeout: number } {
    return {
      apiKey: this.settings.apiKey,
      baseURL: this.settings.baseUrl,
      maxRetries: 0,
      timeout: MAX_TIMEOUT_MS,
    };
  }

  protected context(model: string, timeoutMs = this.timeoutMs): ErrorContext {
    return {
      ...this.identity,
      baseUrl: this.settings.baseUrl,
      model,
      timeoutMs,
      secrets: [this.settings.apiKey],
    };
  }

  /** One extraction call within the request's wait (shared with its repair attempt when set). */
  protected send<T>(
    request: ExtractionRequest,
    call: (signal: AbortSignal, timeoutMs: number) => Promise<T>,
  ): Promise<T> {
    const budget = request.timeoutMs ?? this.timeoutMs;
    return callApi(
      this.context(request.model, budget),
      this.settings,
      request.signal,
      call,
      request.deadline ?? Date.now() + budget,
    );
  }

  /** A short call for `check`, within the default wait. */
  protected ask<T>(model: string, call: (signal: AbortSignal, timeoutMs: number) => Promise<T>): Promise<T> {
    return callApi(this.context(model), this.settings, undefined, call);
  }

  async close(): Promise<void> {}
}
