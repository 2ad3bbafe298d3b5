import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Profile } from '../shared/field.ts';
import { newResultId } from '../shared/ids.ts';
import { RESULT_VERSION, type Detail, type Region, type Result, type Source } from '../shared/result.ts';
import { UserError, usageError, userMessage } from '../shared/errors.ts';
import type { Logger } from './log.ts';
import type { ImageInput, PreparedImage } from './imaging/types.ts';
import type { VisionProvider } from './providers/types.ts';
import { extractFields } from './extraction/extract.ts';
import { costUsd } from './providers/models.ts';

/** Where the pixels come from. */
export type ImageSource =
  { kind: 'file'; path: string } | { kind: 'screen'; display?: string; region?: Region };

export interface ExtractionJob {
  source: ImageSource;
  profile: Profile;
  provider: VisionProvider;
  model?: string;
  detail: Detail;
  signal?: AbortSignal;
}

/** The image as loaded or captured, before any provider-specific preparation. */
export interface LoadedImage {
  input: ImageInput;
  /** The bytes to keep beside the result, as a file a person can open. */
  stored: { data: Buffer; ext: 'png' | 'jpg' };
  width: number;
  height: number;
  source: Source;
}

/** The parts of core the pipeline needs: passed in, so the app and the CLI share one pipeline. */
export interface PipelinePorts {
  logger: Logger;
  loadFile(file: string): Promise<LoadedImage>;
  captureScreen(options: { display?: string; region?: Region }): Promise<LoadedImage>;
  prepareImage(
    input: ImageInput,
    request: ReturnType<VisionProvider['imageRequest']>,
  ): Promise<PreparedImage>;
  saveResult(result: Result, image: { data: Buffer; ext: 'png' | 'jpg' }): Promise<Result>;
  now?: () => Date;
}

function costField(cost: number | undefined): { costUsd?: number } {
  return cost === undefined ? {} : { costUsd: cost };
}

/** Checks a file before anything else is done, so bad input gets one clear sentence. */
export async function readImageFile(file: string): Promise<Buffer> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw usageError(`The file ${file} does not exist.`);
  }
  if (!info.isFile()) throw usageError(`${file} is not a file.`);
  if (info.size === 0) throw usageError(`The file ${file} is empty (0 bytes).`);
  return readFile(file);
}

function load(ports: PipelinePorts, source: ImageSource): Promise<LoadedImage> {
  switch (source.kind) {
    case 'file':
      return ports.loadFile(path.resolve(source.path));
    case 'screen':
      return ports.captureScreen(source);
  }
}

/**
 * One extraction, start to finish: load or capture, prepare for the provider, extract, store.
 * Once there is an image, every failure still produces a stored result with status "failed", the
 * sentence for the person and the image, and the detail in the log: nothing captured is lost.
 * Failures before there is an image (a missing file, no screen) throw a UserError instead.
 */
export async function runExtraction(ports: PipelinePorts, job: ExtractionJob): Promise<Result> {
  const started = performance.now();
  const loaded = await load(ports, job.source);
  const createdAt = (ports.now?.() ?? new Date()).toISOString();
  const id = newResultId(new Date(createdAt));
  const model = job.model || job.provider.defaultModel;
  const base: Result = {
    version: RESULT_VERSION,
    id,
    createdAt,
    source: loaded.source,
    profile: { id: job.profile.id, name: job.profile.name },
    provider: job.provider.id,
    model,
    detail: job.detail,
    image: {
      path: '',
      width: loaded.width,
      height: loaded.height,
      sha256: createHash('sha256').update(loaded.stored.data).digest('hex'),
    },
    status: 'failed',
    fields: Object.fromEntries(job.profile.fields.map((f) => [f.key, null])),
    fieldMeta: {},
    durationMs: 0,
  };
  let result: Result;
  try {
    const prepared = await ports.prepareImage(loaded.input, job.provider.imageRequest(model, job.detail));
    const outcome = await extractFields(
      job.provider,
      { image: prepared, profile: job.profile, model, signal: job.signal },
      ports.logger,
    );
    result = {
      ...base,
      model: outcome.model,
      detail: prepared.detail,
      status: outcome.ok ? 'ok' : 'failed',
      fields: outcome.fields,
      fieldMeta: outcome.fieldMeta,
      ...(outcome.raw === undefined ? {} : { raw: outcome.raw }),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
      ...(outcome.usage === undefined ? {} : { usage: outcome.usage }),
      ...(job.provider.remote
        ? {
            sent: {
              sha256: prepared.sha256,
              width: prepared.width,
              height: prepared.height,
              bytes: prepared.data.byteLength,
              mediaType: prepared.mediaType,
              provider: job.provider.id,
              model: outcome.model,
              detail: prepared.detail,
              estimatedTokens: prepared.estimatedTokens,
              // Reported usage when the API gave it, else what the image alone was estimated at.
              ...costField(
                costUsd(
                  outcome.model,
                  outcome.usage ?? { inputTokens: prepared.estimatedTokens, outputTokens: 0 },
                ),
              ),
            },
          }
        : {}),
    };
    if (!outcome.ok) ports.logger.warn(`extraction ${id} failed validation: ${outcome.error}`);
  } catch (error) {
    ports.logger.error(`extraction ${id} failed (${job.provider.id}/${model})`, error);
    result = { ...base, error: userMessage(error) };
  }
  result.durationMs = Math.round(performance.now() - started);
  try {
    return await ports.saveResult(result, loaded.stored);
  } catch (error) {
    ports.logger.error(`saving result ${id} failed`, error);
    throw new UserError(
      `The result could not be saved: ${(error as NodeJS.ErrnoException).code ?? 'write error'}.`,
      {
        cause: error,
      },
    );
  }
}
