import { describe, expect, it } from 'vitest';
import { parseFieldSpec } from '../../src/shared/field.ts';
import { rowFields } from '../../src/renderer/src/history/row-fields.ts';

const keys = (spec: string, stored?: string[]) => {
  const fields = parseFieldSpec(spec);
  return rowFields(fields, stored ?? fields.map((f) => f.key)).map((f) => (f.amount ? `${f.key}$` : f.key));
};

describe('what a History list row shows', () => {
  it('the first field, the date and the last amount, the total, wherever they stand', () => {
    expect(keys('company, address, date:date, subtotal:number, tax:number, total:currency')).toEqual([
      'company',
      'date',
      'total$',
    ]);
    expect(keys('invoice number, total:number, vendor, issued:date, due:date')).toEqual([
      'invoice_number',
      'issued',
      'total$',
    ]);
  });

  it('skips what is missing or not a value for a line (a table), and keeps a lone field', () => {
    expect(
      keys('vendor, items:table(description, amount:number), total:number', ['vendor', 'items', 'total']),
    ).toEqual(['vendor', 'total$']);
    expect(keys('company, date:date, total:number', ['company'])).toEqual(['company']);
    expect(keys('total:number')).toEqual(['total']);
  });

  it('a result whose profile is gone shows its first three values', () => {
    expect(rowFields(undefined, ['a', 'b', 'c', 'd']).map((f) => f.key)).toEqual(['a', 'b', 'c']);
  });
});
