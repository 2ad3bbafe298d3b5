import { describe, expect, it } from 'vitest';
import {
  hasFilters,
  NO_FILTERS,
  rangeDays,
  toResultFilter,
  type Filters,
} from '../../src/renderer/src/history/filters.ts';

const range = (r: Filters['range'], from = '', to = '') => ({ range: r, from, to });

describe('History date ranges, counted in the person’s own calendar', () => {
  // Local dates throughout, whatever the zone: a 3 January shows the year and month turning back.
  const today = new Date(2027, 0, 3, 15, 30);

  it('names each range by its first and last day, across a month and a year', () => {
    expect(rangeDays(range('any'), today)).toEqual({ from: '', to: '' });
    expect(rangeDays(range('today'), today)).toEqual({ from: '2027-01-03', to: '2027-01-03' });
    expect(rangeDays(range('last7'), today)).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(rangeDays(range('last30'), today)).toEqual({ from: '2026-12-05', to: '2027-01-03' });
    expect(rangeDays(range('thisMonth'), today)).toEqual({ from: '2027-01-01', to: '2027-01-03' });
    expect(rangeDays(range('lastMonth'), today)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(rangeDays(range('lastMonth'), new Date(2028, 2, 10))).toEqual({
      from: '2028-02-01',
      to: '2028-02-29',
    });
    expect(rangeDays(range('custom', '2026-05-01', ''), today)).toEqual({ from: '2026-05-01', to: '' });
  });

  it('sends the days as the instants they start and end where the person is', () => {
    const filter = toResultFilter({ ...NO_FILTERS, range: 'today' }, '', today);
    expect(filter).toEqual({
      from: new Date(2027, 0, 3).toISOString(),
      to: new Date(new Date(2027, 0, 4).getTime() - 1).toISOString(),
    });
    expect(toResultFilter({ ...NO_FILTERS, range: 'custom' }, '', today)).toEqual({});
  });

  it('counts a chosen range as a filter, so Clear filters shows', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, range: 'last7' })).toBe(true);
  });
});
