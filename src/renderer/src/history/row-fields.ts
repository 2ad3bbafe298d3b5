import { isAmountType, type Field } from '../../../shared/field.ts';

export interface RowField {
  key: string;
  /** An amount: shown whole at the row's end, so totals line up and are never cut. */
  amount: boolean;
}

/**
 * The values a list row has room for: the profile's first field (what the document is: a vendor,
 * an invoice number), its date, and its last amount (where a total stands among subtotal and tax).
 * Without a profile (deleted), the first three values as stored.
 */
export function rowFields(fields: Pick<Field, 'key' | 'type'>[] | undefined, stored: string[]): RowField[] {
  if (!fields) return stored.slice(0, 3).map((key) => ({ key, amount: false }));
  const shown = fields.filter((f) => stored.includes(f.key) && f.type !== 'table');
  const first = shown[0];
  const date = shown.find((f) => f.type === 'date' && f !== first);
  const amount = shown.findLast((f) => isAmountType(f.type) && f !== first);
  return [first, date, amount]
    .filter((f) => f !== undefined)
    .map((f) => ({ key: f.key, amount: f === amount }));
}
