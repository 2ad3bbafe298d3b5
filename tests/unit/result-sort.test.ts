import { describe, expect, it } from 'vitest';
import { collatorFor, compareSortValues, sortValue, type SortValue } from '../../src/core/store/sort.ts';

/** Values as SQLite's json_type / json_extract hand them over, sorted with the store's comparator. */
function sorted(
  values: [string | null, unknown][],
  direction: 'asc' | 'desc',
  locale = 'es-ES',
): SortValue[] {
  const collator = collatorFor(locale);
  return values
    .map(([type, raw]) => sortValue(type, raw))
    .sort((a, b) => compareSortValues(a, b, direction, collator));
}

describe('sorting by a field (core/store/sort.ts)', () => {
  it('compares numbers as numbers, not as text', () => {
    const out = sorted(
      [
        ['integer', 9],
        ['real', 10.5],
        ['integer', 100],
        ['real', -2],
      ],
      'asc',
    );
    expect(out).toEqual([9, 10.5, 100, -2].sort((a, b) => a - b).map((n) => ({ kind: 'number', n })));
  });

  it('compares amounts by their amount and tables by their number of rows', () => {
    expect(sortValue('object', JSON.stringify({ amount: 12.5, currency: 'EUR' }))).toEqual({
      kind: 'number',
      n: 12.5,
    });
    expect(sortValue('array', JSON.stringify([{ a: 1 }, { a: 2 }]))).toEqual({ kind: 'number', n: 2 });
    const out = sorted(
      [
        ['object', JSON.stringify({ amount: 1000, currency: 'EUR' })],
        ['object', JSON.stringify({ amount: 99.99, currency: null })],
        ['object', JSON.stringify({ amount: 250 })],
      ],
      'desc',
    );
    expect(out.map((v) => (v?.kind === 'number' ? v.n : null))).toEqual([1000, 250, 99.99]);
  });

  it('compares ISO dates as dates', () => {
    const out = sorted(
      [
        ['text', '2026-11-02'],
        ['text', '2025-12-31'],
        ['text', '2026-02-10T08:00:00Z'],
      ],
      'asc',
    );
    expect(out).toEqual([
      { kind: 'date', ms: Date.parse('2025-12-31T00:00:00Z') },
      { kind: 'date', ms: Date.parse('2026-02-10T08:00:00Z') },
      { kind: 'date', ms: Date.parse('2026-11-02T00:00:00Z') },
    ]);
  });

  it("orders text in the person's alphabet, numbers inside text by value", () => {
    const text = (v: SortValue) => (v?.kind === 'text' ? v.s : null);
    const words = ['zorro', 'Ñandú', 'nube', 'árbol', 'Obra'].map((s): [string, string] => ['text', s]);
    expect(sorted(words, 'asc', 'es-ES').map(text)).toEqual(['árbol', 'nube', 'Ñandú', 'Obra', 'zorro']);
    // In English, Ñ is an N with a mark: it sorts with the n's.
    expect(sorted(words, 'asc', 'en-US').map(text)).toEqual(['árbol', 'Ñandú', 'nube', 'Obra', 'zorro']);
    const refs = ['INV-10', 'INV-9', 'INV-100'].map((s): [string, string] => ['text', s]);
    expect(sorted(refs, 'desc').map(text)).toEqual(['INV-100', 'INV-10', 'INV-9']);
  });

  it('puts empty values last in either direction', () => {
    const values: [string | null, unknown][] = [
      ['null', null],
      ['integer', 2],
      [null, null],
      ['text', '  '],
      ['integer', 1],
    ];
    expect(sorted(values, 'asc')).toEqual([
      { kind: 'number', n: 1 },
      { kind: 'number', n: 2 },
      null,
      null,
      null,
    ]);
    expect(sorted(values, 'desc')).toEqual([
      { kind: 'number', n: 2 },
      { kind: 'number', n: 1 },
      null,
      null,
      null,
    ]);
  });

  it('falls back to the system alphabet for a language tag Intl cannot read', () => {
    expect(collatorFor('not a tag!').compare('a', 'b')).toBeLessThan(0);
  });
});
