import type { SQLInputValue } from 'node:sqlite';
import { needsReview, type FieldValue, type Result } from '../../shared/result.ts';
import { storedImagePath } from './files.ts';

/**
 * What one result puts into the index: computed from the result alone, so a rebuild can compute it
 * in a worker thread while the main thread only inserts.
 */

export const SUFFIX_BASE = 36n ** 4n;
const ID_PARTS = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})-(\d{3})Z-([a-z0-9]{4})$/;

/** The rowid for an id: order-preserving and unique. BigInt because it passes 2^53. */
export function rowKey(id: string): bigint {
  const m = ID_PARTS.exec(id);
  if (!m) throw new Error(`not a result id: ${id}`);
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!);
  return BigInt(ms) * SUFFIX_BASE + BigInt(parseInt(m[8]!, 36));
}

/** The words of a result that search should find. */
function searchText(fields: Record<string, FieldValue>): string {
  const parts: string[] = [];
  for (const value of Object.values(fields)) {
    if (value === null || typeof value === 'boolean') continue;
    if (Array.isArray(value))
      // A list's items, or a table's cells row by row.
      for (const item of value)
        parts.push(typeof item === 'string' ? item : searchText(item as Record<string, FieldValue>));
    else if (typeof value === 'object') parts.push(`${value.amount} ${value.currency ?? ''}`);
    else parts.push(String(value));
  }
  return parts.join('\n');
}

/** Tokens that the unicode61 tokenizer keeps whole: letters and digits only. */
export function statusTag(status: string): string {
  return `zs${Buffer.from(status).toString('hex')}`;
}

/** The FTS token of a result that needs review (letters only, like the other tags). */
export const REVIEW_TAG = 'zreview';

export function profileTag(profileId: string): string {
  return `zp${Buffer.from(profileId).toString('hex')}`;
}

export interface IndexRow {
  /** The `results` table's columns, in INSERT_RESULT's order. */
  row: SQLInputValue[];
  /** The FTS table's rowid, body, profile and tags. */
  fts: SQLInputValue[];
}

/**
 * `home` is the data home: the image path goes into the index in its stored form (relative to the
 * home when the image is inside it), like in the result file, so a moved home keeps its index.
 */
export function indexRow(result: Result, file: string, home: string): IndexRow {
  const n = rowKey(result.id);
  const review = needsReview(result);
  return {
    row: [
      n,
      result.id,
      result.createdAt,
      result.profile.id,
      result.profile.name,
      result.status,
      result.provider,
      result.model,
      file,
      storedImagePath(home, result.image.path),
      result.image.width,
      result.image.height,
      JSON.stringify(result.fields),
      Object.values(result.fieldMeta).some((m) => m.editedAt !== undefined) ? 1 : 0,
      result.error ?? null,
      result.errorCode ?? null,
      result.errorParams === undefined ? null : JSON.stringify(result.errorParams),
      result.sent?.costUsd ?? null,
      review ? 1 : 0,
      result.image.sha256,
    ],
    fts: [
      n,
      searchText(result.fields),
      result.profile.name,
      `${statusTag(result.status)} ${profileTag(result.profile.id)}${review ? ` ${REVIEW_TAG}` : ''}`,
    ],
  };
}
