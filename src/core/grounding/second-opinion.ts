import type { Field } from '../../shared/field.ts';
import type { FieldMeta, FieldValue } from '../../shared/result.ts';
import { matchFields } from '../providers/local/matcher.ts';
import type { OcrPage } from '../providers/local/ocr.ts';
import { parsePhone } from '../values/index.ts';
import { fold } from './ground.ts';

export type SecondOpinion = NonNullable<FieldMeta['secondOpinion']>;

/**
 * The offline engine's own reading of a remote model's fields, on the page grounding read: a second
 * opinion that costs milliseconds and no call. Keyed like the fields; a field the engine found
 * nothing for, a table or a list (whose rows need not line up) gets no entry: no opinion is not
 * a disagreement.
 */
export function secondOpinions(
  page: OcrPage,
  fields: readonly Field[],
  values: Record<string, FieldValue>,
): Record<string, SecondOpinion> {
  const asked = fields.filter((f) => f.type !== 'table' && f.type !== 'list' && values[f.key] != null);
  if (asked.length === 0) return {};
  const engine = matchFields(page, asked).fields;
  const out: Record<string, SecondOpinion> = {};
  for (const field of asked) {
    const value = engine[field.key];
    if (value === null || value === undefined) continue;
    out[field.key] = { value, agrees: sameValue(field.type, values[field.key]!, value) };
  }
  return out;
}

/**
 * Two readings of one field say the same, by its type: amounts to the cent (a currency's code
 * aside: the page may print a symbol the engine does not resolve), dates as days, phones by their
 * digits, text and e-mail folded (case, accents, spacing and punctuation aside).
 */
export function sameValue(type: Field['type'], a: FieldValue, b: FieldValue): boolean {
  switch (type) {
    case 'number':
    case 'currency': {
      const x = amountOf(a);
      const y = amountOf(b);
      return x !== undefined && y !== undefined && Math.abs(x - y) < 0.005;
    }
    case 'phone': {
      // One may carry the country code the other left off, or the trunk 0 dialled at home.
      const digits = (v: FieldValue) =>
        typeof v === 'string' ? (parsePhone(v) ?? v).replace(/\D/g, '').replace(/^0+/, '') : '';
      const [x, y] = [digits(a), digits(b)];
      return x.length >= 5 && y.length >= 5 && (x.endsWith(y) || y.endsWith(x));
    }
    default:
      return folded(a) !== '' && folded(a) === folded(b);
  }
}

function amountOf(v: FieldValue): number | undefined {
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'amount' in v) return v.amount;
  return undefined;
}

/** A scalar value as grounding compares text (ground.ts, fold); '' for anything else. */
function folded(v: FieldValue): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? fold(String(v)) : '';
}
