import { usageError } from '../../shared/errors.ts';
import type { Detail, ProviderId } from '../../shared/result.ts';
import { resolveModel } from '../providers/models.ts';

/**
 * How each model family sizes and bills an image. Providers change these rules; they live in one
 * dated table (not in branches of code) so that updating them is an edit to data, and so that
 * `extracto tokens` can say which date its figures are from.
 */
export const TOKEN_RULES_AS_OF = '2026-11';

/** OpenAI's tile rule (gpt-4o, gpt-4.1, gpt-5, gpt-5.1): a base price plus a price per 512-px tile. */
interface TileRule {
  kind: 'tile';
  base: number;
  perTile: number;
}

/** OpenAI's 32-px patch rule (gpt-5.2 and later, gpt-4.1-mini/nano, o4-mini). */
interface PatchRule {
  kind: 'patch';
  multiplier: number;
}

/** Anthropic's 28-px patch rule: the long edge fits the tier, then the tokens are capped. */
interface AnthropicRule {
  kind: 'anthropic';
  longEdge: number;
  tokenCap: number;
}

/** Servers that do not publish a rule (Ollama, LM Studio): a size cap and a patch estimate. */
interface CompatibleRule {
  kind: 'compatible';
  longEdge: number;
}

interface LocalRule {
  kind: 'local';
}

type SizingRule = TileRule | PatchRule | AnthropicRule | CompatibleRule | LocalRule;

export interface TokenRule {
  provider: ProviderId;
  /** Matched against the model name; the first matching row wins, so specific rows come first. */
  model: RegExp;
  label: string;
  rule: SizingRule;
  /** True when the figure is our guess rather than the provider's published rule. */
  estimate?: boolean;
}

const GPT5_PATCH = 1.2;

/** First match wins. Anchored at the start so dated snapshots ("gpt-4o-2024-08-06") match too. */
// prettier-ignore
const TOKEN_RULES: readonly TokenRule[] = [
  { provider: 'openai', model: /^gpt-4\.1-mini/, label: 'gpt-4.1-mini', rule: { kind: 'patch', multiplier: 1.62 } },
  { provider: 'openai', model: /^gpt-4\.1-nano/, label: 'gpt-4.1-nano', rule: { kind: 'patch', multiplier: 2.46 } },
  { provider: 'openai', model: /^o4-mini/, label: 'o4-mini', rule: { kind: 'patch', multiplier: 1.72 } },
  { provider: 'openai', model: /^gpt-4o/, label: 'gpt-4o', rule: { kind: 'tile', base: 85, perTile: 170 } },
  { provider: 'openai', model: /^gpt-4\.1/, label: 'gpt-4.1', rule: { kind: 'tile', base: 85, perTile: 170 } },
  // gpt-5.4 and later (gpt-5.4, gpt-5.5, gpt-5.10 …, gpt-6 …): patches. Which models take the
  // `original` detail is the model table's (providers/models.ts) to say, not this one's.
  { provider: 'openai', model: /^gpt-5\.(?:[4-9]|\d{2,})(?:\D|$)/, label: 'gpt-5.4+', rule: { kind: 'patch', multiplier: GPT5_PATCH } },
  { provider: 'openai', model: /^gpt-(?:[6-9]|\d{2,})(?:\D|$)/, label: 'gpt-6+', rule: { kind: 'patch', multiplier: GPT5_PATCH } },
  { provider: 'openai', model: /^gpt-5\.[23](?:\D|$)/, label: 'gpt-5.2', rule: { kind: 'patch', multiplier: GPT5_PATCH } },
  { provider: 'openai', model: /^gpt-5(?:\.1)?(?:-|$)/, label: 'gpt-5', rule: { kind: 'tile', base: 70, perTile: 140 } },
  // An OpenAI model this table does not know yet: the current (patch) rule, flagged as a guess.
  { provider: 'openai', model: /./, label: 'openai (unknown model)', rule: { kind: 'patch', multiplier: GPT5_PATCH }, estimate: true },
  // High-resolution tier: claude-opus-4-7 and later, and every 5.x model.
  { provider: 'anthropic', model: /^claude-opus-4-[7-9](?:-|$)/, label: 'claude high-resolution tier', rule: { kind: 'anthropic', longEdge: 2576, tokenCap: 4784 } },
  { provider: 'anthropic', model: /^claude-(?:opus|sonnet|haiku)-(?:[5-9]|\d{2,})(?:-|$)/, label: 'claude high-resolution tier', rule: { kind: 'anthropic', longEdge: 2576, tokenCap: 4784 } },
  // Standard tier: claude-sonnet-4-6, claude-haiku-4-5 and older (also the claude-3-x names).
  { provider: 'anthropic', model: /./, label: 'claude standard tier', rule: { kind: 'anthropic', longEdge: 1568, tokenCap: 1568 } },
  { provider: 'openai-compatible', model: /./, label: 'openai-compatible (estimate)', rule: { kind: 'compatible', longEdge: 1536 }, estimate: true },
  { provider: 'local', model: /./, label: 'local engine', rule: { kind: 'local' } },
];

