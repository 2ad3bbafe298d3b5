import { confidenceLevel, type ConfidenceLevel } from '../../../shared/confidence.ts';
import { fieldsToReview, type Box, type Result } from '../../../shared/result.ts';
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
