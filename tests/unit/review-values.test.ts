import { describe, expect, it } from 'vitest';
import type { FieldMeta, Result } from '../../src/shared/result.ts';
import { boxesOn, otherReadings, reviewOfValues } from '../../src/renderer/src/history/review.ts';

const box = { x: 10, y: 20, w: 30, h: 8 };
const meta = (fieldMeta: Record<string, FieldMeta>, document?: Result['document']) =>
  ({ fieldMeta, ...(document ? { document } : {}) }) as Pick<Result, 'fieldMeta' | 'document'>;

describe('what History says about each value', () => {
  it('flags a value not on the page, and one of low confidence nobody settled', () => {
    const reviews = reviewOfValues(
      meta({
        total: { grounded: false },
        date: { confidence: 0.3, evidence: box },
        vendor: { confidence: 0.6, evidence: box },
        number: { confidence: 0.95, evidence: box },
        // Settled by a person: a confirmation, a correction, a corrected table.
        tax: { grounded: false, reviewedAt: '2026-01-01T00:00:00.000Z' },
        due: { confidence: 0.2, editedAt: '2026-01-01T00:00:00.000Z', original: null },
        items: { editedAt: '2026-01-01T00:00:00.000Z', original: [] },
        'items[0].amount': { confidence: 0.1 },
        'lines[1].amount': { grounded: false },
      }),
    );
    expect(Object.fromEntries(reviews)).toEqual({
      total: { flag: 'notOnPage', level: 'low' },
      date: { flag: 'lowConfidence', level: 'low' },
      vendor: { level: 'medium' },
      number: { level: 'high' },
      tax: { level: 'low' },
      due: { level: 'low' },
      items: {},
      'items[0].amount': { level: 'low' },
      'lines[1].amount': { flag: 'notOnPage', level: 'low' },
    });
  });

  it('flags a value left empty as not on the page, and a second opinion that differs only by its confidence', () => {
    const disagrees = { value: 'INV-1', agrees: false };
    const reviews = reviewOfValues(
      meta({
        number: { grounded: false, dropped: 'INV-40404' },
        sure: { confidence: 0.9, secondOpinion: disagrees },
        unsure: { confidence: 0.3, secondOpinion: disagrees },
      }),
    );
    expect(Object.fromEntries(reviews)).toEqual({
      number: { flag: 'notOnPage', level: 'low' },
      sure: { level: 'high' },
      unsure: { flag: 'lowConfidence', level: 'low' },
    });
  });

  it("offers the model's answer left out and the offline engine's differing one, until a person corrects the value", () => {
    expect(
      otherReadings({
        grounded: false,
        dropped: 'INV-40404',
        secondOpinion: { value: 'INV-4040', agrees: false },
      }),
    ).toEqual([
      { kind: 'dropped', value: 'INV-40404' },
      { kind: 'secondOpinion', value: 'INV-4040' },
    ]);
    // Agreeing, or nothing read, is nothing else to take.
    expect(otherReadings({ secondOpinion: { value: 12, agrees: true } })).toEqual([]);
    expect(otherReadings({ dropped: null, secondOpinion: { value: null, agrees: false } })).toEqual([]);
    expect(otherReadings(undefined)).toEqual([]);
    // Corrected (Use it is a correction too): the person's value stands.
    expect(
      otherReadings({ dropped: 'INV-40404', original: null, editedAt: '2026-12-03T08:00:00.000Z' }),
    ).toEqual([]);
  });

  it('puts each box on its picture, drawn by what the value needs', () => {
    const result = meta(
      {
        a: { evidence: box, page: 2, confidence: 0.9 },
        b: { evidence: box, confidence: 0.6 },
        c: { evidence: box, page: 2, confidence: 0.2 },
        d: { grounded: false },
      },
      {
        pageCount: 3,
        pages: [
          { page: 1, from: 'text', width: 100, height: 100 },
          { page: 2, from: 'text', width: 100, height: 100 },
        ],
      },
    );
    const reviews = reviewOfValues(result);
    // Evidence without a page is on the document's first page read.
    expect(boxesOn(result, reviews, 1)).toEqual([{ key: 'b', box, kind: 'medium' }]);
    expect(boxesOn(result, reviews, 2)).toEqual([
      { key: 'a', box, kind: 'plain' },
      { key: 'c', box, kind: 'review' },
    ]);
    // An image: every box.
    expect(boxesOn(meta(result.fieldMeta), reviews, undefined).map((b) => b.key)).toEqual(['a', 'b', 'c']);
  });
});
