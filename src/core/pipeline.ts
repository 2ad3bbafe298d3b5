import { runChecks } from './checks/checks.ts';
import { groundResult, rateResult, type Found } from './grounding/judge.ts';
import type { OcrPage } from './providers/local/ocr.ts';
import { stackPages, unstackMeta, type StackedPages } from './document/stack-pages.ts';
import { createHash } from 'node:crypto';
import { lstat, readFile, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Profile } from '../shared/field.ts';
import { newResultId } from '../shared/ids.ts';
import {
  RESULT_VERSION,
  type Detail,
  type DocumentPages,
  type ProviderId,
  type Region,
  type Result,
  type Source,
} from '../shared/result.ts';
import { UserError, errorMessage, usageError, userError } from '../shared/errors.ts';
import { message } from '../shared/messages/catalogue.ts';
import type { Message } from '../shared/messages/message.ts';
import { clearStoredError, storedError } from '../shared/stored-error.ts';
import type { Logger } from './log.ts';
import type { ImageInput, PreparedImage } from './imaging/types.ts';
import { imageInfo, type ImageInfo } from './imaging/prepare.ts';
import type { VisionProvider } from './providers/types.ts';
import { extractFields } from './extraction/extract.ts';
import { costUsd, type Price } from './providers/models.ts';
import { drawPages, type LoadedDocument } from './document/load.ts';
import { isPdf, openPdf } from './document/pdf.ts';
import type { PageRange } from '../shared/pages.ts';

/** Where the pixels come from. */
export type ImageSource =
  /** An image, or a PDF (`pages` picks which of its pages are read). */
  | { kind: 'file'; path: string; pages?: PageRange | undefined }
  | { kind: 'screen'; display?: string; region?: Region }
  /** Already captured (the watch loop captures first, to compare and deduplicate before paying). */
  | { kind: 'loaded'; image: LoadedImage };

export interface ExtractionJob {
  source: ImageSource;
  profile: Profile;
  provider: VisionProvider;
  model?: string | undefined;
  detail: Detail;
  signal?: AbortSignal | undefined;
  /**
   * The longest wait for a model server's answer, retries included (--timeout, settings); the
   * provider's default when absent. A timed-out extraction is kept as "pending".
   */
  timeoutMs?: number | undefined;
  /**
   * Store the result as "pending" with its image before anything reads it (redaction, the offline
   * matcher) or a provider is asked, so a crash or a kill during that leaves something to retry.
   * Default: on for screen captures (the screen cannot be captured again) and for remote providers
   * (calls that can take a minute); a file stays where it is.
   */
  pendingFirst?: boolean | undefined;
  /** settings.privacy.localOnly: a remote provider is refused before anything is captured. */
  localOnly?: boolean | undefined;
  /**
   * Runs on the loaded image before it is prepared for a remote provider (redaction): the image it
   * returns is the one sent and the one stored.
   */
  beforeSend?: ((image: LoadedImage, provider: VisionProvider) => Promise<LoadedImage>) | undefined;
  /**
   * Settings > Privacy > preview before send: asked with exactly the image a remote provider would
   * receive (after redaction and resizing); false keeps the capture here, unsent, as "failed".
   */
  confirmSend?: ((image: PreparedImage, request: SendRequest) => Promise<boolean>) | undefined;
  /**
   * Reads the stored image with the local OCR, for grounding a remote model's answer in the page's
   * words (core/grounding). Started when the model is asked and read while it answers, so it adds
   * nothing to the wait unless the OCR is slower than the model.
   */
  readPage?: ((image: Buffer, signal?: AbortSignal) => Promise<OcrPage>) | undefined;
}

/** Who would receive an image, and its estimated cost: what the preview asks about. */
export interface SendRequest {
  provider: ProviderId;
  model: string;
  costUsd?: number;
}

/** The image as loaded or captured, before any provider-specific preparation. */
export interface LoadedImage {
  kind?: 'image';
  input: ImageInput;
  /**
   * The bytes to keep beside the result, as a file a person can open: for a document drawn to be
   * sent to a model, the document itself.
   */
  stored: { data: Buffer; ext: StoredExt };
  width: number;
  height: number;
  source: Source;
  /**
   * A document drawn as this one image (its pages one under the other): where each page starts,
   * and, when every page has a text layer, its words in this image's pixels — grounding reads
   * those, exact and without OCR.
   */
  drawnFrom?: { offsets: StackedPages['offsets']; text?: OcrPage };
}

