import { describe, expect, it } from 'vitest';
import {
  coerceValue,
  findAmounts,
  findDates,
  latinText,
  parseAmount,
  parseDate,
  parseList,
  parsePhone,
} from '../../src/core/values/index.ts';

describe('amounts', () => {
  it.each([
    ['1.234,56', 1234.56],
    ['1,234.56', 1234.56],
    ['1 234,56', 1234.56],
    ['RM 12.50', 12.5],
    ['$1,234', 1234],
    ['-12.00', -12],
    ['12.50-', -12.5],
    ['(12.00)', -12],
    ['0,5', 0.5],
    ['1.234.567,89', 1234567.89],
  ])('reads %s as a number', (text, value) => {
    expect(coerceValue('number', text)).toEqual({ ok: true, value });
  });

  it.each(['abc', '12.5.6', '1,23,4', '12 apples', '$'])('refuses %s', (text) => {
    expect(coerceValue('number', text).ok).toBe(false);
  });

  it('names currencies from symbols and codes', () => {
    expect(coerceValue('currency', 'RM 12.50')).toEqual({
      ok: true,
      value: { amount: 12.5, currency: 'MYR' },
    });
    expect(coerceValue('currency', '1.234,56 €')).toEqual({
      ok: true,
      value: { amount: 1234.56, currency: 'EUR' },
    });
    expect(coerceValue('currency', '£3.20')).toEqual({ ok: true, value: { amount: 3.2, currency: 'GBP' } });
    expect(coerceValue('currency', 'MXN 150.00')).toEqual({
      ok: true,
      value: { amount: 150, currency: 'MXN' },
    });
    expect(coerceValue('currency', 'USD 5')).toEqual({ ok: true, value: { amount: 5, currency: 'USD' } });
    expect(coerceValue('currency', '7.00')).toEqual({ ok: true, value: { amount: 7, currency: null } });
    expect(coerceValue('currency', { amount: 3, currency: 'eur' })).toEqual({
      ok: true,
      value: { amount: 3, currency: 'EUR' },
    });
    expect(coerceValue('currency', 12)).toEqual({ ok: true, value: { amount: 12, currency: null } });
  });

  it('finds amounts in a line without merging columns', () => {
    expect(findAmounts('000000111 1 193.00 193.00 SR').map((a) => a.amount)).toEqual([111, 1, 193, 193]);
    expect(parseAmount('RM12.50')?.currency).toBe('MYR');
  });
});

describe('dates', () => {
  it.each([
    ['15/01/2019', '2019-01-15'],
    ['03/03/18', '2018-03-03'],
    ['22-03-2018', '2018-03-22'],
    ['2016-07-31', '2016-07-31'],
    ['07 MAR 2018', '2018-03-07'],
    ['27/MAR/2018', '2018-03-27'],
    ['March 7, 2018', '2018-03-07'],
    ['7 de marzo de 2018', '2018-03-07'],
    ['15.01.2019', '2019-01-15'],
    ['01/02/2018', '2018-02-01'],
    ['12/25/2020', '2020-12-25'],
    ['2018-03-07T10:00:00Z', '2018-03-07'],
    ['29/02/2020', '2020-02-29'],
  ])('reads %s', (text, iso) => {
    expect(coerceValue('date', text)).toEqual({ ok: true, value: iso });
  });

  it('reads ambiguous dates month-first on request', () => {
    expect(parseDate('01/02/2018', { monthFirst: true })).toBe('2018-01-02');
  });

  it.each(['31/02/2019', '13/13/2019', '29/02/2019', '2019-00-10', 'yesterday', '12:30'])(
    'refuses %s',
    (text) => {
      expect(coerceValue('date', text).ok).toBe(false);
    },
  );

  it('finds a date beside a time and noise', () => {
    expect(findDates('Date $15/01/2019 11:05:16 AM').map((d) => d.iso)).toEqual(['2019-01-15']);
  });

  it('reads a date with its time of day, even run together by OCR', () => {
    expect(parseDate('22-03-2018 04:01 PM')).toBe('2018-03-22');
    expect(findDates('Date:15/01/201911:05:16').map((d) => d.iso)).toEqual(['2019-01-15']);
    // Digits run on after the year that are no time of day: no date can be told apart.
    expect(findDates('Ref 15/01/2019110').map((d) => d.iso)).toEqual([]);
  });
});

describe('contacts, booleans, lists, text', () => {
  it('normalises phones readably', () => {
    expect(parsePhone('Tel: +34 (91) 234-56-78')).toBe('+34 91 234 56 78');
    expect(parsePhone('07-388 2218')).toBe('07 388 2218');
    expect(coerceValue('phone', '12').ok).toBe(false);
    expect(coerceValue('phone', 'call me').ok).toBe(false);
  });

  it('checks e-mails', () => {
    expect(coerceValue('email', ' Foo@Bar.com ')).toEqual({ ok: true, value: 'foo@bar.com' });
    expect(coerceValue('email', 'foo@bar').ok).toBe(false);
    expect(coerceValue('email', 'foo..x@bar.com').ok).toBe(false);
  });

  it.each([
    ['yes', true],
    ['Sí', true],
    ['x', true],
    ['✓', true],
    ['TRUE', true],
    ['no', false],
    ['false', false],
  ])('reads %s as a boolean', (text, value) => {
    expect(coerceValue('boolean', text)).toEqual({ ok: true, value });
  });

  it('refuses a non-boolean', () => {
    expect(coerceValue('boolean', 'maybe').ok).toBe(false);
  });

  it('splits lists', () => {
    expect(parseList('a\nb\n- c')).toEqual(['a', 'b', 'c']);
    expect(parseList('a; b;; c')).toEqual(['a', 'b', 'c']);
    expect(parseList('red, green, 1,234')).toEqual(['red', 'green', '1,234']);
    expect(coerceValue('list', [' a ', 2, null])).toEqual({ ok: true, value: ['a', '2'] });
    expect(coerceValue('list', [{ a: 1 }]).ok).toBe(false);
  });

  it('trims and collapses text, and keeps missing values null', () => {
    expect(coerceValue('text', '  a \n  b ')).toEqual({ ok: true, value: 'a b' });
    expect(coerceValue('text', null)).toEqual({ ok: true, value: null });
    expect(coerceValue('number', '   ')).toEqual({ ok: true, value: null });
    expect(coerceValue('text', { a: 1 }).ok).toBe(false);
  });

  it('reads full-width and ideographic marks as plain Latin ones', () => {
    expect(latinText('Unit 4、Jalan Mawar，８１２００ （B）')).toBe('Unit 4,Jalan Mawar,81200 (B)');
    expect(latinText('Total 12.50。')).toBe('Total 12.50.');
    expect(latinText('plain text, 1.5')).toBe('plain text, 1.5');
  });
});
