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

export const SortDirection = z.enum(['asc', 'desc']);
export type SortDirection = z.infer<typeof SortDirection>;

/**
 * The order of a listing, applied by the store to every match before the page is cut (sorting
 * only the page a window holds would show a wrong order). Ties, and empty values (always last,
 * whichever the direction), keep the default order: newest first.
 */
export const ResultSort = z.discriminatedUnion('by', [
  z.object({ by: z.literal('createdAt'), direction: SortDirection }),
  /** OK, then Needs review, Pending, Failed (the order of RESULT_STATUS_ORDER). */
  z.object({ by: z.literal('status'), direction: SortDirection }),
  /** A field's value: numbers and amounts as numbers, dates as dates, text in locale order. */
  z.object({
    by: z.literal('field'),
    key: z.string().min(1).max(200),
    direction: SortDirection,
    /** The person's language (BCP 47), whose alphabet orders text; the system's when absent. */
    locale: z.string().min(2).max(35).optional(),
  }),
]);
export type ResultSort = z.infer<typeof ResultSort>;

/** How the status column reads a result: its status, or Needs review for an OK one flagged. */
export const RESULT_STATUS_ORDER = ['ok', 'review', 'pending', 'failed'] as const;

export const PageOptions = z.object({
  limit: z.number().int().min(1).optional(),
  offset: z.number().int().min(0).optional(),
  /** Keyset paging: only results older than this id (faster than offset on deep pages). */
  before: ResultId.optional(),
  /** Absent: newest first. With another order, page by offset (`before` is the default order's). */
  sort: ResultSort.optional(),
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
  /**
   * The oldest other result whose stored image has the same sha256: the same picture extracted
   * again. Absent when the image was not kept or is the only one.
   */
  duplicateOf: z.object({ id: ResultId, createdAt: z.string() }).optional(),
});
export type ResultSummary = z.infer<typeof ResultSummary>;