/** What a file or capture is kept as beside its result. */
export type StoredExt = 'png' | 'jpg' | 'pdf';

/** What the pipeline reads: an image, or a document of pages (a PDF). */
export type Loaded = LoadedImage | LoadedDocument;

function isDocument(loaded: Loaded): loaded is LoadedDocument {
  return loaded.kind === 'document';
}

/** The parts of core the pipeline needs: passed in, so the app and the CLI share one pipeline. */
export interface PipelinePorts {
  logger: Logger;
  loadFile(file: string, options?: { pages?: PageRange | undefined }): Promise<Loaded>;
  captureScreen(options: { display?: string; region?: Region }): Promise<LoadedImage>;
  prepareImage(
    input: ImageInput,
    request: ReturnType<VisionProvider['imageRequest']>,
  ): Promise<PreparedImage>;
  /** Without an image, the one already stored for this id is kept. */
  saveResult(result: Result, image?: { data: Buffer; ext: StoredExt }): Promise<Result>;
  now?: () => Date;
  /** Overrides of the dated price table (settings.prices), for the cost in `sent`. */
  prices?: Readonly<Record<string, Price>>;
}

function costField(cost: number | undefined): { costUsd?: number } {
  return cost === undefined ? {} : { costUsd: cost };
}

/** Why a path could not be opened: missing, a symlink loop, no permission … (a usage error). */
async function unreachable(file: string, error: NodeJS.ErrnoException): Promise<UserError> {
  switch (error.code) {
    case 'ENOENT': {
      const target = await lstat(file)
        .then((l) => (l.isSymbolicLink() ? readlink(file) : undefined))
        .catch(() => undefined);
      return target === undefined
        ? usageError('file.missing', { file }, error)
        : usageError('file.brokenLink', { file, target }, error);
    }
    case 'ELOOP':
      return usageError('file.linkLoop', { file }, error);
    case 'ENOTDIR':
      return usageError('file.pathNotFolder', { file }, error);
    case 'EACCES':
    case 'EPERM':
      return usageError('file.permissionDenied', { file }, error);
    case 'ENAMETOOLONG':
      return usageError('file.pathTooLong', { file }, error);
    default:
      return usageError('file.unreadable', { file, reason: error.code ?? error.message }, error);
  }
}

/**
 * Reads an image file and what its header says, or throws one sentence naming what is wrong with
 * it (missing, not a file, empty, too many pixels, not an image). The one check of input files:
 * the pipeline, `extract`'s check of a batch before it starts, and `tokens` all use it.
 */
export async function readImage(file: string): Promise<{ data: Buffer; info: ImageInfo }> {
  const data = await readImageFile(file);
  return { data, info: await imageFileInfo(file, data) };
}

/**
 * An input file, image or PDF, read with the checks of each: what a batch checks before its first
 * extraction, and what loading a file starts with. A PDF is opened (a password or damage is said
 * here) but its pages are read later.
 */
export async function readInput(
  file: string,
): Promise<{ kind: 'pdf'; data: Buffer } | { kind: 'image'; data: Buffer; info: ImageInfo }> {
  const data = await readImageFile(file);
  if (isPdf(data)) {
    await (await openPdf(data, file)).close();
    return { kind: 'pdf', data };
  }
  return { kind: 'image', data, info: await imageFileInfo(file, data) };
}

async function readImageFile(file: string): Promise<Buffer> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw await unreachable(file, error as NodeJS.ErrnoException);
  }
  if (!info.isFile()) throw usageError('file.notAFile', { file });
  if (info.size === 0) throw usageError('file.empty', { file });
  try {
    return await readFile(file);
  } catch (error) {
    throw await unreachable(file, error as NodeJS.ErrnoException);
  }
}

/**
 * The most pixels an image may have: sharp's default input limit (16383 x 16383), which guards
 * memory (a 400 MP image would need over a gigabyte decoded). Every read of an image keeps it.
 */
const MAX_INPUT_PIXELS = 16383 * 16383;

/**
 * Size and format of an image file's bytes (from its header); one that cannot be read is a
 * sentence naming the file: too many pixels, or not an image at all.
 */
