import type { FieldMeta } from './result.ts';

/** How sure Extracto is of a value, in the three words a person reviewing acts on. */
export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];

/**
 * Where `fieldMeta.confidence` turns from one level to the next. The number itself comes from
 * measured signals (core/grounding/confidence.ts); these cut-offs are what BENCHMARKS.md checks
 * against how often values at each level were right.
 */
export const LEVEL_FROM = { high: 0.8, medium: 0.5 } as const;

/**
 * A value's level: low when a model's value is not on the page at all, whatever else is known;
 * else from its confidence. Undefined when nothing was measured (an old result, a value typed by
 * a person).
 */
export function confidenceLevel(
  meta: Pick<FieldMeta, 'confidence' | 'grounded'> | undefined,
): ConfidenceLevel | undefined {
  if (meta?.grounded === false) return 'low';
  const confidence = meta?.confidence;
  if (confidence === undefined) return undefined;
  return confidence >= LEVEL_FROM.high ? 'high' : confidence >= LEVEL_FROM.medium ? 'medium' : 'low';
}
