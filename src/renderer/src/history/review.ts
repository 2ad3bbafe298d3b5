import { confidenceLevel, type ConfidenceLevel } from '../../../shared/confidence.ts';
import {
  fieldsToReview,
  type Box,
  type FieldMeta,
  type FieldValue,
  type Result,
} from '../../../shared/result.ts';
import { parseCellKey } from '../../../shared/roles.ts';

/**
 * Why a person should look at one value: a model's value not on the page (it makes the result
 * need review), or a value read with low confidence that nobody has corrected or confirmed.
 */
export type ValueFlag = 'notOnPage' | 'lowConfidence';

export interface ValueReview {
  flag?: ValueFlag;
  level?: ConfidenceLevel;
}

/** What History says about each value of a result, by key (fields, and cells as items[2].amount). */
export function reviewOfValues(result: Pick<Result, 'fieldMeta'>): Map<string, ValueReview> {
  const toReview = new Set(fieldsToReview(result));
  const settled = (key: string) => {
    const meta = result.fieldMeta[key];
    return meta?.editedAt !== undefined || meta?.reviewedAt !== undefined;
  };
  const out = new Map<string, ValueReview>();
  for (const [key, meta] of Object.entries(result.fieldMeta)) {
    const level = confidenceLevel(meta);
    const low =
      level === 'low' && !settled(key) && !settled(parseCellKey(key)?.table ?? '')
        ? 'lowConfidence'
        : undefined;
    const flag = toReview.has(key) ? 'notOnPage' : low;
    out.set(key, { ...(flag ? { flag } : {}), ...(level ? { level } : {}) });
  }
  return out;
}

/** A reading of a value other than the one stored, which a person can take instead. */
export interface OtherReading {
  /** The model's answer, left out as not on the page; or the offline engine's, where it differs. */
  kind: 'dropped' | 'secondOpinion';
  value: NonNullable<FieldValue>;
}

/**
 * What else was read for a value, for the person reviewing it: the model's answer the profile left
 * out because it is not on the page, and the offline engine's reading where it is not the model's.
 * None once a person has corrected the value: what they chose is the value, whichever it was.
 */
export function otherReadings(meta: FieldMeta | undefined): OtherReading[] {
  if (!meta || meta.editedAt !== undefined) return [];
  const readings: OtherReading[] = [];
  if (meta.dropped !== undefined && meta.dropped !== null)
    readings.push({ kind: 'dropped', value: meta.dropped });
  const second = meta.secondOpinion;
  if (second && !second.agrees && second.value !== null)
    readings.push({ kind: 'secondOpinion', value: second.value });
  return readings;
}

/** How an evidence box is drawn: a value to look at stands out, a medium one a little. */
export type BoxKind = 'review' | 'medium' | 'plain';

export interface EvidenceBox {
  key: string;
  box: Box;
  kind: BoxKind;
}

/**
 * The evidence boxes on one picture: the stored image (page undefined), or a document's page
 * (evidence without a page number is on its first page).
 */
export function boxesOn(
  result: Pick<Result, 'fieldMeta' | 'document'>,
  reviews: ReadonlyMap<string, ValueReview>,
  page: number | undefined,
): EvidenceBox[] {
  const first = result.document?.pages[0]?.page;
  return Object.entries(result.fieldMeta).flatMap(([key, meta]) => {
    if (!meta.evidence || (page !== undefined && (meta.page ?? first) !== page)) return [];
    const review = reviews.get(key);
    const kind: BoxKind = review?.flag ? 'review' : review?.level === 'medium' ? 'medium' : 'plain';
    return [{ key, box: meta.evidence, kind }];
  });
}
