import type { FieldType } from '../../shared/field.ts';
import { asTable, type FieldValue } from '../../shared/result.ts';
import type { Translate } from '../../shared/messages/catalogue.ts';
import type { Locale } from '../../shared/messages/locale.ts';

/** Values are stored neutral (numbers, ISO dates) and shown in the person's locale. */
export function formatValue(
  value: FieldValue | undefined,
  locale: Locale,
  t: Translate,
  type?: FieldType,
): string {
  if (value === null || value === undefined || value === '') return t('valueEmpty');
  if (typeof value === 'boolean') return value ? t('valueYes') : t('valueNo');
  if (typeof value === 'number') return new Intl.NumberFormat(locale).format(value);
  // A table says how many rows it has: its cells are shown in the detail, not in one line.
  const rows = type === 'list' ? undefined : asTable(value);
  if (rows && (type === 'table' || rows.length > 0))
    return rows.length === 1 ? t('tableRowsOne') : t('tableRows', { count: rows.length });
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') {
    if (value.currency && /^[A-Z]{3}$/.test(value.currency)) {
      return new Intl.NumberFormat(locale, { style: 'currency', currency: value.currency }).format(
        value.amount,
      );
    }
    return new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(value.amount);
  }
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    // A calendar date, not an instant: format it in UTC so no time zone moves it a day.
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${value}T00:00:00Z`),
    );
  }
  return value;
}

export function formatTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

export function formatUsd(usd: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    maximumSignificantDigits: 2,
  }).format(usd);
}
