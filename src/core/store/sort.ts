import type { SortDirection } from '../../shared/result-list.ts';

/**
 * Ordering results by a field's value. The index keeps fields as JSON, and SQLite knows neither
 * the person's alphabet nor which strings are dates, so the store reads each match's value with
 * json_type / json_extract and orders them here; only the page asked for is then read in full.
 */

/** A field's value reduced to what it is compared as. */
export type SortValue =
  { kind: 'number'; n: number } | { kind: 'date'; ms: number } | { kind: 'text'; s: string } | null;

/** A calendar date or a date-time as the values module stores them (ISO 8601). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * What SQLite's json_type and json_extract gave for one field: numbers as numbers, an amount by
 * its amount, a list or a table by its length (what the table shows: "3 rows"), booleans as 0/1,
 * an ISO date as its instant, other text as text; null, absent or empty text as null.
 */
export function sortValue(type: string | null, raw: unknown): SortValue {
  switch (type) {
    case 'integer':
    case 'real':
      return { kind: 'number', n: Number(raw) };
    case 'true':
      return { kind: 'number', n: 1 };
    case 'false':
      return { kind: 'number', n: 0 };
    case 'text': {
      const s = String(raw);
      if (s.trim() === '') return null;
      if (ISO_DATE.test(s)) {
        const ms = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
        if (!Number.isNaN(ms)) return { kind: 'date', ms };
      }
      return { kind: 'text', s };
    }
    case 'object': {
      const amount = (JSON.parse(String(raw)) as { amount?: unknown }).amount;
      return typeof amount === 'number' ? { kind: 'number', n: amount } : null;
    }
    case 'array':
      return { kind: 'number', n: (JSON.parse(String(raw)) as unknown[]).length };
    default:
      return null;
  }
}

/** Values of different kinds in one column (a profile changed its field's type): grouped. */
const KIND_RANK = { number: 0, date: 1, text: 2 } as const;

/**
 * Compares two values in `direction`; null (empty) sorts last either way, and 0 means a tie (the
 * caller keeps its default order then). `collator` is the person's locale's.
 */
export function compareSortValues(
  a: SortValue,
  b: SortValue,
  direction: SortDirection,
  collator: Intl.Collator,
): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const sign = direction === 'asc' ? 1 : -1;
  if (a.kind !== b.kind) return sign * (KIND_RANK[a.kind] - KIND_RANK[b.kind]);
  if (a.kind === 'number' && b.kind === 'number') return sign * (a.n - b.n);
  if (a.kind === 'date' && b.kind === 'date') return sign * (a.ms - b.ms);
  if (a.kind === 'text' && b.kind === 'text') return sign * collator.compare(a.s, b.s);
  return 0;
}

/** The person's alphabet; digits compare as numbers ("INV-9" before "INV-10"), case and accents second. */
export function collatorFor(locale: string | undefined): Intl.Collator {
  const options: Intl.CollatorOptions = { numeric: true, sensitivity: 'base' };
  try {
    return new Intl.Collator(locale, options);
  } catch {
    // A tag Intl cannot read: the system's order beats refusing the page.
    return new Intl.Collator(undefined, options);
  }
}
