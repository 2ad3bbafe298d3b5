import type { Detail, ProviderId, Usage } from '../../shared/result.ts';

/**
 * What Extracto knows about each cloud model, in one dated table: the reasoning effort values the
 * API accepts (they differ per model, and a wrong one is a 400), whether `detail: "original"` is
 * accepted, how many output tokens to allow, and a list price. Image token rules live in
 * src/core/imaging/tokens.ts; this table is about everything else.
 *
 * Sources (checked November 2026): the SDKs' own model lists (openai 7.57, @anthropic-ai/sdk 1.13),
 * the vendors' reasoning/effort guides and the 400s they document ("'minimal' is not supported with
 * the 'gpt-5.1' model"), and the public price pages. Prices are ESTIMATES for the cost column:
 * vendors change them, long prompts and caching change them, so callers can override them.
 */
export const MODELS_AS_OF = '2026-11';

import { EFFORTS, type ColumnType, type Effort, type Profile } from '../../shared/field.ts';

export { type Effort };

export type CloudVendor = 'openai' | 'anthropic';

export interface Price {
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
}

export interface ModelInfo {
  vendor: CloudVendor;
  /** Accepted effort values, lowest first. Empty: send no effort parameter at all. */
  efforts: readonly Effort[];
  /** OpenAI: `detail: "original"` is accepted (gpt-5.4 and later). */
  originalDetail: boolean;
  /** The output token limit to request: room for the JSON plus whatever the model thinks first. */
  maxOutputTokens: number;
  /**
   * Anthropic: thinking can be switched off with `thinking: { type: "disabled" }`. Only set where the
   * docs say so: claude-sonnet-5-5 and claude-opus-5-5 answer that with a 400, and models that do not
   * think by default need nothing.
   */
  thinkingOff?: boolean;
  price?: Price;
}

// Reading a few fields off a screenshot is short work: a reasoning model needs room for some thought
// at a raised effort, and a non-reasoning model only for the JSON.
const PLAIN_OUT = 4_096;
const REASONING_OUT = 16_000;

const GPT5_EFFORTS: readonly Effort[] = ['minimal', 'low', 'medium', 'high'];
const GPT51_EFFORTS: readonly Effort[] = ['none', 'low', 'medium', 'high'];
// gpt-5.2 and later reject 'minimal' ("Supported values are: 'none', 'low', 'medium', 'high', and 'xhigh'").
const GPT52_EFFORTS: readonly Effort[] = ['none', 'low', 'medium', 'high', 'xhigh'];
const GPT56_EFFORTS: readonly Effort[] = ['none', 'low', 'medium', 'high', 'xhigh', 'max'];
const O_SERIES_EFFORTS: readonly Effort[] = ['low', 'medium', 'high'];

const CLAUDE_LMH: readonly Effort[] = ['low', 'medium', 'high'];
const CLAUDE_LMH_MAX: readonly Effort[] = ['low', 'medium', 'high', 'max'];
const CLAUDE_ALL: readonly Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];

function openai(efforts: readonly Effort[], price: Price, originalDetail = false): ModelInfo {
  return {
    vendor: 'openai',
    efforts,
    originalDetail,
    maxOutputTokens: efforts.length > 0 ? REASONING_OUT : PLAIN_OUT,
    price,
  };
}

function claude(
  efforts: readonly Effort[],
  price: Price,
  options: { thinks?: boolean; thinkingOff?: boolean } = {},
) {
  const info: ModelInfo = {
    vendor: 'anthropic',
    efforts,
    originalDetail: false,
    maxOutputTokens: options.thinks ? REASONING_OUT : PLAIN_OUT,
    price,
  };
  if (options.thinkingOff) info.thinkingOff = true;
  return info;
}

/**
 * The table. Keys are the undated model names; dated snapshots (gpt-4o-2024-08-06,
 * claude-sonnet-4-5-20250929) resolve to them. Reasoning models without a documented effort list
 * (gpt-5-pro, the -chat-latest aliases) get none: the API then uses its own default, which is slower
 * but never a 400.
 */
