import Anthropic from '@anthropic-ai/sdk';
import { userError } from '../../shared/errors.ts';
import { message } from '../../shared/messages/catalogue.ts';
import type { Message } from '../../shared/messages/message.ts';
import type { Detail } from '../../shared/result.ts';
import type { ImageRequest } from '../imaging/types.ts';
import { ANTHROPIC_MAX_UNIONS, answerJsonSchema, unionCount } from '../extraction/schema.ts';
import { repairPrompt, systemPrompt, systemPromptWithSchema, userPrompt } from '../extraction/prompt.ts';
import type { ExtractionRequest, ProviderOutput, VisionProvider } from './types.ts';
import { DEFAULT_MODELS, effortFor, outputTokens, resolveModel, type Effort } from './models.ts';
import { DEFAULT_TIMEOUT_MS, type CloudSettings } from './cloud.ts';
import { CloudProvider } from './cloud-provider.ts';
import { cutOffError, refusalError } from './provider-errors.ts';

type MessageBody = Anthropic.Messages.MessageCreateParamsNonStreaming;
type ClaudeEffort = NonNullable<NonNullable<MessageBody['output_config']>['effort']>;

export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

function claudeEffort(effort: Effort | undefined): ClaudeEffort | undefined {
  switch (effort) {
    case 'low':
    case 'medium':
    case 'high':
    case 'xhigh':
    case 'max':
      return effort;
    default:
      return undefined;
  }
}

/**
 * Claude through the Messages API with native structured output (`output_config.format`): the
 * answer is a text block holding the JSON. No forced tool use (a 400 on claude-sonnet-5-5 and newer)
 * and no temperature / top_p / top_k (rejected under anthropic-version 2026-10-21).
 */
export class AnthropicProvider extends CloudProvider implements VisionProvider {
  readonly id = 'anthropic' as const;
  readonly leavesMachine = true;
  private readonly client: Anthropic;

  constructor(settings: CloudSettings, defaultModel: string = DEFAULT_MODELS.anthropic) {
    super(
      settings,
      defaultModel,
      { service: 'Anthropic', keyVariable: 'ANTHROPIC_API_KEY' },
      DEFAULT_TIMEOUT_MS,
    );
    this.client = new Anthropic(this.sdkOptions());
  }

  imageRequest(model: string, detail: Detail): ImageRequest {
    // Claude has no detail setting; imaging sizes by the model's tier. `original` means "do not
    // shrink below the tier's limit", which is what high does here.
    return { provider: this.id, model, detail: detail === 'original' ? 'high' : detail };
  }

  /** The request body, exactly as it goes to POST /v1/messages. */
  body(request: ExtractionRequest): MessageBody {
    const info = resolveModel('anthropic', request.model);
    const effort = claudeEffort(effortFor(info, request.profile.effort ?? this.settings.effort));
    const messages: MessageBody['messages'] = [
      {
        role: 'user',
        content: [
          {
            type: 'image',
            // The label must match the bytes (a PNG called image/jpeg is a 400): imaging says which.
            source: {
              type: 'base64',
              media_type: request.image.mediaType,
              data: request.image.data.toString('base64'),
            },
          },
          { type: 'text', text: userPrompt(request.profile) },
        ],
      },
    ];
    if (request.repair) {
      messages.push(
        { role: 'assistant', content: request.repair.previousAnswer },
        { role: 'user', content: repairPrompt(request.repair.problems) },
      );
    }
    const schema = answerJsonSchema(request.profile);
    // Past Anthropic's union limit the schema would be a 400: it goes in the prompt instead, and the
    // answer is validated (and repaired once) like a server's without json_schema.
    const enforced = unionCount(schema) <= ANTHROPIC_MAX_UNIONS;
    const output_config: NonNullable<MessageBody['output_config']> = {
      ...(enforced ? { format: { type: 'json_schema' as const, schema } } : {}),
      ...(effort ? { effort } : {}),
    };
    return {
      model: request.model,
      max_tokens: outputTokens(info, request.profile),
      system: enforced ? systemPrompt() : systemPromptWithSchema(schema),
      messages,
      ...(Object.keys(output_config).length > 0 ? { output_config } : {}),
      // Only where the docs allow it; claude-sonnet-5-5 answers `disabled` with a 400.
      ...(info.thinkingOff ? { thinking: { type: 'disabled' as const } } : {}),
    };
  }

  async extract(request: ExtractionRequest): Promise<ProviderOutput> {
    const body = this.body(request);
    if (!body.output_config?.format)
      this.settings.logger.warn(
        `the answer's schema for ${request.profile.fields.length} fields has more than ${ANTHROPIC_MAX_UNIONS} nullable values, over Anthropic's limit: it is sent in the prompt instead`,
      );
    const message = await this.send(request, (signal, timeout) =>
      this.client.messages.create(body, { signal, timeout }),
    );
    return readMessage(message, request.model);
  }

  async check(model: string): Promise<Message> {
    const found = await this.ask(model, (signal, timeout) =>
      this.client.models.retrieve(model, {}, { signal, timeout }),
    );
    return message('provider.checked', { service: 'Anthropic', model: found.id ?? model });
  }
}

/** The answer out of a Messages API reply; a cut-off or refused reply is a UserError. */
function readMessage(message: Anthropic.Messages.Message, model: string): ProviderOutput {
  switch (message.stop_reason) {
    case 'max_tokens':
      throw cutOffError();
    case 'model_context_window_exceeded':
      throw userError('answer.contextWindow');
    case 'refusal': {
      const details = message.stop_details;
      const reason =
        details?.explanation ?? (details?.category ? `${details.category.replace(/_/g, ' ')}` : '');
      throw refusalError(reason);
    }
    default:
      break;
  }
  // Thinking blocks may come first; the answer is the text.
  const text = message.content
    .filter((block): block is Anthropic.Messages.TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('');
  const output: ProviderOutput = { raw: text, model: message.model || model };
  if (message.usage) {
    const u = message.usage;
    output.usage = {
      // Cached prompt tokens are still input the request was billed for.
      inputTokens: u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0),
      outputTokens: u.output_tokens,
    };
  }
  return output;
}
