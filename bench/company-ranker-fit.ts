/**
 * Fitting the company ranker (src/core/providers/local/company-ranker.ts) and measuring it the
 * honest way: k-fold cross-validation, each receipt's company chosen by weights fitted on the
 * other folds only.
 *
 * The model is a conditional logit: on a page, candidate i is the company with probability
 * exp(w·xᵢ) / Σⱼ exp(w·xⱼ). The weights maximise the log of the probability given to the right
 * candidates (several may be right: the same name read from two lines), with an L2 penalty, by
 * plain gradient descent: a few hundred receipts of a dozen measurements fit in milliseconds.
 */
import type { Field } from '../src/shared/field.ts';
import type { FieldValue } from '../src/shared/result.ts';
import {
  chooseIndex,
  companyFeatures,
  FEATURES,
  rankedPage,
  type RankerWeights,
} from '../src/core/providers/local/company-ranker.ts';
import { candidatePool } from '../src/core/providers/local/matcher.ts';
import { prepareLines } from '../src/core/providers/local/match-text.ts';
import type { OcrPage } from '../src/core/providers/local/ocr.ts';

/** One receipt's company candidates: their measurements, and which of them are right. */
export interface RankSample {
  id: string;
  features: number[][];
  right: boolean[];
}

/**
 * One page's company candidates as the matcher collects them for a plain "company" field (the
 * hand scores' order: the first is what the hand scores alone would choose), judged by `isRight`.
 */
export function companySample(
  id: string,
  page: OcrPage,
  isRight: (value: FieldValue) => boolean,
): RankSample {
  const field: Field = { key: 'company', label: 'company', type: 'text' };
  const lines = prepareLines(page);
  const pool = candidatePool(page, field, lines);
  const ranked = rankedPage(page, lines);
  return {
    id,
    features: pool.map((c) => companyFeatures(c, ranked)),
    right: pool.map((c) => isRight(c.value)),
  };
}

const L2 = 0.01;
const STEPS = 3000;
const RATE = 0.5;

export function fitRanker(samples: readonly RankSample[]): RankerWeights {
  // Pages with no right candidate, or only right ones, say nothing about which to prefer.
  const useful = samples.filter((s) => s.right.some(Boolean) && !s.right.every(Boolean));
  const w = new Array<number>(FEATURES.length).fill(0);
  const grad = new Array<number>(FEATURES.length);
  for (let step = 0; step < STEPS; step++) {
    grad.fill(0);
    for (const s of useful) {
      const scores = s.features.map((x) => x.reduce((sum, v, k) => sum + v * w[k]!, 0));
      const top = Math.max(...scores);
      const p = scores.map((z) => Math.exp(z - top));
      const all = p.reduce((a, b) => a + b, 0);
      const right = p.reduce((a, v, i) => a + (s.right[i] ? v : 0), 0);
      // d(-log Σ_right p)/dw = Σᵢ (pᵢ - qᵢ) xᵢ, q being p among the right candidates only.
      s.features.forEach((x, i) => {
        const d = p[i]! / all - (s.right[i] ? p[i]! / right : 0);
        x.forEach((v, k) => (grad[k]! += d * v));
      });
    }
    for (let k = 0; k < w.length; k++)
      w[k]! -= RATE * (grad[k]! / Math.max(1, useful.length) + 2 * L2 * w[k]!);
  }
  return { features: [...FEATURES], weights: w.map((v) => Math.round(v * 1e4) / 1e4) };
}

/**
 * k-fold cross-validation: receipts dealt into k folds in the order given, each fold's choices
 * made by weights fitted on the others. Keyed by receipt id: the index chosen.
 */
export function crossValidate(samples: readonly RankSample[], k = 5): Map<string, number> {
  const out = new Map<string, number>();
  for (let fold = 0; fold < k; fold++) {
    const model = fitRanker(samples.filter((_, i) => i % k !== fold));
    samples.forEach((s, i) => {
      if (i % k === fold) out.set(s.id, chooseIndex(s.features, model));
    });
  }
  return out;
}