/** OpenAI's patch budgets. `low` is not published for patch models: 256 patches is the 512x512 of the tile rule's low. */
const PATCH_BUDGET = { low: 256, high: 2500, original: 10_000 } as const;
/** `original` still has a ceiling: no side above 6000 px. */
const ORIGINAL_MAX_SIDE = 6000;
const LOW_BOX = 512;

export interface Size {
  width: number;
  height: number;
}

export interface ImageEstimate extends Size {
  tokens: number;
  /** `auto` resolved to what will be sent. */
  detail: Detail;
  /** True when the provider publishes no rule and the tokens are our estimate. */
  estimate: boolean;
  /** The table row that applied, e.g. "gpt-4o". */
  rule: string;
}

export function findRule(provider: ProviderId, model: string): TokenRule {
  const row = TOKEN_RULES.find((r) => r.provider === provider && r.model.test(model));
  // Every provider ends with a catch-all row, so this only fires if the table is edited wrongly.
  if (!row) throw new Error(`No token rule for ${provider} ${model}`);
  return row;
}

/**
 * `auto`: high when fitting the image into 512x512 would shrink it by more than 2x. Screen text is
 * 12-16 px tall; shrunk more than 2x it falls below ~7 px, where models misread digits. So a small
 * crop (up to 1024 px on its long edge) goes low and a full 1080p or 4K screen goes high.
 */
export function resolveAutoDetail(size: Size): 'low' | 'high' {
  const scale = Math.min(LOW_BOX / size.width, LOW_BOX / size.height);
  return scale < 0.5 ? 'high' : 'low';
}

/** Scales down (never up) so the image fits in maxWidth x maxHeight, keeping the aspect ratio. */
function fitWithin(size: Size, maxWidth: number, maxHeight: number): Size {
  const scale = Math.min(1, maxWidth / size.width, maxHeight / size.height);
  return scaled(size, scale);
}

function scaled(size: Size, scale: number): Size {
  if (scale >= 1) return { width: size.width, height: size.height };
  return {
    width: Math.max(1, Math.round(size.width * scale)),
    height: Math.max(1, Math.round(size.height * scale)),
  };
}

const patches = (size: Size, px: number): number => Math.ceil(size.width / px) * Math.ceil(size.height / px);

function tileSize(size: Size, detail: 'low' | 'high'): Size {
  if (detail === 'low') return fitWithin(size, LOW_BOX, LOW_BOX);
  const fitted = fitWithin(size, 2048, 2048);
  const short = Math.min(fitted.width, fitted.height);
  return short > 768 ? scaled(fitted, 768 / short) : fitted;
}

/**
 * OpenAI's documented shrink for patch models: scale by sqrt(budget / patches), then a little
 * more so that whole patches (floor) fit the budget on both sides.
 */
