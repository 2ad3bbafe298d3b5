import { describe, expect, it } from 'vitest';
import { FieldSpecError, Profile, formatFieldSpec, parseFieldSpec, slugify } from '../../src/shared/field.ts';
import { idTime, newResultId, ResultId } from '../../src/shared/ids.ts';

describe('parseFieldSpec', () => {
  it('reads labels with optional types after a colon or in parentheses', () => {
    expect(parseFieldSpec('invoice number, total:number, due (date)')).toEqual([
      { key: 'invoice_number', label: 'invoice number', type: 'text' },
      { key: 'total', label: 'total', type: 'number' },
      { key: 'due', label: 'due', type: 'date' },
    ]);
  });

  it('keeps keys unique and JSON friendly', () => {
    expect(parseFieldSpec('Nº Factura, nº factura: text').map((f) => f.key)).toEqual([
      'no_factura',
      'no_factura_2',
    ]);
    expect(slugify('2nd line')).toBe('f_2nd_line');
    expect(slugify('***')).toBe('field');
  });

  it('rejects unknown types and empty lists with a sentence', () => {
    expect(() => parseFieldSpec('total:money')).toThrow(/Unknown field type "money".*number, currency/);
    expect(() => parseFieldSpec(' , ')).toThrow(FieldSpecError);
    expect(() => parseFieldSpec(':number')).toThrow(/has no name/);
  });

  it('round-trips through formatFieldSpec', () => {
    const spec = 'company, date:date, total:number';
    expect(formatFieldSpec(parseFieldSpec(spec))).toBe(spec);
  });
});

describe('Profile', () => {
  it('refuses duplicate keys and bad patterns', () => {
    const bad = Profile.safeParse({
      id: 'p',
      name: 'x',
      fields: [
        { key: 'a', label: 'A', hints: { pattern: '([' } },
        { key: 'a', label: 'A again' },
      ],
    });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => i.message).join(' | ');
    expect(messages).toMatch(/not a valid regular expression/);
    expect(messages).toMatch(/"a" is used twice/);
  });
});

describe('result ids', () => {
  it('encode the time and sort as strings', () => {
    const a = newResultId(new Date('2026-11-24T22:03:23.123Z'), () => 0.5);
    expect(a).toBe('20261124T220323-123Z-iiii');
    expect(ResultId.safeParse(a).success).toBe(true);
    expect(idTime(a).toISOString()).toBe('2026-11-24T22:03:23.123Z');
    const b = newResultId(new Date('2026-11-24T22:03:23.124Z'));
    expect([b, a].sort()).toEqual([a, b]);
  });
});
