import OpenAI from 'openai';
import { UserError, userError } from '../../shared/errors.ts';
import { message } from '../../shared/messages/catalogue.ts';
import type { Message } from '../../shared/messages/message.ts';
import type { Profile } from '../../shared/field.ts';
import type { Detail } from '../../shared/result.ts';
import type { ImageRequest } from '../imaging/types.ts';
import { answerJsonSchema } from '../extraction/schema.ts';
import { repairPrompt, systemPrompt, systemPromptWithSchema, userPrompt } from '../extraction/prompt.ts';
import type { ExtractionRequest, ProviderOutput, VisionProvider } from './types.ts';
import { DEFAULT_MODELS, outputTokens } from './models.ts';
import { CHECK_PNG, dataUrl, isLoopbackUrl, type CloudSettings } from './cloud.ts';
import { CloudProvider } from './cloud-provider.ts';
import { classify, cutOffError, filteredError, refusalError, serviceName } from './provider-errors.ts';
import { SCHEMA_NAME } from './openai.ts';

type ChatBody = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/** Ollama's OpenAI-compatible API on this machine. */
export const COMPATIBLE_BASE_URL = 'http://127.0.0.1:11434/v1';

/**
 * The default wait for a server such as Ollama, retries included: a local model loads into memory
 * on its first request (up to a minute) and may then generate slowly on a CPU. (Before: 120 s per
 * attempt, 4 attempts.)
 */
const LOCAL_SERVER_TIMEOUT_MS = 300_000;

/** Local servers run models that think out loud (qwen3, gemma): leave room for that before the JSON. */
const COMPATIBLE_MAX_TOKENS = 8_192;

/**
 * How a server is asked for JSON, best first. Servers differ: vLLM and recent Ollama / LM Studio take
 * a strict json_schema, some only JSON mode, a few nothing at all (then the schema is in the prompt
 * and the answer is validated like any other).
 */
const JSON_MODES = ['json_schema', 'json_object', 'prompt'] as const;
export type JsonMode = (typeof JSON_MODES)[number];

/** What worked per base URL, for this process: a server that rejected the schema once will again. */
const modeByServer = new Map<string, JsonMode>();

export function rememberedMode(baseUrl: string): JsonMode | undefined {
  return modeByServer.get(baseUrl);
}

const CHECK_PROFILE: Profile = {
  id: 'check',
  name: 'check',
  fields: [{ key: 'colour', label: 'Background colour', type: 'text' }],
};

/**
 * Any server with an OpenAI API at a base URL (Ollama's /v1, LM Studio, vLLM), through Chat
 * Completions: that is what these servers speak. temperature 0, structured output where the server
 * takes it, and the answer always validated by extraction.
 */
export class OpenAICompatibleProvider extends CloudProvider implements VisionProvider {
  readonly id = 'openai-compatible' as const;
  /** Ollama or LM Studio on 127.0.0.1 keeps every pixel here; one on another host does not. */
  readonly leavesMachine: boolean;
  private readonly client: OpenAI;

  constructor(settings: CloudSettings, defaultModel: string = DEFAULT_MODELS['openai-compatible']) {
    super(
      settings,
      defaultModel,
      { service: message('provider.serverAt', { baseUrl: settings.baseUrl }), compatible: true },
      LOCAL_SERVER_TIMEOUT_MS,
    );
    this.leavesMachine = !isLoopbackUrl(settings.baseUrl);
    this.client = new OpenAI(this.sdkOptions());
  }

  imageRequest(model: string, detail: Detail): ImageRequest {
    // `original` is an OpenAI-only value; these servers take low/high/auto at most.
    return { provider: this.id, model, detail: detail === 'original' ? 'high' : detail };
  }

  /** The request body for a JSON mode, exactly as it goes to POST /chat/completions. */
  body(request: ExtractionRequest, mode: JsonMode): ChatBody {
    const schema = answerJsonSchema(request.profile);
    // Without a server-enforced schema, the model only knows the shape from the prompt.
    const system = mode === 'json_schema' ? systemPrompt() : systemPromptWithSchema(schema);
    const messages: ChatMessage[] = [
      { role: 'system', content: system },
      {
        role: 'user',
        content: [
          { type: 'text', text: userPrompt(request.profile) },
          {
            type: 'image_url',
            image_url: {
              url: dataUrl(request.image),
              detail: request.image.detail === 'original' ? 'high' : request.image.detail,
            },
          },
        ],
      },
    ];
    if (request.repair) {
      messages.push(
        { role: 'assistant', content: request.repair.previousAnswer },
        { role: 'user', content: repairPrompt(request.repair.problems) },
      );
    }
    const body: ChatBody = {
      model: request.model,
      messages,
      temperature: 0,
      max_tokens: outputTokens({ maxOutputTokens: COMPATIBLE_MAX_TOKENS }, request.profile),
    };
    if (mode === 'json_schema') {
      body.response_format = {
        type: 'json_schema',
        json_schema: { name: SCHEMA_NAME, strict: true, schema },
      };
    } else if (mode === 'json_object') {
      body.response_format = { type: 'json_object' };
    }
    return body;
  }

