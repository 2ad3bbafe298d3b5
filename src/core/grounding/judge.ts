import { notOnPageFor, wantsSecondOpinion, type Profile } from '../../shared/field.ts';
import { asTable, type Check, type FieldMeta, type FieldValue } from '../../shared/result.ts';
import { parseCellKey } from '../../shared/roles.ts';
import type { OcrPage } from '../providers/local/ocr.ts';
import { confidenceFrom, failedCheckKeys } from './confidence.ts';
import { groundValues, type Grounding } from './ground.ts';
import { secondOpinions } from './second-opinion.ts';

/** What grounding found for each value (fields, and cells as items[2].amount), for rating it. */
export type Found = Record<string, Grounding>;

/**
 * A remote model's answer against the page the local OCR read: each value's evidence and whether
 * it is there at all, the offline engine's second opinion where the profile asks for one, and a
 * value not on the page dropped (set to null, the model's answer kept in fieldMeta.dropped) where
 * the profile or its field says so. Changes `result` in place.
 */
export function groundResult(
  result: { fields: Record<string, FieldValue>; fieldMeta: Record<string, FieldMeta> },
  profile: Pick<Profile, 'fields' | 'notOnPage' | 'secondOpinion'>,
  page: OcrPage,
): Found {
  const found = groundValues(page, profile.fields, result.fields);
  const opinions = wantsSecondOpinion(profile) ? secondOpinions(page, profile.fields, result.fields) : {};
  for (const [key, g] of Object.entries(found)) {
    const meta = (result.fieldMeta[key] ??= {});
    meta.grounded = g.grounded;
    if (g.evidence) meta.evidence = g.evidence;
    if (g.text !== undefined) meta.text = g.text;
    const opinion = opinions[key];
    if (opinion) meta.secondOpinion = opinion;
    if (!g.grounded) drop(result, profile, key, meta);
  }
  return found;
}

/**
 * Each grounded value's confidence (core/grounding/confidence.ts), once the checks on the numbers
 * have run: a failed check lowers the values it compared.
 */
export function rateResult(
  fieldMeta: Record<string, FieldMeta>,
  found: Found,
  checks: readonly Check[],
): void {
  const failed = failedCheckKeys(checks);
  for (const [key, g] of Object.entries(found)) {
    const meta = fieldMeta[key];
    if (!meta) continue;
    meta.confidence = confidenceFrom({
      grounded: g.grounded,
      ocr: g.confidence,
      secondOpinion: meta.secondOpinion,
      failedCheck: failed.has(key),
    });
  }
}

/** A value not on the page, set to null where its field (a cell: its table) says `null`. */
function drop(
  result: { fields: Record<string, FieldValue> },
  profile: Pick<Profile, 'fields' | 'notOnPage'>,
  key: string,
  meta: FieldMeta,
): void {
  const cell = parseCellKey(key);
  const field = profile.fields.find((f) => f.key === (cell?.table ?? key));
  if (!field || notOnPageFor(profile, field) !== 'null') return;
  if (!cell) {
    meta.dropped = result.fields[key]!;
    result.fields[key] = null;
    return;
  }
  const row = asTable(result.fields[cell.table])?.[cell.row];
  if (!row || row[cell.column] === undefined) return;
  meta.dropped = row[cell.column]!;
  row[cell.column] = null;
}