async function imageFileInfo(file: string, data: Buffer): Promise<ImageInfo> {
  try {
    return await imageInfo(data);
  } catch (cause) {
    const { default: sharp } = await import('sharp');
    // The header alone says the size, without the limit (nothing is decoded).
    const meta = await sharp(data, { limitInputPixels: false })
      .metadata()
      .catch(() => undefined);
    const width = meta?.autoOrient?.width ?? meta?.width ?? 0;
    const height = meta?.autoOrient?.height ?? meta?.height ?? 0;
    if (width * height > MAX_INPUT_PIXELS) {
      const mp = (n: number) => String(Math.round(n / 1e6));
      throw usageError(
        'image.tooManyPixels',
        // Numbers as this sentence always wrote them: 20000×20000 and 400 MP, never 20,000×20,000.
        {
          file,
          width: String(width),
          height: String(height),
          megapixels: mp(width * height),
          limit: mp(MAX_INPUT_PIXELS),
        },
        cause,
      );
    }
    throw usageError('image.fileNotAPicture', { file }, cause);
  }
}

function load(ports: PipelinePorts, source: ImageSource): Promise<Loaded> {
  switch (source.kind) {
    case 'file':
      return ports.loadFile(path.resolve(source.path), { pages: source.pages });
    case 'screen':
      return ports.captureScreen(source);
    case 'loaded':
      return Promise.resolve(source.image);
  }
}

/**
 * What a failure means for the result: worth trying again later (network down, rate limited or
 * server errors beyond the provider's own retries: kept as "pending" and queued, not "failed"), and
 * whether the request reached the server. Provider errors arrive as UserError sentences with the
 * SDK error as their cause. The rules know both SDKs' error classes, so they are loaded only when
 * something failed: every command that never calls a cloud API starts without the two SDKs (about
 * 500 modules, most of `extracto --version`'s second).
 */
