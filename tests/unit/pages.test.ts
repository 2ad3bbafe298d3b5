import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/shared/errors.ts';
import { formatPages, formatRange, pagesIn, parsePageRange } from '../../src/shared/pages.ts';

describe('--pages', () => {
  it('reads single pages, ranges, lists and open ends, each page once and in order', () => {
    expect(pagesIn(parsePageRange('2'), 5)).toEqual([2]);
    expect(pagesIn(parsePageRange('1-3'), 5)).toEqual([1, 2, 3]);
    expect(pagesIn(parsePageRange('1, 4-6'), 5)).toEqual([1, 4, 5]);
    expect(pagesIn(parsePageRange('4-'), 6)).toEqual([4, 5, 6]);
    expect(pagesIn(parsePageRange('2,1-3'), 5)).toEqual([2, 1, 3]);
    expect(pagesIn(parsePageRange('7-9'), 5)).toEqual([]);
    expect(pagesIn(undefined, 3)).toEqual([1, 2, 3]);
  });

  it('refuses what is not a range with one sentence that shows the forms that work', () => {
    for (const bad of ['', '0', '3-1', 'a', '1-2-3', '-2', '1;2']) {
      expect(() => parsePageRange(bad)).toThrow(UserError);
    }
    expect(() => parsePageRange('3-1')).toThrow(/such as 2, 1-3, 1,4-6 or 5- \(got "3-1"\)/);
  });

  it('says page lists back compactly', () => {
    expect(formatPages([1, 2, 3, 5, 7, 8])).toBe('1-3, 5, 7-8');
    expect(formatPages([4])).toBe('4');
    expect(formatRange(parsePageRange('5-9,2, 7-'))).toBe('5-9, 2, 7-');
  });
});