export const MODELS: Readonly<Record<string, ModelInfo>> = {
  // OpenAI: no reasoning parameter at all on the 4o / 4.1 families (sending one is a 400).
  'gpt-4o': openai([], { input: 2.5, output: 10 }),
  'gpt-4o-mini': openai([], { input: 0.15, output: 0.6 }),
  'gpt-4.1': openai([], { input: 2, output: 8 }),
  'gpt-4.1-mini': openai([], { input: 0.4, output: 1.6 }),
  'gpt-4.1-nano': openai([], { input: 0.1, output: 0.4 }),
  o3: openai(O_SERIES_EFFORTS, { input: 2, output: 8 }),
  'o4-mini': openai(O_SERIES_EFFORTS, { input: 1.1, output: 4.4 }),
  'gpt-5': openai(GPT5_EFFORTS, { input: 1.25, output: 10 }),
  'gpt-5-mini': openai(GPT5_EFFORTS, { input: 0.25, output: 2 }),
  'gpt-5-nano': openai(GPT5_EFFORTS, { input: 0.05, output: 0.4 }),
  'gpt-5-pro': { ...openai([], { input: 15, output: 120 }), maxOutputTokens: REASONING_OUT },
  'gpt-5-chat-latest': openai([], { input: 1.25, output: 10 }),
  'gpt-5.1': openai(GPT51_EFFORTS, { input: 1.25, output: 10 }),
  'gpt-5.1-mini': openai(GPT51_EFFORTS, { input: 0.25, output: 2 }),
  'gpt-5.1-chat-latest': openai([], { input: 1.25, output: 10 }),
  'gpt-5.2': openai(GPT52_EFFORTS, { input: 1.75, output: 14 }),
  'gpt-5.2-chat-latest': openai([], { input: 1.75, output: 14 }),
  'gpt-5.2-pro': { ...openai([], { input: 21, output: 168 }), maxOutputTokens: REASONING_OUT },
  'gpt-5.3-chat-latest': openai([], { input: 1.75, output: 14 }),
  'gpt-5.4': openai(GPT52_EFFORTS, { input: 2.5, output: 15 }, true),
  'gpt-5.4-mini': openai(GPT52_EFFORTS, { input: 0.75, output: 4.5 }, true),
  'gpt-5.4-nano': openai(GPT52_EFFORTS, { input: 0.2, output: 1.25 }, true),
  'gpt-5.5': openai(GPT52_EFFORTS, { input: 5, output: 30 }, true),
  'gpt-5.5-pro': { ...openai([], { input: 30, output: 180 }, true), maxOutputTokens: REASONING_OUT },
  'gpt-5.6-sol': openai(GPT56_EFFORTS, { input: 5, output: 30 }, true),
  'gpt-5.6-terra': openai(GPT56_EFFORTS, { input: 2.5, output: 15 }, true),
  'gpt-5.6-luna': openai(GPT56_EFFORTS, { input: 1, output: 6 }, true),

  // Anthropic. Effort is not accepted by Haiku 4.5 / Sonnet 4.5 (which do not think unless asked).
  'claude-haiku-4-5': claude([], { input: 1, output: 5 }),
  'claude-sonnet-4-5': claude([], { input: 3, output: 15 }),
  'claude-opus-4-5': claude(CLAUDE_LMH, { input: 5, output: 25 }),
  'claude-opus-4-6': claude(CLAUDE_LMH_MAX, { input: 5, output: 25 }, { thinks: true }),
  'claude-sonnet-4-6': claude(CLAUDE_LMH_MAX, { input: 3, output: 15 }),
  'claude-opus-4-7': claude(CLAUDE_ALL, { input: 5, output: 25 }, { thinks: true }),
  'claude-opus-4-8': claude(CLAUDE_ALL, { input: 5, output: 25 }, { thinks: true }),
  // The 5.x generation thinks adaptively by default; effort is the lever. Haiku 5.5 and Opus 5 may
  // switch thinking off (at effort high or lower); Sonnet 5.5 and Opus 5.5 reject that with a 400.
  'claude-sonnet-5': claude(CLAUDE_ALL, { input: 2, output: 10 }, { thinks: true }),
  'claude-sonnet-5-5': claude(CLAUDE_ALL, { input: 2, output: 10 }, { thinks: true }),
  'claude-opus-5': claude(CLAUDE_ALL, { input: 5, output: 25 }, { thinks: true, thinkingOff: true }),
  'claude-opus-5-5': claude(CLAUDE_ALL, { input: 4, output: 20 }, { thinks: true }),
  'claude-haiku-5-5': claude(CLAUDE_ALL, { input: 0.1, output: 0.5 }, { thinks: true, thinkingOff: true }),
  'claude-fable-5': claude(CLAUDE_ALL, { input: 10, output: 50 }, { thinks: true }),
  'claude-fable-5-1': claude(CLAUDE_ALL, { input: 10, output: 50 }, { thinks: true }),
};

/**
 * Default models: current, inexpensive models that read documents well.
 * - openai: gpt-5.4-mini. It accepts `reasoning.effort: "none"` (gpt-5-mini's floor is "minimal",
 *   which still spends reasoning tokens and seconds), accepts `detail: "original"` for dense pages,
 *   and costs a fraction of gpt-5.4/5.5 ($0.75 / $4.50 per million).
 * - anthropic: claude-haiku-5-5. The current Haiku reads screenshots better than 4.5, is far cheaper
 *   (about $0.10 / $0.50 per million against $1 / $5), and lets thinking be switched off, so a
 *   screenshot comes back as fast as from Haiku 4.5.
 * - openai-compatible: qwen3-vl:8b, an open vision model strong at document text that runs on a
 *   laptop GPU under Ollama (`ollama pull qwen3-vl:8b`). Any model the server has loaded works.
 */
