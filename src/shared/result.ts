import { z } from 'zod';
import { CheckId } from './field.ts';
import { ResultId } from './ids.ts';
import { parseCellKey } from './roles.ts';
import { message } from './messages/catalogue.ts';
import type { Message } from './messages/message.ts';
import { StoredErrorShape } from './messages/schema.ts';

export const DETAILS = ['low', 'high', 'auto', 'original'] as const;
export const Detail = z.enum(DETAILS);
export type Detail = z.infer<typeof Detail>;

export const PROVIDER_IDS = ['local', 'openai', 'anthropic', 'openai-compatible'] as const;
export const ProviderId = z.enum(PROVIDER_IDS);
export type ProviderId = z.infer<typeof ProviderId>;

export const CurrencyValue = z.object({ amount: z.number(), currency: z.string().nullable() });
export type CurrencyValue = z.infer<typeof CurrencyValue>;

/** One cell of a table: a scalar in its stored form, null when the row does not show it. */
export const CellValue = z.union([z.string(), z.number(), z.boolean(), CurrencyValue]).nullable();
export type CellValue = z.infer<typeof CellValue>;

/** A table's rows, in the order printed: one object per row, one key per column. */
export const TableValue = z.array(z.record(z.string(), CellValue));
export type TableValue = z.infer<typeof TableValue>;

/** A field's value as stored: neutral forms (numbers, ISO dates), null when it was not found. */
export const FieldValue = z
  .union([z.string(), z.number(), z.boolean(), z.array(z.string()), TableValue, CurrencyValue])
  .nullable();
export type FieldValue = z.infer<typeof FieldValue>;

/** A table's value, or undefined for any other (a list of strings is not a table; [] is both). */
export function asTable(value: FieldValue | undefined): TableValue | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.every((row) => typeof row === 'object' && row !== null) ? (value as TableValue) : undefined;
}

/** A box in the pixels of the stored image. */
export const Box = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });
export type Box = z.infer<typeof Box>;

/** What makes a value trustworthy, and what a person changed. */
export const FieldMeta = z.object({
  confidence: z.number().min(0).max(1).optional(),
  evidence: Box.optional(),
  /** The text the value was read from, before parsing. */
  text: z.string().optional(),
  /**
   * A remote model's value looked for among the words of the page (core/grounding): false when it
   * is not on the page at all, which marks the result for review. Absent: not looked for.
   */
  grounded: z.boolean().optional(),
  /**
   * The model's value, when the profile drops values not on the page (notOnPage: 'null'): the
   * field is null and this is what the model said, for the person reviewing.
   */
  dropped: FieldValue.optional(),
  /**
   * The offline engine's own reading of the field on the same page (the profile's second opinion),
   * and whether it is the model's value. Absent: it was not asked, or found nothing.
   */
  secondOpinion: z.object({ value: FieldValue, agrees: z.boolean() }).optional(),
  /** Set when a person corrected the value: what the extraction had said. */
  original: FieldValue.optional(),
  editedAt: z.string().optional(),
  /** Set when a person confirmed the value as read (History): it needs no review since. */
  reviewedAt: z.string().optional(),
  /** The page of a document (a PDF) the evidence is on; its box is in that page's pixels. */
  page: z.number().int().positive().optional(),
});
export type FieldMeta = z.infer<typeof FieldMeta>;

export const Region = z.object({
  x: z.number().int().nonnegative(),
  y: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type Region = z.infer<typeof Region>;

export const Source = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string() }),
  z.object({ kind: z.literal('screen'), display: z.string(), region: Region.optional() }),
  /** An image pasted from the clipboard (`extract --clipboard`, the tray's Extract from clipboard). */
  z.object({ kind: z.literal('clipboard') }),
]);
export type Source = z.infer<typeof Source>;

/**
 * How a page of a document was read: from the text layer the file carries (exact, no OCR), by
 * OCR of the page drawn as an image, or drawn as an image and sent to a model.
 */
export const PAGE_READINGS = ['text', 'ocr', 'image'] as const;

/** A document's pages (a PDF): how many it has, and which were read and how. */
export const DocumentPages = z.object({
  pageCount: z.number().int().positive(),
  pages: z.array(
    z.object({
      page: z.number().int().positive(),
      from: z.enum(PAGE_READINGS),
      /** The page's size in pixels, as evidence boxes on it are measured. */
      width: z.number(),
      height: z.number(),
    }),
  ),
});
export type DocumentPages = z.infer<typeof DocumentPages>;

export const Usage = z.object({ inputTokens: z.number(), outputTokens: z.number() });
export type Usage = z.infer<typeof Usage>;

/** Exactly what left the machine for a model (absent for the local engine: nothing left). */
const Sent = z.object({
  sha256: z.string(),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
  mediaType: z.string(),
  provider: ProviderId,
  model: z.string(),
  detail: Detail,
  estimatedTokens: z.number().optional(),
  costUsd: z.number().optional(),
});
export type Sent = z.infer<typeof Sent>;

export const RESULT_STATUSES = ['ok', 'failed', 'pending'] as const;
export const ResultStatus = z.enum(RESULT_STATUSES);
export type ResultStatus = z.infer<typeof ResultStatus>;