  async extract(request: ExtractionRequest): Promise<ProviderOutput> {
    // One wait for every JSON mode tried: a server that never answers is not asked three times over.
    const timed = {
      ...request,
      deadline: request.deadline ?? Date.now() + (request.timeoutMs ?? this.timeoutMs),
    };
    const remembered = modeByServer.get(this.settings.baseUrl);
    const modes = remembered ? JSON_MODES.slice(JSON_MODES.indexOf(remembered)) : JSON_MODES;
    for (const [i, mode] of modes.entries()) {
      const body = this.body(request, mode);
      try {
        const completion = await this.send(timed, (signal, timeout) =>
          this.client.chat.completions.create(body, { signal, timeout }),
        );
        modeByServer.set(this.settings.baseUrl, mode);
        return readCompletion(completion, request.model);
      } catch (error) {
        // Only a rejected request format moves on to the next mode; the last mode's error stands.
        if (i === modes.length - 1 || !rejectedFormat(error)) throw error;
        this.settings.logger.warn(
          `${serviceName(this.context(request.model))} rejected response_format ${mode} for ${request.model}; trying ${modes[i + 1]}`,
        );
      }
    }
    throw userError('provider.noJsonMode', { baseUrl: this.settings.baseUrl });
  }

  /**
   * Lists the server's models (key, base URL, model loaded), then sends a tiny image with a one-field
   * schema: a server can list a model that does not take images.
   */
  async check(model: string): Promise<Message> {
    const page = await this.ask(model, (signal, timeout) => this.client.models.list({ signal, timeout }));
    const ids = page.data.map((m) => m.id);
    const loaded = ids.some((id) => id === model || id === `${model}:latest`);
    if (!loaded) {
      const has = ids.length > 0 ? message('provider.serverHas', { models: ids.slice(0, 8).join(', ') }) : '';
      throw userError('provider.noVisionModel', { model, has });
    }
    const output = await this.extract({
      image: {
        data: CHECK_PNG,
        mediaType: 'image/png',
        width: 16,
        height: 16,
        sourceWidth: 16,
        sourceHeight: 16,
        sha256: '',
        detail: 'low',
        estimatedTokens: 0,
      },
      profile: CHECK_PROFILE,
      model,
    });
    const mode = modeByServer.get(this.settings.baseUrl) ?? 'json_schema';
    const json =
      mode === 'json_schema'
        ? message('provider.modeSchema')
        : mode === 'json_object'
          ? message('provider.modeJson')
          : message('provider.modePrompt');
    return message('provider.serverChecked', {
      baseUrl: this.settings.baseUrl,
      model: output.model,
      mode: json,
    });
  }
}

/** A 400/422 about the request's shape: the server does not take this response_format. */
function rejectedFormat(error: unknown): boolean {
  const cause = error instanceof UserError ? error.cause : error;
  const c = classify(cause);
  return c.kind === 'status' && (c.status === 400 || c.status === 422);
}

/** The answer out of a Chat Completions reply; a cut-off or refused reply is a UserError. */
function readCompletion(completion: OpenAI.Chat.Completions.ChatCompletion, model: string): ProviderOutput {
  const choice = completion.choices?.[0];
  if (!choice) throw userError('provider.noMessage');
  if (choice.finish_reason === 'length') throw cutOffError();
  if (choice.message.refusal) throw refusalError(choice.message.refusal);
  if (choice.finish_reason === 'content_filter') throw filteredError('server');
  const output: ProviderOutput = { raw: choice.message.content ?? '', model: completion.model || model };
  if (completion.usage) {
    output.usage = {
      inputTokens: completion.usage.prompt_tokens,
      outputTokens: completion.usage.completion_tokens,
    };
  }
  return output;
}