function patchSize(size: Size, budget: number, maxSide: number): Size {
  let s = fitWithin(size, maxSide, maxSide);
  if (patches(s, 32) <= budget) return s;
  const shrink = Math.sqrt((32 * 32 * budget) / (s.width * s.height));
  const w = (s.width * shrink) / 32;
  const h = (s.height * shrink) / 32;
  const adjusted = shrink * Math.min(Math.floor(w) / w, Math.floor(h) / h);
  s = scaled(s, adjusted);
  // Rounding can still leave a partial patch over the budget: step down a pixel at a time.
  while (patches(s, 32) > budget)
    s = scaled(size, (Math.max(s.width, s.height) - 1) / Math.max(size.width, size.height));
  return s;
}

/**
 * Anthropic: fit the long edge to the tier, then, while the 28-px patches exceed the cap, take the
 * largest long edge that fits it (short edge rounded). 1920x1080 on the standard tier gives
 * 1456x819 = 52 x 30 = 1560 tokens.
 */
function anthropicSize(size: Size, longEdge: number, cap: number): Size {
  const long = Math.max(size.width, size.height);
  const start = Math.min(long, longEdge);
  // Token count only grows with the long edge, so a binary search finds the largest that fits.
  let lo = 1;
  let hi = start;
  if (patches(scaled(size, start / long), 28) <= cap) return scaled(size, start / long);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (patches(scaled(size, mid / long), 28) <= cap) lo = mid;
    else hi = mid - 1;
  }
  return scaled(size, lo / long);
}

function checkSize(size: Size): void {
  const ok = (n: number): boolean => Number.isInteger(n) && n > 0 && n <= 100_000;
  if (!ok(size.width) || !ok(size.height)) {
    throw usageError('image.badSize', { width: String(size.width), height: String(size.height) });
  }
}

/**
 * The size an image is sent at and the input tokens it is billed, for a provider, model and
 * detail. Pure: the CLI's `extracto tokens --size WxH` and the imaging worker share it.
 */
export function estimateImage(
  size: Size,
  request: { provider: ProviderId; model: string; detail: Detail },
): ImageEstimate {
  checkSize(size);
  const row = findRule(request.provider, request.model);
  const rule = row.rule;
  const estimate = row.estimate ?? false;
  if (rule.kind === 'local') {
    return { ...size, tokens: 0, detail: 'original', estimate: false, rule: row.label };
  }
  if (
    request.detail === 'original' &&
    !(request.provider === 'openai' && resolveModel('openai', request.model).originalDetail)
  ) {
    throw usageError('image.originalDetail', { model: request.model });
  }
  const detail: Detail = request.detail === 'auto' ? resolveAutoDetail(size) : request.detail;
  const result = (out: Size, tokens: number): ImageEstimate => ({
    ...out,
    tokens,
    detail,
    estimate,
    rule: row.label,
  });

  switch (rule.kind) {
    case 'tile': {
      const out = tileSize(size, detail === 'low' ? 'low' : 'high');
      if (detail === 'low') return result(out, rule.base);
      return result(out, rule.base + rule.perTile * patches(out, 512));
    }
    case 'patch': {
      const original = detail === 'original';
      const budget = original
        ? PATCH_BUDGET.original
        : detail === 'low'
          ? PATCH_BUDGET.low
          : PATCH_BUDGET.high;
      const out = patchSize(size, budget, original ? ORIGINAL_MAX_SIDE : Number.POSITIVE_INFINITY);
      return result(out, Math.ceil(patches(out, 32) * rule.multiplier));
    }
    case 'anthropic': {
      // Anthropic has no detail knob; `low` is our own choice to send a 512x512-box image.
      const out =
        detail === 'low'
          ? fitWithin(size, LOW_BOX, LOW_BOX)
          : anthropicSize(size, rule.longEdge, rule.tokenCap);
      return result(out, patches(out, 28));
    }
    case 'compatible': {
      const out =
        detail === 'low' ? fitWithin(size, LOW_BOX, LOW_BOX) : fitWithin(size, rule.longEdge, rule.longEdge);
      return result(out, patches(out, 32));
    }
  }
}