/** The file formats the history can be exported to (the CLI and the History window alike). */
export const EXPORT_FORMATS = ['csv', 'json', 'jsonl', 'xlsx'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

/**
 * One check of the numbers on a result (core/checks): did the line amounts add up, is the due date
 * after the invoice date. A failed check leaves `status` alone (the values are what the document
 * says) and marks the result for review. `message` is in English for people reading the file; the
 * windows say `code` with `params` in the person's language.
 */
export const Check = z.object({
  id: CheckId,
  ok: z.boolean(),
  code: z.string(),
  params: z.record(z.string(), z.string()).default({}),
  message: z.string(),
  /** What it compared: field keys, and cells as `items[2].amount` (shared/roles.ts, cellKey). */
  fields: z.array(z.string()),
});
export type Check = z.infer<typeof Check>;

/**
 * Version 2 added tables (a field's value can be rows) and checks. Version 1 files are read as
 * version 2 with no checks (parseResult).
 */
export const RESULT_VERSION = 2;

export const Result = z.object({
  version: z.literal(RESULT_VERSION),
  id: ResultId,
  createdAt: z.string(),
  source: Source,
  profile: z.object({ id: z.string(), name: z.string() }),
  provider: ProviderId,
  model: z.string().nullable(),
  detail: Detail,
  image: z.object({
    /**
     * The stored image, relative to the data home ("images/<id>.png"), so the folder can move;
     * empty when the image was not kept. Files written before hold an absolute path: the store
     * reads both (core/store/files.ts, resolveImagePath) and writes the relative form.
     */
    path: z.string(),
    width: z.number(),
    height: z.number(),
    sha256: z.string(),
    /**
     * The hash of the image as captured, when redaction changed the one stored (and sent): the
     * same screen captured again is then still known as a duplicate.
     */
    capturedSha256: z.string().optional(),
  }),
  status: ResultStatus,
  fields: z.record(z.string(), FieldValue),
  fieldMeta: z.record(z.string(), FieldMeta).default({}),
  raw: z.string().optional(),
  /**
   * Why the result failed or waits: `error` in English, for people reading the file; files written
   * since the message catalogue also keep its `errorCode` and `errorParams`, which the windows and
   * notifications say in the person's language (older files have the sentence only, shown as is).
   * Optional fields beside the old one: every file of version 1 still parses, so no new version.
   */
  ...StoredErrorShape,
  usage: Usage.optional(),
  sent: Sent.optional(),
  durationMs: z.number(),
  /** Absent: no check applied (files of version 1, failed results, profiles without such fields). */
  checks: z.array(Check).optional(),
  /** Set when the source was a document of pages (a PDF): the stored copy is that file. */
  document: DocumentPages.optional(),
});
export type Result = z.infer<typeof Result>;

/**
 * Why a person should look at a result again, one sentence each: the checks that failed, and the
 * values a model returned that are not on the page and nobody has corrected or confirmed since (a
 * corrected table is the person's, every cell of it). Empty: nothing to review.
 */
export function reviewReasons(result: Pick<Result, 'checks' | 'fieldMeta' | 'fields'>): Message[] {
  const failed: Message[] = (result.checks ?? [])
    .filter((c) => !c.ok)
    .map((c) => ({ code: c.code, params: c.params }));
  const absent = fieldsToReview(result).map((key) =>
    message('review.notOnPage', {
      field: key,
      // A dropped value is null in the fields: what the model said is kept beside it.
      value: shownValue(result.fieldMeta[key]?.dropped ?? valueAt(result.fields, key)),
    }),
  );
  return [...failed, ...absent];
}

/**
 * The keys of the values (fields, and table cells as items[2].amount) a person should look at, in
 * the order stored: a model's value not found on the page, unless a person corrected or confirmed
 * it (or corrected its table) since.
 */
export function fieldsToReview(result: Pick<Result, 'fieldMeta'>): string[] {
  const settled = (key: string) => {
    const meta = result.fieldMeta[key];
    return meta?.editedAt !== undefined || meta?.reviewedAt !== undefined;
  };
  return Object.entries(result.fieldMeta)
    .filter(([key, m]) => m.grounded === false && !settled(key) && !settled(parseCellKey(key)?.table ?? ''))
    .map(([key]) => key);
}

export function needsReview(result: Pick<Result, 'checks' | 'fieldMeta' | 'fields'>): boolean {
  return reviewReasons(result).length > 0;
}

/** A field's value, or a table cell's (items[2].amount). */
export function valueAt(fields: Record<string, FieldValue>, key: string): FieldValue | CellValue | undefined {
  const cell = parseCellKey(key);
  if (!cell) return fields[key];
  return asTable(fields[cell.table])?.[cell.row]?.[cell.column];
}

/** A value as one line of text: an amount with its currency, a list as JSON, nothing as "—". */
export function shownValue(value: FieldValue | CellValue | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object' && !Array.isArray(value))
    return `${value.amount}${value.currency ? ` ${value.currency}` : ''}`;
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

/**
 * Reads a result file of any version this build knows. Older versions are migrated here, one step
 * per version, so files written by earlier builds keep opening.
 */
export function parseResult(json: unknown): Result {
  return Result.parse(migrate(json));
}

function migrate(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || !('version' in json)) return json;
  // 1 -> 2: nothing to change; no checks had been run.
  if (json.version === 1) return { ...json, version: 2 };
  return json;
}
