import type { Check } from '../../shared/result.ts';
import type { SecondOpinion } from './second-opinion.ts';

/** What was measured about one value a remote model returned. */
export interface Signals {
  /** Found among the page's words (core/grounding/ground.ts). */
  grounded: boolean;
  /** The OCR's own confidence in the words it was found in, 0..1. */
  ocr?: number | undefined;
  /** The offline engine's reading of the same field, where it had one. */
  secondOpinion?: SecondOpinion | undefined;
  /** A check on the numbers that compared this value failed (core/checks). */
  failedCheck: boolean;
}

/** A value not on the page: a model's word against the page's. */
const NOT_ON_PAGE = 0.1;
/** The offline engine read another value for the field: one of the two picked the wrong one. */
const DISAGREES = 0.7;
/** The numbers this value was checked with do not add up: one of them is wrong. */
const CHECK_FAILED = 0.6;

/**
 * A remote model's value's confidence, 0..1, from the signals only (see the README's table): the
 * OCR's confidence in the words it was found in, lifted half way to certain when the offline engine
 * read the same value there, lowered when it read another or a check on the numbers failed; a value
 * not on the page is 0.1 whatever else is known. A value that is not valid for its type never gets
 * here: the answer is repaired, or fails, before it is grounded.
 */
export function confidenceFrom(signals: Signals): number {
  if (!signals.grounded) return NOT_ON_PAGE;
  let c = signals.ocr ?? 1;
  if (signals.secondOpinion?.agrees === true) c += (1 - c) / 2;
  if (signals.secondOpinion?.agrees === false) c *= DISAGREES;
  if (signals.failedCheck) c *= CHECK_FAILED;
  return Math.round(c * 100) / 100;
}

/** The keys (fields, and cells as items[2].amount) that a failed check compared. */
export function failedCheckKeys(checks: readonly Check[]): Set<string> {
  return new Set(checks.filter((c) => !c.ok).flatMap((c) => c.fields));
}
