import { z } from 'zod';
import { ResultId } from './ids.ts';
import { StoredErrorShape } from './messages/schema.ts';
import { FieldValue, ResultStatus } from './result.ts';

/**
 * Listing results: the filter, the page and the row, as the store's index answers them and as they
 * cross IPC. One definition; the store, the CLI and the windows take their types from here.
 */

export const ResultFilter = z.object({
  profileId: z.string().optional(),
  status: ResultStatus.optional(),
  /** ISO date or date-time, inclusive; compared with the time in the id. */
  from: z.iso.date().or(z.iso.datetime()).optional(),
  /** ISO date (the whole day is included) or date-time (inclusive, to the millisecond). */
  to: z.iso.date().or(z.iso.datetime()).optional(),
  /** Free text; every word must match as a word prefix, in field values or the profile name. */
  search: z.string().max(500).optional(),
  /** Only results a person should look at again (a check failed). */
  review: z.boolean().optional(),
});
export type ResultFilter = z.infer<typeof ResultFilter>;

export const PageOptions = z.object({
  limit: z.number().int().min(1).optional(),
  offset: z.number().int().min(0).optional(),
  /** Keyset paging: only results older than this id (faster than offset on deep pages). */
  before: ResultId.optional(),
});
export type PageOptions = z.infer<typeof PageOptions>;

/** One row of the history list, read from the index alone (no result file is opened). */
export const ResultSummary = z.object({
  id: ResultId,
  createdAt: z.string(),
  profile: z.object({ id: z.string(), name: z.string() }),
  status: ResultStatus,
  provider: z.string(),
  model: z.string().nullable(),
  /** Path of the stored image in this data home (resolved from the stored relative path). */
  image: z.object({ path: z.string(), width: z.number(), height: z.number() }),
  fields: z.record(z.string(), FieldValue),
  /** A person corrected at least one value. */
  edited: z.boolean(),
  /** A check failed: a person should look at it again (shared/result.ts, needsReview). */
  review: z.boolean().default(false),
  /** The reason of a failed or pending result, as its file keeps it (see shared/stored-error.ts). */
  ...StoredErrorShape,
  /** Estimated cost of the model call, when a cloud model was used and its price is known. */
  costUsd: z.number().optional(),
});
export type ResultSummary = z.infer<typeof ResultSummary>;
