import { describe, expect, it } from 'vitest';
import { fromText, toText } from '../../src/renderer/src/history/edit.ts';

describe('a value in its edit box, as the person writes it', () => {
  it('writes numbers with the locale’s decimal separator, no grouping, every digit', () => {
    expect(toText(154.71, 'es-ES')).toBe('154,71');
    expect(toText(1234567.891, 'de-DE')).toBe('1234567,891');
    expect(toText(1234.5, 'en-US')).toBe('1234.5');
    expect(toText({ amount: 12.4, currency: 'EUR' }, 'es-ES')).toBe('12,4');
    expect(toText(0.1 + 0.2, 'en-US')).toBe(String(0.1 + 0.2));
  });

  it('reads back what it wrote, whichever separator the locale uses', () => {
    for (const locale of ['es-ES', 'en-US', 'de-DE', 'fr-FR'])
      for (const n of [154.71, 1234567.891, 0.05, -3.5])
        expect(fromText(toText(n, locale), 'number', null), `${locale} ${n}`).toBe(n);
    expect(
      fromText(toText({ amount: 9.99, currency: 'USD' }, 'es-ES'), 'currency', {
        amount: 1,
        currency: 'USD',
      }),
    ).toEqual({
      amount: 9.99,
      currency: 'USD',
    });
  });

  it('leaves text, dates and lists as they are', () => {
    expect(toText('B-12', 'es-ES')).toBe('B-12');
    expect(toText('2026-12-01', 'es-ES')).toBe('2026-12-01');
    expect(toText(['a', 'b'], 'es-ES')).toBe('a; b');
    expect(toText(null, 'es-ES')).toBe('');
  });
});
