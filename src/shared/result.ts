import { z } from 'zod';
import { ResultId } from './ids.ts';
import { StoredErrorShape } from './messages/schema.ts';

export const DETAILS = ['low', 'high', 'auto', 'original'] as const;
export const Detail = z.enum(DETAILS);
export type Detail = z.infer<typeof Detail>;

export const PROVIDER_IDS = ['local', 'openai', 'anthropic', 'openai-compatible'] as const;
export const ProviderId = z.enum(PROVIDER_IDS);
export type ProviderId = z.infer<typeof ProviderId>;

export const CurrencyValue = z.object({ amount: z.number(), currency: z.string().nullable() });
export type CurrencyValue = z.infer<typeof CurrencyValue>;

/** A field's value as stored: neutral forms (numbers, ISO dates), null when it was not found. */
export const FieldValue = z
  .union([z.string(), z.number(), z.boolean(), z.array(z.string()), CurrencyValue])
  .nullable();
export type FieldValue = z.infer<typeof FieldValue>;

/** A box in the pixels of the stored image. */
export const Box = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });
export type Box = z.infer<typeof Box>;

/** What makes a value trustworthy, and what a person changed. */
export const FieldMeta = z.object({
  confidence: z.number().min(0).max(1).optional(),
  evidence: Box.optional(),
  /** The text the value was read from, before parsing. */
  text: z.string().optional(),
  /** Set when a person corrected the value: what the extraction had said. */
  original: FieldValue.optional(),
  editedAt: z.string().optional(),
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
]);
export type Source = z.infer<typeof Source>;

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

export const RESULT_VERSION = 1;

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
});
export type Result = z.infer<typeof Result>;

/**
 * Reads a result file of any version this build knows. Older versions are migrated here, one step
 * per version, so files written by earlier builds keep opening.
 */
export function parseResult(json: unknown): Result {
  return Result.parse(json);
}
