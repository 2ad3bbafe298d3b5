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

  it('has the time, the status and one column per field; text stretches, amounts keep their width', () => {
    expect(columns.map((c) => (c.kind === 'field' ? c.field.key : c.kind))).toEqual([
      'createdAt',
      'status',
      'vendor',
      'total',
      'items',
    ]);
    expect(gridTemplate(columns)).toBe('145px 210px minmax(100px, 1fr) 110px 80px');
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
