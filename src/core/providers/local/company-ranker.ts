import { ADDRESS_WORDS, COMPANY_SUFFIXES } from './labels.ts';
import { HEADER_TOP } from './match-header.ts';
import type { Candidate, Line } from './match-text.ts';
import type { OcrPage } from './ocr.ts';
import shipped from './company-ranker.json' with { type: 'json' };

/**
 * Which of a page's company candidates is the company: a small model learned from receipts
 * rather than more hand rules. Each candidate the matcher collects (header lines, lines after a
 * "Company:" label, two-line names) is described by a few measurements of place, size and shape,
 * and the one whose weighted sum is highest wins: a conditional logit. Its weights
 * (company-ranker.json) are fitted on the 100 SROIE receipts the matcher's rules were written on
 * by `bench/company-ranker-fit.ts` (`npx node bench/accuracy.ts --fit`), and the accuracy
 * benchmark measures them by 5-fold cross-validation over all the receipts it has.
 */

/**
 * The measurements, in the order of the weights. Each lies in 0..1 (or a little past it). No
 * constant term: only differences between a page's candidates decide, and it would cancel.
 */
export const FEATURES = [
  /** The matcher's own hand-made score (label, suffix, prominence, order). */
  'handScore',
  'ocrConfidence',
  /** Centre height on the page: names sit at the top. */
  'top',
  /** How many lines above it, of the first ten. */
  'linesAbove',
  /** Letter height against the header's median: names are printed large. */
  'height',
  'legalSuffix',
  'letterShare',
  'upperShare',
  'words',
  'hasDigit',
  'addressWords',
  /** Horizontally centred (1) or at an edge (0). */
  'centred',
  'twoLines',
  /** Printed again elsewhere on the page ("Thank you for shopping at ..."). */
  'repeated',
  /** Characters, of 40. */
  'length',
] as const;
export type Feature = (typeof FEATURES)[number];

export interface RankerWeights {
  features: readonly string[];
  weights: readonly number[];
}

/** What the measurements compare a candidate with: its page, measured once for all of them. */
export interface RankedPage {
  page: OcrPage;
  lines: readonly Line[];
  /** The median height of the header's lines (undefined when the header has none). */
  headerHeight: number | undefined;
}

export function rankedPage(page: OcrPage, lines: readonly Line[]): RankedPage {
  const heights = lines
    .filter((l) => l.box.y < page.height * HEADER_TOP)
    .map((l) => l.box.h)
    .sort((a, b) => a - b);
  return { page, lines, headerHeight: heights[heights.length >> 1] };
}

/** The measurements of one candidate on its page, in FEATURES order. */
export function companyFeatures(c: Candidate, { page, lines, headerHeight }: RankedPage): number[] {
  const value = String(c.value);
  const upper = value.toUpperCase();
  const chars = value.replace(/\s/g, '');
  const letters = chars.match(/\p{L}/gu) ?? [];
  const median = headerHeight ?? c.box.h;
  const cx = c.box.x + c.box.w / 2;
  const f: Record<Feature, number> = {
    handScore: Math.min(1.5, c.score),
    ocrConfidence: c.ocr,
    top: (c.box.y + c.box.h / 2) / Math.max(1, page.height),
    linesAbove: Math.min(10, c.line) / 10,
    // A two-line name's box is two lines tall: its letters are half that.
    height: Math.min(3, c.box.h / (c.text.includes('\n') ? 2 : 1) / Math.max(1, median)),
    legalSuffix: COMPANY_SUFFIXES.test(upper) ? 1 : 0,
    letterShare: chars.length === 0 ? 0 : letters.length / chars.length,
    upperShare:
      letters.length === 0 ? 0 : letters.filter((l) => l !== l.toLowerCase()).length / letters.length,
    words: Math.min(8, value.split(/\s+/).length) / 8,
    hasDigit: /\d/.test(value) ? 1 : 0,
    addressWords: ADDRESS_WORDS.test(upper) ? 1 : 0,
    centred: 1 - Math.min(1, Math.abs(cx - page.width / 2) / Math.max(1, page.width / 2)),
    twoLines: c.text.includes('\n') ? 1 : 0,
    repeated: repeatedOn(lines, c) ? 1 : 0,
    length: Math.min(40, value.length) / 40,
  };
  return FEATURES.map((name) => f[name]);
}

/** Whether the candidate's letters appear in a line it was not read from. */
function repeatedOn(lines: readonly Line[], c: Candidate): boolean {
  const bare = (t: string) => t.toUpperCase().replace(/[^\p{L}\d]/gu, '');
  const name = bare(String(c.value));
  if (name.length < 4) return false;
  const own = c.text.split('\n').length;
  return lines.some((l) => (l.index < c.line || l.index >= c.line + own) && bare(l.text).includes(name));
}

export function rankScore(features: readonly number[], model: RankerWeights): number {
  return features.reduce((sum, x, i) => sum + x * (model.weights[i] ?? 0), 0);
}

/** The index of the candidate (its measurements) the weights score highest; -1 for none. */
export function chooseIndex(candidates: readonly (readonly number[])[], model: RankerWeights): number {
  let best = -1;
  let bestScore = -Infinity;
  candidates.forEach((features, i) => {
    const score = rankScore(features, model);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best;
}

/** The shipped weights, checked against the features this build measures. */
export const SHIPPED_RANKER: RankerWeights = (() => {
  const model = shipped as RankerWeights;
  if (model.features.join() !== FEATURES.join())
    throw new Error(
      'company-ranker.json was fitted on other features: refit it (npx node bench/accuracy.ts --fit)',
    );
  return model;
})();

/** The company among the candidates (already filtered): the one the shipped weights score highest. */
export function bestCompany(
  candidates: readonly Candidate[],
  page: OcrPage,
  lines: readonly Line[],
): Candidate | undefined {
  const ranked = rankedPage(page, lines);
  return candidates[
    chooseIndex(
      candidates.map((c) => companyFeatures(c, ranked)),
      SHIPPED_RANKER,
    )
  ];
}
