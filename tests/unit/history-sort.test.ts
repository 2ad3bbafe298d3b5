import { describe, expect, it } from 'vitest';
import { DEFAULT_SORT } from '../../src/renderer/src/history/table-columns.ts';
import { sortFrom } from '../../src/renderer/src/history/view.ts';

describe("History's table order as stored in the window (renderer/src/history/view.ts)", () => {
  it('reads back a stored sort, and the default for nothing, the default itself or what does not parse', () => {
    const byTotal = { by: 'field', key: 'total', direction: 'desc', locale: 'es' } as const;
    expect(sortFrom(JSON.stringify(byTotal))).toEqual(byTotal);
    expect(sortFrom(JSON.stringify({ by: 'status', direction: 'asc' }))).toEqual({
      by: 'status',
      direction: 'asc',
    });
    // The default is the same object, so the window sends the store no sort for it.
    expect(sortFrom(null)).toBe(DEFAULT_SORT);
    expect(sortFrom(JSON.stringify({ by: 'createdAt', direction: 'desc' }))).toBe(DEFAULT_SORT);
    expect(sortFrom('{"by":')).toBe(DEFAULT_SORT);
    expect(sortFrom(JSON.stringify({ by: 'colour', direction: 'asc' }))).toBe(DEFAULT_SORT);
    expect(sortFrom(JSON.stringify({ by: 'field', key: '', direction: 'asc' }))).toBe(DEFAULT_SORT);
  });
});