export const DEFAULT_MODELS: Readonly<Record<Exclude<ProviderId, 'local'>, string>> = {
  openai: 'gpt-5.4-mini',
  anthropic: 'claude-haiku-5-5',
  'openai-compatible': 'qwen3-vl:8b',
};

/** The table key for a model name: lower case, without a dated snapshot suffix. */
export function canonicalModel(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/-\d{4}-\d{2}-\d{2}$/, '') // OpenAI snapshots: gpt-4o-2024-08-06
    .replace(/-\d{8}$/, ''); // Anthropic snapshots: claude-sonnet-4-5-20250929
}

export interface ResolvedModel extends ModelInfo {
  /** The name as the API gets it (unchanged: a dated snapshot stays pinned). */
  model: string;
  /** The table entry it matched, or undefined when the model is not in the table. */
  known?: string;
}

/**
 * What to send for a model. Unknown models (newer than this table, fine-tunes, anything a server
 * serves) get the safe choice for their vendor: no effort parameter, no `original` detail, a roomy
 * output limit and no price. Never throws.
 */
export function resolveModel(vendor: CloudVendor, model: string): ResolvedModel {
  const key = canonicalModel(model);
  const fineTuned = /^ft:([^:]+):/.exec(key); // ft:gpt-4o-2024-08-06:org::id uses its base model's rules
  const lookup = fineTuned ? canonicalModel(fineTuned[1]!) : key;
  const info = MODELS[lookup];
  if (info && info.vendor === vendor) return { ...info, model, known: lookup };
  return { vendor, efforts: [], originalDetail: false, maxOutputTokens: REASONING_OUT, model };
}

/** The most rows a table is given room for in the answer: a long invoice's page. */
export const TABLE_ROWS_BUDGET = 40;

/**
 * Output tokens one cell of a column takes in the answer, its key, quotes and comma included
 * (o200k and Claude tokenizers: a key is 1–3 tokens, digits go in groups of up to 3): a text cell
 * is a description of up to ~80 characters, a currency cell an object of its own.
 */
const CELL_TOKENS: Record<ColumnType, number> = {
  text: 24,
  number: 6,
  currency: 16,
  date: 10,
  email: 14,
  phone: 12,
  boolean: 5,
};

/**
 * The largest output limit sent: gpt-4o, gpt-4o-mini and gpt-5-chat-latest accept 16,384 output
 * tokens (more is a 400); every reasoning model in the table accepts at least 32,000.
 */
const PLAIN_CEILING = 16_384;
const REASONING_CEILING = 32_000;

/**
 * The output token limit for a request: the model's, plus room for TABLE_ROWS_BUDGET rows of each
 * table in the profile, so a long table is not cut at the limit (a cut answer is failed, never
 * saved short). Only what the model writes is billed; the limit is a ceiling.
 */
export function outputTokens(
  info: Pick<ModelInfo, 'maxOutputTokens'>,
  profile: Pick<Profile, 'fields'>,
): number {
  let table = 0;
  for (const field of profile.fields) {
    if (field.type !== 'table') continue;
    const row = (field.columns ?? []).reduce((n, column) => n + CELL_TOKENS[column.type], 2);
    table += TABLE_ROWS_BUDGET * row;
  }
  if (table === 0) return info.maxOutputTokens;
  const ceiling = info.maxOutputTokens > PLAIN_OUT ? REASONING_CEILING : PLAIN_CEILING;
  return Math.min(info.maxOutputTokens + table, ceiling);
}

/**
 * The effort to send: the lowest the model accepts, or, when a profile asks for more, the closest
 * accepted value at or above that (else the highest). Undefined: send no effort parameter.
 */
export function effortFor(info: Pick<ModelInfo, 'efforts'>, wanted?: Effort): Effort | undefined {
  if (info.efforts.length === 0) return undefined;
  if (!wanted) return info.efforts[0];
  if (info.efforts.includes(wanted)) return wanted;
  const rank = EFFORTS.indexOf(wanted);
  return info.efforts.find((e) => EFFORTS.indexOf(e) >= rank) ?? info.efforts[info.efforts.length - 1];
}

/** The detail actually sent: `original` becomes `high` where the model does not accept it. */
export function detailFor(info: Pick<ModelInfo, 'originalDetail'>, detail: Detail): Detail {
  return detail === 'original' && !info.originalDetail ? 'high' : detail;
}

/**
 * Estimated cost in USD of a request's reported usage, from the table or from `overrides` (keyed by
 * model name, dated or not). Undefined when no price is known, e.g. a model on a local server.
 */
export function costUsd(
  model: string,
  usage: Usage | undefined,
  overrides: Readonly<Record<string, Price>> = {},
): number | undefined {
  if (!usage) return undefined;
  const key = canonicalModel(model);
  const price = overrides[model] ?? overrides[key] ?? MODELS[key]?.price;
  if (!price) return undefined;
  const usd = (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
  return Math.round(usd * 1e8) / 1e8;
}
