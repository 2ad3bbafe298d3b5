import OpenAI from 'openai';
import { UserError } from '../../shared/errors.ts';
import type { Detail } from '../../shared/result.ts';
import type { ImageRequest } from '../imaging/types.ts';
import { answerJsonSchema } from '../extraction/schema.ts';
import { repairPrompt, systemPrompt, userPrompt } from '../extraction/prompt.ts';
import type { ExtractionRequest, ProviderOutput, VisionProvider } from './types.ts';
import { DEFAULT_MODELS, detailFor, effortFor, resolveModel } from './models.ts';
import { callApi, dataUrl, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, type CloudSettings } from './cloud.ts';
import type { ErrorContext } from './provider-errors.ts';

type ResponseBody = OpenAI.Responses.ResponseCreateParamsNonStreaming;
type InputItem = OpenAI.Responses.ResponseInputItem;

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** The name the answer's schema goes by in `text.format` (shows up in OpenAI's logs, nowhere else). */
export const SCHEMA_NAME = 'extracted_fields';

/**
 * OpenAI through the Responses API, the documented path for images: an `input_image` part with a
 * data URL and `detail`, strict `json_schema` output, the lowest reasoning effort the model accepts.
 */
export class OpenAIProvider implements VisionProvider {
  readonly id = 'openai' as const;
  readonly defaultModel: string;
  readonly remote = true;
  readonly leavesMachine = true;
  private readonly settings: CloudSettings;
  private readonly client: OpenAI;
  /** The default wait for an answer, retries included (CloudSettings.timeoutMs). */
  readonly timeoutMs: number;

  constructor(settings: CloudSettings, defaultModel: string = DEFAULT_MODELS.openai) {
    this.settings = settings;
    this.defaultModel = defaultModel;
    this.timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // Our retry (retry.ts) is the only one: the SDK's would retry on top of it and bill twice.
    this.client = new OpenAI({
      apiKey: settings.apiKey,
      baseURL: settings.baseUrl,
      maxRetries: 0,
      // Each request passes the time left before its deadline (callApi); this is only the ceiling.
      timeout: MAX_TIMEOUT_MS,
    });
  }

  private context(model: string, timeoutMs = this.timeoutMs): ErrorContext {
    return {
      service: 'OpenAI',
      keyVariable: 'OPENAI_API_KEY',
      baseUrl: this.settings.baseUrl,
      model,
      timeoutMs,
      secrets: [this.settings.apiKey],
    };
  }

  imageRequest(model: string, detail: Detail): ImageRequest {
    // `original` is a 400 before gpt-5.4: ask imaging for what will actually be sent.
    return { provider: this.id, model, detail: detailFor(resolveModel('openai', model), detail) };
  }

  /** The request body, exactly as it goes to POST /responses. */
  body(request: ExtractionRequest): ResponseBody {
    const info = resolveModel('openai', request.model);
    const effort = effortFor(info, request.profile.effort ?? this.settings.effort);
    const input: InputItem[] = [
      {
        role: 'user',
        content: [
          { type: 'input_text', text: userPrompt(request.profile) },
          {
            type: 'input_image',
            image_url: dataUrl(request.image),
            detail: detailFor(info, request.image.detail),
          },
        ],
      },
    ];
    if (request.repair) {
      input.push(
        { role: 'assistant', content: request.repair.previousAnswer },
        { role: 'user', content: repairPrompt(request.repair.problems) },
      );
    }
    return {
      model: request.model,
      instructions: systemPrompt(),
      input,
      text: {
        format: {
          type: 'json_schema',
          name: SCHEMA_NAME,
          strict: true,
          schema: answerJsonSchema(request.profile),
        },
      },
      max_output_tokens: info.maxOutputTokens,
      // Screenshots may be private: do not keep the response on OpenAI's side for later retrieval.
      store: false,
      // gpt-4o / gpt-4.1 take no reasoning parameter at all; sending one is a 400.
      ...(effort ? { reasoning: { effort } } : {}),
    };
  }

  async extract(request: ExtractionRequest): Promise<ProviderOutput> {
    const body = this.body(request);
    const budget = request.timeoutMs ?? this.timeoutMs;
    const response = await callApi(
      this.context(request.model, budget),
      this.settings,
      request.signal,
      (signal, timeout) => this.client.responses.create(body, { signal, timeout }),
      request.deadline ?? Date.now() + budget,
    );
    return readResponse(response, request.model);
  }

  async check(model: string): Promise<string> {
    const found = await callApi(this.context(model), this.settings, undefined, (signal, timeout) =>
      this.client.models.retrieve(model, { signal, timeout }),
    );
    return `OpenAI accepted the key, and the model ${found.id ?? model} is available.`;
  }

  async close(): Promise<void> {}
}

/** The answer out of a Responses API reply; a cut-off, refused or failed reply is a UserError. */
export function readResponse(response: OpenAI.Responses.Response, model: string): ProviderOutput {
  if (response.status === 'incomplete') {
    const reason = response.incomplete_details?.reason;
    if (reason === 'content_filter')
      throw new UserError("The model's answer was stopped by OpenAI's content filter.");
    throw new UserError("The model's answer was cut off at the token limit.");
  }
  if (response.status === 'failed') {
    const said = response.error?.message ? `: ${response.error.message.replace(/[.\s]+$/, '')}` : '';
    throw new UserError(`OpenAI could not produce an answer${said}.`);
  }
  let text = '';
  for (const item of response.output ?? []) {
    if (item.type !== 'message') continue;
    for (const part of item.content) {
      if (part.type === 'refusal')
        throw new UserError(`The model refused: ${part.refusal.replace(/[.\s]+$/, '')}.`);
      if (part.type === 'output_text') text += part.text;
    }
  }
  const output: ProviderOutput = { raw: text, model: response.model || model };
  if (response.usage) {
    output.usage = { inputTokens: response.usage.input_tokens, outputTokens: response.usage.output_tokens };
  }
  return output;
}
