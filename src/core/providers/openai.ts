import OpenAI from 'openai';
import { userError } from '../../shared/errors.ts';
import { message } from '../../shared/messages/catalogue.ts';
import type { Message } from '../../shared/messages/message.ts';
import type { Detail } from '../../shared/result.ts';
import type { ImageRequest } from '../imaging/types.ts';
import { answerJsonSchema } from '../extraction/schema.ts';
import { repairPrompt, systemPrompt, userPrompt } from '../extraction/prompt.ts';
import type { ExtractionRequest, ProviderOutput, VisionProvider } from './types.ts';
import { DEFAULT_MODELS, detailFor, effortFor, outputTokens, resolveModel } from './models.ts';
import { dataUrl, DEFAULT_TIMEOUT_MS, type CloudSettings } from './cloud.ts';
import { CloudProvider } from './cloud-provider.ts';
import { cutOffError, filteredError, refusalError } from './provider-errors.ts';

type ResponseBody = OpenAI.Responses.ResponseCreateParamsNonStreaming;
type InputItem = OpenAI.Responses.ResponseInputItem;

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** The name the answer's schema goes by in `text.format` (shows up in OpenAI's logs, nowhere else). */
export const SCHEMA_NAME = 'extracted_fields';

/**
 * OpenAI through the Responses API, the documented path for images: an `input_image` part with a
 * data URL and `detail`, strict `json_schema` output, the lowest reasoning effort the model accepts.
 */
export class OpenAIProvider extends CloudProvider implements VisionProvider {
  readonly id = 'openai' as const;
  readonly leavesMachine = true;
  private readonly client: OpenAI;

  constructor(settings: CloudSettings, defaultModel: string = DEFAULT_MODELS.openai) {
    super(settings, defaultModel, { service: 'OpenAI', keyVariable: 'OPENAI_API_KEY' }, DEFAULT_TIMEOUT_MS);
    this.client = new OpenAI(this.sdkOptions());
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
      max_output_tokens: outputTokens(info, request.profile),
      // Screenshots may be private: do not keep the response on OpenAI's side for later retrieval.
      store: false,
      // gpt-4o / gpt-4.1 take no reasoning parameter at all; sending one is a 400.
      ...(effort ? { reasoning: { effort } } : {}),
    };
  }

  async extract(request: ExtractionRequest): Promise<ProviderOutput> {
    const body = this.body(request);
    const response = await this.send(request, (signal, timeout) =>
      this.client.responses.create(body, { signal, timeout }),
    );
    return readResponse(response, request.model);
  }

  async check(model: string): Promise<Message> {
    const found = await this.ask(model, (signal, timeout) =>
      this.client.models.retrieve(model, { signal, timeout }),
    );
    return message('provider.checked', { service: 'OpenAI', model: found.id ?? model });
  }
}

/** The answer out of a Responses API reply; a cut-off, refused or failed reply is a UserError. */
function readResponse(response: OpenAI.Responses.Response, model: string): ProviderOutput {
  if (response.status === 'incomplete') {
    const reason = response.incomplete_details?.reason;
    if (reason === 'content_filter') throw filteredError('openai');
    throw cutOffError();
  }
  if (response.status === 'failed') {
    // OpenAI's own words, as it wrote them.
    const said = response.error?.message ? `: ${response.error.message.replace(/[.\s]+$/, '')}` : '';
    throw userError('provider.openaiFailed', { said });
  }
  let text = '';
  for (const item of response.output ?? []) {
    if (item.type !== 'message') continue;
    for (const part of item.content) {
      if (part.type === 'refusal') throw refusalError(part.refusal);
      if (part.type === 'output_text') text += part.text;
    }
  }
  const output: ProviderOutput = { raw: text, model: response.model || model };
  if (response.usage) {
    output.usage = { inputTokens: response.usage.input_tokens, outputTokens: response.usage.output_tokens };
  }
  return output;
}
