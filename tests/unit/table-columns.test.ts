import { describe, expect, it } from 'vitest';
import { parseFieldSpec, type Profile } from '../../src/shared/field.ts';
import {
  ariaSort,
  DEFAULT_SORT,
  gridTemplate,
  nextSort,
  sortIn,
  tableColumns,
} from '../../src/renderer/src/history/table-columns.ts';

const profile: Profile = {
  id: 'invoices',
  name: 'Invoices',
  fields: parseFieldSpec('Vendor, Total:currency, Items:table(Description, Amount:currency)'),
} as Profile;

describe("History's table columns (renderer/src/history/table-columns.ts)", () => {
  const columns = tableColumns(profile);
  const [time, status, vendor, total] = columns as [
    (typeof columns)[number],
    (typeof columns)[number],
    (typeof columns)[number],
    (typeof columns)[number],
  ];

  it('has the time, the status and one column per field; text stretches, amounts keep their width, all fit the row', () => {
    expect(columns.map((c) => (c.kind === 'field' ? c.field.key : c.kind))).toEqual([
      'createdAt',
      'status',
      'vendor',
      'total',
      'items',
    ]);
    // Each at least its min (or its share of the row, were the mins more than the row holds).
    expect(gridTemplate(columns)).toBe(
      'minmax(min(96px, 21.42%), 150px) minmax(min(118px, 26.33%), 200px) minmax(min(80px, 17.85%), 1fr) minmax(min(90px, 20.08%), 104px) minmax(min(64px, 14.28%), 80px)',
    );
  });

  it('keeps every column of a profile of many fields in the row: their shares add up to no more than all of it', () => {
    const many = tableColumns({
      ...profile,
      fields: parseFieldSpec(Array.from({ length: 40 }, (_, i) => `Field ${i}:currency`).join(', ')),
    });
    const shares = [...gridTemplate(many).matchAll(/, ([\d.]+)%\)/g)].map((m) => Number(m[1]));
    expect(shares).toHaveLength(42);
    expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(100);
  });

  it('starts newest first, and a header sorts ascending, then reverses', () => {
    expect(ariaSort(DEFAULT_SORT, time)).toBe('descending');
    expect(ariaSort(DEFAULT_SORT, total)).toBe('none');
    expect(nextSort(DEFAULT_SORT, time, 'es')).toEqual({ by: 'createdAt', direction: 'asc' });
    const byTotal = nextSort(DEFAULT_SORT, total, 'es');
    expect(byTotal).toEqual({ by: 'field', key: 'total', direction: 'asc', locale: 'es' });
    expect(ariaSort(byTotal, total)).toBe('ascending');
    expect(ariaSort(byTotal, time)).toBe('none');
    expect(nextSort(byTotal, total, 'es')).toEqual({ ...byTotal, direction: 'desc' });
    expect(nextSort(byTotal, status, 'es')).toEqual({ by: 'status', direction: 'asc' });
    expect(nextSort(nextSort(byTotal, vendor, 'en'), vendor, 'en')).toMatchObject({
      key: 'vendor',
      direction: 'desc',
    });
  });

  it("drops a sort on a field another profile's columns do not have", () => {
    const byVendor = nextSort(DEFAULT_SORT, vendor, 'en');
    expect(sortIn(byVendor, columns)).toBe(byVendor);
    expect(sortIn(byVendor, tableColumns(undefined))).toBe(DEFAULT_SORT);
  });
});
