import type { Field } from '../shared/field.ts';
import { asTable, reviewReasons, type FieldValue, type Result } from '../shared/result.ts';
import { say, type Translate } from '../shared/messages/catalogue.ts';
import { sayStoredError } from '../shared/stored-error.ts';

function formatValue(value: FieldValue, field: Field | undefined, locale: string, t: Translate): string {
  if (value === null) return '—';
  // A table in one bubble: how many rows were read (the rows are in History).
  const rows = Array.isArray(value) && value.length > 0 ? asTable(value) : undefined;
  if (rows) return rows.length === 1 ? t('tableRowsOne') : t('tableRows', { count: String(rows.length) });
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
 * person's locale ("invoice number INV-0042 · total 1,234.56 · items 3 rows"), short enough for one
 * bubble; a result that needs review says so first, with the first reason (shared/result.ts).
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
    .map((f) => `${f.label} ${formatValue(result.fields[f.key]!, f, locale, t)}`);
  // Why it needs review comes first (a failed check, a value not on the page), so the bubble's
  // cut never hides it.
  const [first] = reviewReasons(result);
  const review = first ? t('needsReview', { check: say(t.locale, first) }) : undefined;
  const found = parts.length === 0 ? t('nothingFound') : parts.join(' · ');
  const body = review ? `${review}\n${found}` : found;
  return {
    title: `${t('extracted')}: ${result.profile.name}`,
    body: body.length > 200 ? `${body.slice(0, 199)}…` : body,
  };
}
