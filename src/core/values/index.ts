import type { Field, FieldType } from '../../shared/field.ts';
import type { CellValue, FieldValue, TableValue } from '../../shared/result.ts';
import { parseAmount } from './amount.ts';
import { parseBoolean, parseList } from './choice.ts';
import { parsePhone, parseEmail } from './contact.ts';
import { parseDate, type DateOptions } from './date.ts';
import { normalizeText } from './text.ts';

export { findAmounts, parseAmount } from './amount.ts';
export { parseBoolean, parseList } from './choice.ts';
export { findEmails, findPhones, parsePhone } from './contact.ts';
export { findDates, parseDate } from './date.ts';
export { foldText, latinText, normalizeText } from './text.ts';

export type Coerced = { ok: true; value: FieldValue } | { ok: false; reason: string };

export type CoerceOptions = DateOptions;

/**
 * Turns what an OCR line or a model returned into the stored, neutral form for a field type:
 * "1,234.56" -> 1234.56 for a number, "07 MAR 2018" -> "2018-03-07" for a date. Missing values
 * (null, undefined, blank) are a valid null; values of the wrong shape are refused with a reason a
 * person can read, so the caller can retry or mark the field instead of storing nonsense.
 */
export function coerceValue(type: FieldType, input: unknown, options: CoerceOptions = {}): Coerced {
  if (type === 'table') return fail(input, 'a table without columns');
  if (input === null || input === undefined) return ok(null);
  if (typeof input === 'string' && input.trim() === '') return ok(null);
  switch (type) {
    case 'text':
      return coerceText(input);
    case 'number':
      return coerceNumber(input);
    case 'currency':
      return coerceCurrency(input);
    case 'date':
      return coerceDate(input, options);
    case 'email':
      return viaString(input, 'an e-mail address', parseEmail);
    case 'phone':
      return viaString(input, 'a phone number', parsePhone);
    case 'boolean':
      if (typeof input === 'boolean') return ok(input);
      if (typeof input === 'number' && (input === 0 || input === 1)) return ok(input === 1);
      return viaString(input, 'yes or no', parseBoolean);
    case 'list':
      return coerceList(input);
  }
}

/**
 * coerceValue for a field of a profile: a table's rows are coerced cell by cell against its
 * columns (a row the model sends as an object of strings becomes typed cells). Rows with no value
 * at all are dropped; a cell that is not of its column's type refuses the whole table, with the row
 * and column named, so the repair attempt can fix that cell rather than a row going missing.
 */
export function coerceField(
  field: Pick<Field, 'type' | 'columns'>,
  input: unknown,
  options: CoerceOptions = {},
): Coerced {
  if (field.type !== 'table') return coerceValue(field.type, input, options);
  if (input === null || input === undefined) return ok(null);
  if (!Array.isArray(input)) return fail(input, 'a table (a list of rows)');
  const rows: TableValue = [];
  for (const [i, row] of input.entries()) {
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      return { ok: false, reason: `row ${i + 1} is not an object with one key per column` };
    const cells: Record<string, CellValue> = {};
    for (const column of field.columns ?? []) {
      const coerced = coerceValue(column.type, (row as Record<string, unknown>)[column.key], options);
      if (!coerced.ok) return { ok: false, reason: `row ${i + 1}, "${column.key}": ${coerced.reason}` };
      cells[column.key] = coerced.value as CellValue;
    }
    if (Object.values(cells).some((v) => v !== null)) rows.push(cells);
  }
  return ok(rows);
}

function ok(value: FieldValue): Coerced {
  return { ok: true, value };
}

function fail(input: unknown, expected: string): Coerced {
  const shown =
    typeof input === 'string' ? `"${input.length > 60 ? `${input.slice(0, 57)}...` : input}"` : typeof input;
  return { ok: false, reason: `${shown} is not ${expected}` };
}

function coerceText(input: unknown): Coerced {
  if (typeof input === 'string') return ok(normalizeText(input));
  if (typeof input === 'number' || typeof input === 'boolean') return ok(String(input));
  if (Array.isArray(input) && input.every((x) => typeof x === 'string' || typeof x === 'number')) {
    return ok(normalizeText(input.join(', ')));
  }
  return fail(input, 'text');
}

function coerceNumber(input: unknown): Coerced {
  if (typeof input === 'number') return Number.isFinite(input) ? ok(input) : fail(input, 'a finite number');
  if (isCurrencyObject(input)) return ok(input.amount);
  if (typeof input !== 'string') return fail(input, 'a number');
  const text = input.trim().replace(/\s*%$/, '');
  const parsed = parseAmount(text);
  return parsed ? ok(parsed.amount) : fail(input, 'a number');
}

function coerceCurrency(input: unknown): Coerced {
  if (typeof input === 'number') {
    return Number.isFinite(input) ? ok({ amount: input, currency: null }) : fail(input, 'an amount');
  }
  if (isCurrencyObject(input)) {
    const code = typeof input.currency === 'string' ? input.currency.trim().toUpperCase() : null;
    if (code !== null && !/^[A-Z]{3}$/.test(code)) {
      const fromSymbol = parseAmount(`${code} 1`)?.currency ?? null;
      return ok({ amount: input.amount, currency: fromSymbol });
    }
    return ok({ amount: input.amount, currency: code });
  }
  if (typeof input !== 'string') return fail(input, 'an amount');
  const parsed = parseAmount(input);
  return parsed ? ok({ amount: parsed.amount, currency: parsed.currency }) : fail(input, 'an amount');
}

function coerceDate(input: unknown, options: DateOptions): Coerced {
  if (typeof input !== 'string') return fail(input, 'a date');
  const iso = parseDate(input, options);
  return iso ? ok(iso) : fail(input, 'a valid date');
}

function coerceList(input: unknown): Coerced {
  if (Array.isArray(input)) {
    const items: string[] = [];
    for (const item of input) {
      if (item === null || item === undefined) continue;
      if (typeof item === 'object') return fail(input, 'a list of plain values');
      const text = normalizeText(String(item));
      if (text !== '') items.push(text);
    }
    return ok(items);
  }
  if (typeof input === 'string') return ok(parseList(input));
  if (typeof input === 'number' || typeof input === 'boolean') return ok([String(input)]);
  return fail(input, 'a list');
}

function viaString(input: unknown, expected: string, parse: (s: string) => FieldValue): Coerced {
  const text = typeof input === 'number' ? String(input) : input;
  if (typeof text !== 'string') return fail(input, expected);
  const value = parse(text);
  return value === null ? fail(input, expected) : ok(value);
}

function isCurrencyObject(input: unknown): input is { amount: number; currency?: unknown } {
  return (
    typeof input === 'object' &&
    input !== null &&
    !Array.isArray(input) &&
    typeof (input as { amount?: unknown }).amount === 'number' &&
    Number.isFinite((input as { amount: number }).amount)
  );
}
