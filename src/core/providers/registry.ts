import type { ProviderId } from '../../shared/result.ts';
import { usageError } from '../../shared/errors.ts';
import type { Logger } from '../log.ts';
import type { VisionProvider } from './types.ts';
import { OCR_ENGINE_KINDS, type OcrEngineKind } from './local/ocr.ts';
import { DEFAULT_MODELS, type Effort } from './models.ts';
import type { RetryPolicy } from './retry.ts';

export interface ProviderOptions {
  baseUrl?: string;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** The offline engine's OCR; EXTRACTO_OCR overrides it for comparisons. */
  ocr?: OcrEngineKind;
  /** How long the offline engine keeps its models loaded without a page (tests shorten it). */
  ocrIdleMs?: number;
  /**
   * Cloud providers: the default wait for an answer, retries included (a request may set its own:
   * --timeout), the retry policy (tests shorten both), a raised effort.
   */
  timeoutMs?: number;
  retry?: RetryPolicy;
  effort?: Effort;
}

/** A key from the environment (or a .env file the CLI loaded into it); missing is a usage error. */
function requireKey(env: NodeJS.ProcessEnv, variable: string, vendor: string): string {
  const key = env[variable]?.trim();
  if (key) return key;
  throw usageError('provider.noKey', { vendor, variable });
}

function cloudSettings(options: ProviderOptions, apiKey: string, defaultBaseUrl: string) {
  return {
    apiKey,
    // The SDKs join paths onto the base URL: a trailing slash would double up.
    baseUrl: (options.baseUrl?.trim() || defaultBaseUrl).replace(/\/+$/, ''),
    logger: options.logger,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    effort: options.effort,
  };
}

/**
 * Picks the provider implementation by id: the one place that knows them all. Each is imported on
 * first use, so a command that reads the history never loads an SDK, onnxruntime or tesseract.
 */
export async function createProvider(id: ProviderId, options: ProviderOptions): Promise<VisionProvider> {
  switch (id) {
    case 'local': {
      const [{ LocalProvider }, { createOcrEngine }, { IdleReleasingEngine }] = await Promise.all([
        import('./local/provider.ts'),
        import('./local/engines.ts'),
        import('./local/idle.ts'),
      ]);
      const kind = options.ocr ?? defaultOcr(options.env);
      const idleMs = options.ocrIdleMs ?? OCR_IDLE_MS;
      return new LocalProvider(new IdleReleasingEngine(kind, () => createOcrEngine(kind), idleMs));
    }
    case 'openai': {
      const { OPENAI_BASE_URL, OpenAIProvider } = await import('./openai.ts');
      return new OpenAIProvider(
        cloudSettings(options, requireKey(options.env, 'OPENAI_API_KEY', 'OpenAI'), OPENAI_BASE_URL),
      );
    }
    case 'anthropic': {
      const { ANTHROPIC_BASE_URL, AnthropicProvider } = await import('./anthropic.ts');
      const settings = cloudSettings(
        options,
        requireKey(options.env, 'ANTHROPIC_API_KEY', 'Anthropic'),
        ANTHROPIC_BASE_URL,
      );
      // The SDK adds /v1 itself; a base URL written the OpenAI way (…/v1) would ask for /v1/v1/messages.
      return new AnthropicProvider({ ...settings, baseUrl: settings.baseUrl.replace(/\/v1$/, '') });
    }
    case 'openai-compatible': {
      const { COMPATIBLE_BASE_URL, OpenAICompatibleProvider } = await import('./openai-compatible.ts');
      // Local servers want no key, but the SDK insists on one. OPENAI_API_KEY is not sent to
      // whatever server this points at; a server that does want a key gets OPENAI_COMPATIBLE_API_KEY.
      return new OpenAICompatibleProvider(
        cloudSettings(
          options,
          options.env.OPENAI_COMPATIBLE_API_KEY?.trim() || 'not-needed',
          COMPATIBLE_BASE_URL,
        ),
      );
    }
  }
}

/**
 * A minute: long enough that a batch or a burst of captures never reloads, short enough that a
 * quiet tray app gives its ~400 MB back soon after the last capture.
 */
const OCR_IDLE_MS = 60_000;

/**
 * The model a provider uses when none is named: the cloud defaults of the model table, and for the
 * offline engine the OCR engine it runs ("combined", or EXTRACTO_OCR), the name its results carry.
 */
export function defaultModel(id: ProviderId, env: NodeJS.ProcessEnv = process.env): string {
  return id === 'local' ? defaultOcr(env) : DEFAULT_MODELS[id];
}

function defaultOcr(env: NodeJS.ProcessEnv): OcrEngineKind {
  const wanted = env.EXTRACTO_OCR;
  return OCR_ENGINE_KINDS.find((kind) => kind === wanted) ?? 'combined';
}
