import type { Field } from '../shared/field.ts';
import type { FieldValue, Result } from '../shared/result.ts';
import type { Translate } from '../shared/messages/catalogue.ts';
import { sayStoredError } from '../shared/stored-error.ts';

function formatValue(value: FieldValue, field: Field | undefined, locale: string): string {
  if (value === null) return '—';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') {
    return value.currency
      ? new Intl.NumberFormat(locale, { style: 'currency', currency: value.currency }).format(value.amount)
      : new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(value.amount);
  }
  if (typeof value === 'number') {
    return new Intl.NumberFormat(locale, {
      maximumFractionDigits: 6,
      minimumFractionDigits: Number.isInteger(value) ? 0 : 2,
    }).format(value);
  }
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (field?.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${value}T00:00:00Z`),
    );
  }
  return String(value);
}

/**
 * The notification after a capture: the fields that were found, in the profile's order, in the
 * person's locale ("invoice number INV-0042 · total 1,234.56"), short enough for one bubble.
 */
export function resultNotification(
  result: Result,
  fields: readonly Field[],
  locale: string,
  t: Translate,
): { title: string; body: string } {
  // The reason in the person's language (a result written before codes says its English sentence).
  const why = sayStoredError(t.locale, result);
  if (result.status === 'pending') return { title: t('pending'), body: why ?? t('pending') };
  if (result.status !== 'ok') return { title: t('failed'), body: why ?? t('failed') };
  const parts = fields
    .filter((f) => result.fields[f.key] !== null && result.fields[f.key] !== undefined)
    .map((f) => `${f.label} ${formatValue(result.fields[f.key]!, f, locale)}`);
  if (parts.length === 0)
    return { title: `${t('extracted')}: ${result.profile.name}`, body: t('nothingFound') };
  const body = parts.join(' · ');
  return {
    title: `${t('extracted')}: ${result.profile.name}`,
    body: body.length > 200 ? `${body.slice(0, 199)}…` : body,
  };
}
