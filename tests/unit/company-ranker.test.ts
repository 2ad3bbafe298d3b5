import { describe, expect, it } from 'vitest';
import {
  bestCompany,
  chooseIndex,
  companyFeatures,
  FEATURES,
  rankedPage,
  SHIPPED_RANKER,
} from '../../src/core/providers/local/company-ranker.ts';
import { candidatePool } from '../../src/core/providers/local/matcher.ts';
import { prepareLines } from '../../src/core/providers/local/match-text.ts';
import type { OcrLine, OcrPage } from '../../src/core/providers/local/ocr.ts';
import { crossValidate, fitRanker, type RankSample } from '../../bench/company-ranker-fit.ts';
import type { Field } from '../../src/shared/field.ts';

/** A line of words laid out from x, `size` px tall and 0.6 of that per character. */
function line(text: string, x: number, y: number, size = 20, confidence = 0.95): OcrLine {
  const w = Math.round(text.length * size * 0.6);
  return { text, confidence, box: { x, y, w, h: size }, words: [] };
}

const page = (...lines: OcrLine[]): OcrPage => ({ width: 600, height: 900, lines, engine: 'test' });
const company: Field = { key: 'company', label: 'company', type: 'text' };

describe('the company ranker', () => {
  it('ships weights for exactly the measurements this build takes', () => {
    expect(SHIPPED_RANKER.features).toEqual([...FEATURES]);
    expect(SHIPPED_RANKER.weights).toHaveLength(FEATURES.length);
  });

  it('chooses the large name with a legal suffix over a greeting and a branch line', () => {
    const receipt = page(
      line('Thank you, welcome', 200, 0, 14),
      line('SUNRISE STATIONERY SDN BHD', 120, 60, 28),
      line('Kepong Branch', 230, 100, 16),
      line('12, Jalan Kepong, 52100 Kuala Lumpur', 100, 115, 16),
      line('TEL: 03-6273 1234', 200, 140, 16),
    );
    const lines = prepareLines(receipt);
    const pool = candidatePool(receipt, company, lines);
    expect(pool.length).toBeGreaterThan(1);
    expect(bestCompany(pool, receipt, lines)?.value).toBe('SUNRISE STATIONERY SDN BHD');
    // By what it measures, not by the order the candidates come in.
    expect(bestCompany([...pool].reverse(), receipt, lines)?.value).toBe('SUNRISE STATIONERY SDN BHD');
  });

  it('measures size against the header, a two-line name by its letters', () => {
    const receipt = page(
      line('KEDAI RUNCIT', 150, 40, 30),
      line('12 JALAN BESAR', 150, 80, 15),
      line('52100 KEPONG', 150, 100, 15),
    );
    const lines = prepareLines(receipt);
    const one = {
      value: 'KEDAI RUNCIT',
      score: 0.5,
      ocr: 0.9,
      box: lines[0]!.box,
      text: 'KEDAI RUNCIT',
      line: 0,
    };
    const two = { ...one, box: { ...one.box, h: 60 }, text: 'KEDAI\nRUNCIT' };
    const height = FEATURES.indexOf('height');
    expect(companyFeatures(one, rankedPage(receipt, lines))[height]).toBeCloseTo(2, 5);
    expect(companyFeatures(two, rankedPage(receipt, lines))[height]).toBeCloseTo(2, 5);
  });
});

describe('fitting the company ranker', () => {
  /** Pages of four candidates; the right one is marked by one measurement, the rest is noise. */
  function samples(count: number, marker: number): RankSample[] {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    return Array.from({ length: count }, (_, i) => {
      const right = i % 4;
      const features = [0, 1, 2, 3].map((c) =>
        FEATURES.map((_, k) => (k === marker ? (c === right ? 0.9 : 0.1) + 0.2 * random() : random())),
      );
      return { id: `r${i}`, features, right: features.map((_, c) => c === right) };
    });
  }

  it('learns which measurement marks the company, and chooses by it on pages it did not see', () => {
    const marker = FEATURES.indexOf('legalSuffix');
    const model = fitRanker(samples(60, marker));
    const strongest = model.weights.reduce((best, w, k) => (w > model.weights[best]! ? k : best), 0);
    expect(strongest).toBe(marker);
    const unseen = samples(40, marker).map((s) => ({ ...s, id: `u${s.id}` }));
    expect(unseen.every((s) => s.right[chooseIndex(s.features, model)])).toBe(true);
  });

  it('cross-validates: every page chosen by weights fitted without it', () => {
    const data = samples(50, FEATURES.indexOf('height'));
    const chosen = crossValidate(data, 5);
    expect([...chosen.keys()].sort()).toEqual(data.map((s) => s.id).sort());
    expect(data.filter((s) => s.right[chosen.get(s.id)!]).length).toBeGreaterThanOrEqual(48);
  });
});
