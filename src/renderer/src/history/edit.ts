import type { FieldType } from '../../../shared/field.ts';
import { asTable, type FieldValue } from '../../../shared/result.ts';

/**
 * A number as a person of `locale` types it: their decimal separator (154,71 in Spanish, as the
 * value is shown), no grouping, every digit kept. fromText reads it back either way.
 */
function numberText(n: number, locale: string | undefined): string {
  return locale
    ? new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 20 }).format(n)
    : String(n);
}

/** A stored value as the text in its edit box. */
export function toText(value: FieldValue | undefined, locale?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value, locale);
  if (typeof value === 'object' && !Array.isArray(value)) return numberText(value.amount, locale);
  if (Array.isArray(value)) return value.join('; ');
  return String(value);
}

function parseNumber(text: string): number | null {
  // People type 1.234,56 or 1,234.56: the last separator is the decimal one.
  const compact = text.replace(/\s/g, '');
  const lastSep = Math.max(compact.lastIndexOf(','), compact.lastIndexOf('.'));
  const normal =
    lastSep < 0 ? compact : `${compact.slice(0, lastSep).replace(/[.,]/g, '')}.${compact.slice(lastSep + 1)}`;
  const n = Number(normal);
  return normal === '' || Number.isNaN(n) ? null : n;
}

/** The text a person typed as the stored value for the field's type; undefined when it is not one. */
export function fromText(
  text: string,
  type: FieldType,
  previous: FieldValue | undefined,
): FieldValue | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  switch (type) {
    case 'number':
      return parseNumber(trimmed) ?? undefined;
    case 'currency': {
      const amount = parseNumber(trimmed);
      if (amount === null) return undefined;
      const currency =
        previous !== null && typeof previous === 'object' && !Array.isArray(previous)
          ? previous.currency
          : null;
      return { amount, currency };
    }
    case 'boolean':
      return trimmed === 'true';
    case 'list':
      return trimmed
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? trimmed : undefined;
    default:
      return trimmed;
  }
}

/** The type of a field for a result whose profile is gone: guessed from its value. */
export function typeOf(value: FieldValue | undefined): FieldType {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return value.length > 0 && asTable(value) ? 'table' : 'list';
  if (value !== null && typeof value === 'object') return 'currency';
  return 'text';
}
