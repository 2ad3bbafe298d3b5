import { message } from '../../shared/messages/catalogue.ts';
import type { Message } from '../../shared/messages/message.ts';
import type { DocumentPages, FieldMeta, FieldValue, Usage } from '../../shared/result.ts';
import type { Logger } from '../log.ts';
import type {
  DocumentRequest,
  ExtractionRequest,
  ProviderOutput,
  VisionProvider,
} from '../providers/types.ts';
import { parseAnswer, validateAnswer, type Validated } from './validate.ts';

export interface ExtractionOutcome {
  ok: boolean;
  fields: Record<string, FieldValue>;
  fieldMeta: Record<string, FieldMeta>;
  model: string;
  raw?: string | undefined;
  usage?: Usage | undefined;
  /** Why, for the person, when ok is false. */
  error?: Message | undefined;
  attempts: number;
  /** For a document read by the provider itself: how each page was read. */
  pages?: DocumentPages['pages'] | undefined;
}

/** A validated answer; `noJson` when the text was not JSON at all (a different sentence for the person). */
function check(
  request: Pick<ExtractionRequest, 'profile'>,
  output: ProviderOutput,
): Validated & { noJson?: true } {
  if (output.answer !== undefined) return validateAnswer(request.profile, output.answer);
  const parsed = parseAnswer(output.raw ?? '');
  if (parsed.ok) return validateAnswer(request.profile, parsed.value);
  const fields = Object.fromEntries(request.profile.fields.map((f) => [f.key, null]));
  return { fields, problems: [parsed.problem], noJson: true };
}

function addUsage(a: Usage | undefined, b: Usage | undefined): Usage | undefined {
  if (!a) return b;
  if (!b) return a;
  return { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens };
}

/**
 * Asks the provider, validates and coerces its answer, and for a remote model makes one repair
 * attempt that quotes what was wrong. The local engine is deterministic, so asking it again would
 * only repeat the same answer. Provider errors (network, key, limits) propagate to the caller.
 */
export async function extractFields(
  provider: VisionProvider,
  asked: ExtractionRequest | DocumentRequest,
  logger: Logger,
): Promise<ExtractionOutcome> {
  const ask = (request: ExtractionRequest | DocumentRequest): Promise<ProviderOutput> => {
    if (!('pages' in request)) return provider.extract(request);
    if (!provider.extractDocument) throw new Error(`${provider.id} does not read documents`);
    return provider.extractDocument(request);
  };
  // One wait for the whole extraction, the repair attempt included (--timeout bounds it all).
  const budget = asked.timeoutMs ?? provider.timeoutMs;
  const request =
    budget === undefined || asked.deadline !== undefined
      ? asked
      : { ...asked, timeoutMs: budget, deadline: Date.now() + budget };
  let output: ProviderOutput = await ask(request);
  let usage = output.usage;
  let checked = check(request, output);
  let attempts = 1;
  if (checked.problems.length > 0 && provider.remote) {
    logger.warn(
      `answer from ${provider.id}/${output.model} failed validation, asking once more`,
      checked.problems,
    );
    output = await ask({
      ...request,
      repair: { previousAnswer: output.raw ?? JSON.stringify(output.answer), problems: checked.problems },
    });
    usage = addUsage(usage, output.usage);
    checked = check(request, output);
    attempts = 2;
  }
  const outcome: ExtractionOutcome = {
    ok: checked.problems.length === 0,
    fields: checked.fields,
    fieldMeta: output.fieldMeta ?? {},
    model: output.model,
    usage,
    attempts,
    pages: output.pages,
  };
  if (!outcome.ok) {
    outcome.raw = output.raw ?? JSON.stringify(output.answer);
    // The problems stay as the model was told them (English): they name keys and values.
    outcome.error = checked.noJson
      ? message('answer.noJson')
      : message('answer.mismatch', { problems: checked.problems.join('; ') });
  }
  return outcome;
}