async function failureKind(error: unknown): Promise<{ transient: boolean; reachedServer: boolean }> {
  const { isRetryable, reachedServer } = await import('./providers/provider-errors.ts');
  return {
    transient: isRetryable(error) || (error instanceof UserError && isRetryable(error.cause)),
    reachedServer: reachedServer(error),
  };
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Refuses a remote provider when settings.privacy.localOnly is on: before anything is captured or sent. */
export function checkLocalOnly(job: Pick<ExtractionJob, 'localOnly' | 'provider'>): void {
  if (job.localOnly && job.provider.leavesMachine) {
    throw usageError('privacy.localOnly', { provider: job.provider.id });
  }
}

/**
 * One extraction, start to finish: load or capture, prepare for the provider, extract, store.
 * Once there is an image, every failure still produces a stored result with the sentence for the
 * person and the image, and the detail in the log: nothing captured is lost. The status is
 * "failed", or "pending" when trying again later can help (offline, rate limited); pending results
 * are retried by the queue. Failures before there is an image (a missing file, no screen) throw a
 * UserError instead.
 */
export async function runExtraction(ports: PipelinePorts, job: ExtractionJob): Promise<Result> {
  const started = performance.now();
  checkLocalOnly(job);
  const read = await load(ports, job.source);
  const captured = read.stored;
  const size = isDocument(read) ? pagesSize(read) : read;
  const createdAt = (ports.now?.() ?? new Date()).toISOString();
  const id = newResultId(new Date(createdAt));
  const model = job.model || job.provider.defaultModel;
  const base: Result = {
    version: RESULT_VERSION,
    id,
    createdAt,
    source: read.source,
    profile: { id: job.profile.id, name: job.profile.name },
    provider: job.provider.id,
    model,
    detail: job.detail,
    image: { path: '', width: size.width, height: size.height, sha256: sha256(captured.data) },
    status: 'pending',
    fields: Object.fromEntries(job.profile.fields.map((f) => [f.key, null])),
    fieldMeta: {},
    durationMs: 0,
    ...(isDocument(read) ? { document: documentPages(read) } : {}),
  };
  // Kept before anything reads the capture (redaction's OCR, the matcher, a provider), so nothing
  // captured is lost whatever happens next. It stays on this machine: redaction only guards what
  // is sent, and a redacted capture replaces it below.
  const pendingFirst = job.pendingFirst ?? (job.source.kind !== 'file' || job.provider.remote);
  let stored: LoadedImage['stored'] | undefined = captured;
  if (pendingFirst) {
    const saved = await save(ports, { ...base, ...storedError(message('result.interrupted')) }, captured);
    base.image.path = saved.image.path;
    stored = undefined;
  }
  let loaded: Loaded;
  try {
    loaded = await readable(read, job.provider);
  } catch (error) {
    // A page that cannot be drawn: the document is still kept, with the reason.
    ports.logger.error(`extraction ${id}: the document's pages could not be drawn`, error);
    const failed: Result = { ...base, status: 'failed', ...storedError(errorMessage(error)) };
    failed.durationMs = Math.round(performance.now() - started);
    return save(ports, failed, stored);
  }
  if (!isDocument(loaded) && job.beforeSend && job.provider.leavesMachine) {
    try {
      loaded = await job.beforeSend(loaded, job.provider);
    } catch (error) {
      // Nothing is sent; the capture is still kept (on this machine) with the reason.
      ports.logger.error(`extraction ${id}: the privacy guard failed, nothing was sent`, error);
      const failed: Result = { ...base, status: 'failed', ...storedError(errorMessage(error)) };
      failed.durationMs = Math.round(performance.now() - started);
      return save(ports, failed, stored);
    }
    if (loaded.stored.data !== captured.data) {
      base.image.capturedSha256 = base.image.sha256;
      base.image.sha256 = sha256(loaded.stored.data);
      stored = loaded.stored;
    }
  }
  const result = await extractInto(ports, loaded, base, job, model);
  result.durationMs = Math.round(performance.now() - started);
  return save(ports, result, stored);
}

/**
 * Runs a stored result again from its stored image (a pending one from the queue, or a failed one
 * a person retries): same id, time and source; the new outcome replaces the old one.
 */
export async function rerunExtraction(
  ports: PipelinePorts,
  previous: Result,
  job: Omit<ExtractionJob, 'source' | 'pendingFirst'>,
): Promise<Result> {
  const started = performance.now();
  checkLocalOnly(job);
  if (!previous.image.path) throw usageError('result.noImage', { id: previous.id });
  let loaded: Loaded;
  if (previous.image.path.endsWith('.pdf')) {
    // The same pages as the first time, read again from the kept copy of the document.
    const pages = previous.document?.pages.map((p) => ({ from: p.page, to: p.page }));
    const doc = await ports.loadFile(previous.image.path, pages ? { pages: { parts: pages } } : {});
    loaded = await readable({ ...doc, source: previous.source }, job.provider);
  } else {
    const data = await readImageFile(previous.image.path);
    loaded = {
      input: { kind: 'encoded', data },
      stored: { data, ext: previous.image.path.endsWith('.jpg') ? 'jpg' : 'png' },
      width: previous.image.width,
      height: previous.image.height,
      source: previous.source,
    };
  }
  const model = job.model || job.provider.defaultModel;
  const base: Result = {
    ...structuredClone(previous),
    provider: job.provider.id,
    model,
    detail: job.detail,
    profile: { id: job.profile.id, name: job.profile.name },
    status: 'pending',
    fields: Object.fromEntries(job.profile.fields.map((f) => [f.key, null])),
    fieldMeta: {},
    durationMs: 0,
  };
  clearStoredError(base);
  delete base.raw;
  delete base.checks;
  delete base.usage;
  delete base.sent;
  // A result first run locally and now retried with a cloud model goes through the guard too.
  let newImage: LoadedImage['stored'] | undefined;
  if (!isDocument(loaded) && job.beforeSend && job.provider.leavesMachine) {
    const guarded = await job.beforeSend(loaded, job.provider);
    if (guarded.stored.data !== loaded.stored.data) {
      newImage = guarded.stored;
      base.image.capturedSha256 ??= base.image.sha256;
      base.image.sha256 = sha256(guarded.stored.data);
    }
    loaded = guarded;
  }
  const result = await extractInto(ports, loaded, base, job, model);
  result.durationMs = Math.round(performance.now() - started);
  return save(ports, result, newImage);
}

/** What left the machine for one call: the prepared image, who got it, and what it cost. */
function sentRecord(
  ports: PipelinePorts,
  provider: VisionProvider,
  prepared: PreparedImage,
  model: string,
  usage: Result['usage'],
): NonNullable<Result['sent']> {
  return {
    sha256: prepared.sha256,
    width: prepared.width,
    height: prepared.height,
    bytes: prepared.data.byteLength,
    mediaType: prepared.mediaType,
    provider: provider.id,
    model,
    detail: prepared.detail,
    estimatedTokens: prepared.estimatedTokens,
    ...callCost(ports, model, prepared, usage),
  };
}

/** A call's cost: from the usage the API reported, else from what the image alone was estimated at. */
function callCost(
  ports: PipelinePorts,
  model: string,
  prepared: PreparedImage,
  usage: Result['usage'],
): { costUsd?: number } {
  return costField(
    costUsd(model, usage ?? { inputTokens: prepared.estimatedTokens, outputTokens: 0 }, ports.prices),
  );
}

/**
 * How long the page read waits after the model is asked: the OCR's first page loads models and
 * runs on this thread in parts, and must not hold back the request itself (a short --timeout would
 * expire before it left). A model takes seconds to answer; the read still fits inside that.
 */
const READ_AFTER_ASKING_MS = 100;

/** The page read by the local OCR while a remote model answers; null when it could not be read. */
function readPageAlongside(
  ports: PipelinePorts,
  job: Omit<ExtractionJob, 'source'>,
  loaded: LoadedImage,
  id: string,
  stop: AbortSignal,
): Promise<OcrPage | null> | undefined {
  const { readPage } = job;
  if (!readPage || !job.provider.remote) return undefined;
  // A document's text layer is its words already: nothing to read.
  if (loaded.drawnFrom?.text) return Promise.resolve(loaded.drawnFrom.text);
  // A document drawn for the model is read as drawn (the stored copy is the PDF itself).
  const image =
    loaded.stored.ext === 'pdf' && loaded.input.kind === 'encoded' ? loaded.input.data : loaded.stored.data;
  return new Promise<void>((resolve) => setTimeout(resolve, READ_AFTER_ASKING_MS))
    .then(() => (stop.aborted ? null : readPage(image, stop)))
    .catch((error: unknown) => {
      // Grounding is a second opinion: without it the answer is kept, unmarked, and the log says why.
      if (!stop.aborted)
        ports.logger.warn(`extraction ${id}: the page could not be read to ground it`, error);
      return null;
    });
}

/**
 * A remote model's answer checked against the page (core/grounding/judge.ts); on a document, each
 * evidence box on its own page. What was found, for rating the values once the checks have run.
 */
function groundInto(
  result: Result,
  profile: Profile,
  page: OcrPage | null,
  drawnFrom: LoadedImage['drawnFrom'],
): Found | undefined {
  if (!page) return undefined;
  const found = groundResult(result, profile, page);
  if (drawnFrom) result.fieldMeta = unstackMeta(result.fieldMeta, drawnFrom.offsets);
  return found;
}

async function extractInto(
  ports: PipelinePorts,
  loaded: Loaded,
  base: Result,
  job: Omit<ExtractionJob, 'source'>,
  model: string,
): Promise<Result> {
  const id = base.id;
  let prepared: PreparedImage | undefined;
  const asked = {
    profile: job.profile,
    model,
    ...(job.signal ? { signal: job.signal } : {}),
    ...(job.timeoutMs === undefined ? {} : { timeoutMs: job.timeoutMs }),
  };
  let settleReading = (): void => {};
  try {
    let outcome;
    let page: Promise<OcrPage | null> | undefined;
    if (isDocument(loaded)) {
      outcome = await extractFields(job.provider, { ...asked, pages: loaded.pages }, ports.logger);
    } else {
      prepared = await ports.prepareImage(loaded.input, job.provider.imageRequest(model, job.detail));
      if (job.confirmSend && job.provider.leavesMachine) {
        const request = { provider: job.provider.id, model, ...callCost(ports, model, prepared, undefined) };
        if (!(await job.confirmSend(prepared, request))) {
          ports.logger.info(`extraction ${id}: not sent, declined at the preview`);
          return { ...base, status: 'failed', ...storedError(message('result.notSent')) };
        }
      }
      // Stopped with the extraction, or when the model's call fails: then there is nothing to ground.
      const stopReading = new AbortController();
      job.signal?.addEventListener('abort', () => stopReading.abort(), { once: true });
      settleReading = () => stopReading.abort();
      page = readPageAlongside(ports, job, loaded, id, stopReading.signal);
      outcome = await extractFields(job.provider, { ...asked, image: prepared }, ports.logger);
    }
    const result: Result = {
      ...base,
      model: outcome.model,
      detail: prepared?.detail ?? base.detail,
      status: outcome.ok ? 'ok' : 'failed',
      fields: outcome.fields,
      fieldMeta: outcome.fieldMeta,
      ...(outcome.raw === undefined ? {} : { raw: outcome.raw }),
      ...(outcome.error === undefined ? {} : storedError(outcome.error)),
      ...(outcome.usage === undefined ? {} : { usage: outcome.usage }),
      ...(prepared && job.provider.remote
        ? { sent: sentRecord(ports, job.provider, prepared, outcome.model, outcome.usage) }
        : {}),
      ...(base.document && outcome.pages ? { document: { ...base.document, pages: outcome.pages } } : {}),
    };
    let found: Found | undefined;
    if (outcome.ok && page && !isDocument(loaded))
      found = groundInto(result, job.profile, await page, loaded.drawnFrom);
    // A failed answer is not grounded: the page read, if still under way, is not needed.
    else settleReading();
    // The numbers of a valid answer are checked against each other (a value dropped as not on the
    // page is not); a failed check marks the result for review and leaves its status alone (the
    // values are what the document says).
    const checks = outcome.ok ? runChecks(job.profile, result.fields, result.fieldMeta) : [];
    if (checks.length > 0) result.checks = checks;
    if (found) rateResult(result.fieldMeta, found, checks);
    if (!outcome.ok) ports.logger.warn(`extraction ${id} failed validation: ${result.error}`);
    return result;
  } catch (error) {
    settleReading();
    // Stopped by the person (Ctrl+C, pausing automatic capture): the image was never read, so it
    // stays in the queue like a call that failed on the way, never as a "failed" nobody retries.
    const stopped = job.signal?.aborted === true;
    const failure = await failureKind(error);
    const pending = stopped || failure.transient;
    ports.logger.error(
      `extraction ${id} ${stopped ? 'was stopped' : pending ? 'is pending (will be retried)' : 'failed'} (${job.provider.id}/${model})`,
      error,
    );
    // A call that reached the server (rejected, cut off, timed out) still took the image away.
    const sent =
      prepared && job.provider.remote && failure.reachedServer
        ? { sent: sentRecord(ports, job.provider, prepared, model, undefined) }
        : {};
    return {
      ...base,
      detail: prepared?.detail ?? base.detail,
      status: pending ? 'pending' : 'failed',
      ...storedError(reason(error, { stopped, pending })),
      ...sent,
    };
  }
}

/** The size of a document's pages one under the other: the widest page, their heights summed. */
function pagesSize(doc: LoadedDocument): { width: number; height: number } {
  return {
    width: Math.max(...doc.pages.map((p) => p.width)),
    height: doc.pages.reduce((sum, p) => sum + p.height, 0),
  };
}

/** The pages a document will be read from, each as drawn and sent until a reader says otherwise. */
function documentPages(doc: LoadedDocument): DocumentPages {
  return {
    pageCount: doc.pageCount,
    pages: doc.pages.map((p) => ({ page: p.number, from: 'image', width: p.width, height: p.height })),
  };
}

/**
 * What a provider can read: a document as it is for one that reads documents itself (the offline
 * engine), else its pages drawn as one image — which redaction, the preview and a model then see.
 */
async function readable(loaded: Loaded, provider: VisionProvider): Promise<Loaded> {
  if (!isDocument(loaded) || provider.extractDocument) return loaded;
  const drawn = await drawPages(loaded);
  const stacked = stackPages(
    loaded.pages.map((p) => ({ number: p.number, width: p.width, height: p.height, lines: p.lines ?? [] })),
    'pdf-text',
  );
  return {
    input: { kind: 'encoded', data: drawn.png },
    stored: loaded.stored,
    width: drawn.width,
    height: drawn.height,
    source: loaded.source,
    drawnFrom: {
      offsets: stacked.offsets,
      ...(loaded.pages.every((p) => p.lines) ? { text: stacked.page } : {}),
    },
  };
}

/** Why an extraction ended without an answer; a pending one says it will be tried again. */
function reason(error: unknown, ended: { stopped: boolean; pending: boolean }): Message {
  if (ended.stopped) return message('result.stopped');
  const said = errorMessage(error);
  // Every reason in the catalogue is a sentence with its closing stop, so this one follows it.
  return ended.pending ? message('result.pending', { reason: said }) : said;
}

async function save(
  ports: PipelinePorts,
  result: Result,
  image?: { data: Buffer; ext: StoredExt },
): Promise<Result> {
  try {
    return await ports.saveResult(result, image);
  } catch (error) {
    ports.logger.error(`saving result ${result.id} failed`, error);
    const code = (error as NodeJS.ErrnoException).code;
    throw code === undefined
      ? userError('result.saveFailedUnknown', {}, { cause: error })
      : userError('result.saveFailed', { code }, { cause: error });
  }
}
