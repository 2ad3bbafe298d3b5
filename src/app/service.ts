import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ResultId } from '../shared/ids.ts';
import type { Profile } from '../shared/field.ts';
import { parseFieldSpec, parseProfile } from '../shared/field.ts';
import type { Detail, FieldValue, ProviderId, Result } from '../shared/result.ts';
import { Settings as SettingsSchema, type Settings } from '../shared/settings.ts';
import type { SettingsReport } from '../shared/settings-problems.ts';
import { UserError, usageError } from '../shared/errors.ts';
import type { DataPaths } from '../core/paths.ts';
import { makeDataHomePrivate } from '../core/private-files.ts';
import { silentLogger, type Logger } from '../core/log.ts';
import { canAppendTo, openDataHome } from '../core/store/home.ts';
import { createFileLogger } from '../core/file-logger.ts';
import {
  mergeSettingsChange,
  readSettings,
  settingsStamp,
  updateSettings as updateSettingsFile,
  type SettingsRead,
} from '../core/settings-file.ts';
import { ResultStore } from '../core/store/store.ts';
import { runChecks } from '../core/checks/checks.ts';
import {
  checkLocalOnly,
  rerunExtraction,
  runExtraction,
  type ExtractionJob,
  type ImageSource,
  type LoadedImage,
  type SendRequest,
} from '../core/pipeline.ts';
import { createPipelinePorts } from '../core/pipeline-ports.ts';
import { createProvider, defaultModel, type ProviderOptions } from '../core/providers/registry.ts';
import { estimateImage } from '../core/imaging/tokens.ts';
import { costUsd } from '../core/providers/models.ts';
import { secretsIn } from '../core/secrets.ts';
import type { TokenEstimate } from '../shared/ipc.ts';
import type { VisionProvider } from '../core/providers/types.ts';
import { closeImagingPool } from '../core/imaging/pool.ts';
import { realClock, type Clock } from '../core/auto/clock.ts';
import { watch, type WatchEvent, type WatchSummary } from '../core/auto/watch.ts';
import { RetryQueue } from '../core/queue/queue.ts';
import type { QueuePolicy } from '../core/queue/backoff.ts';
import { captureBlocked } from '../core/privacy/windows.ts';
import { createX11Probe } from '../core/auto/probe.ts';
import type { FrameSignature } from '../core/auto/change.ts';
import { createRedactor } from '../core/privacy/guard.ts';
import { rememberLastPage } from '../core/grounding/page-cache.ts';
import { checkNewPatterns } from '../core/privacy/patterns.ts';
import type { OcrEngine, OcrEngineKind } from '../core/providers/local/ocr.ts';
import type { PreparedImage } from '../core/imaging/types.ts';
import type { Region } from '../shared/result.ts';
import { renderPage } from '../core/document/load.ts';

/** Pages of stored documents kept drawn for the windows (a few MB each at most). */
const DRAWN_PAGES_KEPT = 12;

export interface ExtractOptions {
  profile: Profile;
  provider?: ProviderId | undefined;
  model?: string | undefined;
  baseUrl?: string | undefined;
  detail?: Detail | undefined;
  /** The longest wait for a model server's answer, retries included; settings' when absent. */
  timeoutSeconds?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** Shows the image about to go to a cloud provider and says whether the person let it go. */
export type Previewer = (image: PreparedImage, about: SendRequest & { profile: string }) => Promise<boolean>;

/** Overrides for running a stored result again; by default its own profile, provider and model. */
export type RetryOptions = Partial<ExtractOptions>;

export interface WatchRunOptions extends ExtractOptions {
  mode: 'interval' | 'change';
  intervalMs: number;
  threshold?: number;
  display?: string;
  region?: Region;
  maxPerHour?: number;
  maxCostPerDayUsd?: number;
  allowDuplicates?: boolean;
  /** Stops the loop; the extraction under way is finished and saved first. */
  signal: AbortSignal;
  onEvent?(event: WatchEvent): void;
  /** Tests: a virtual clock, frames from elsewhere, a short queue backoff. */
  clock?: Clock;
  capture?: () => Promise<LoadedImage>;
  /** On-change mode: a cheap look at the screen (a thumbnail); by default X11's, where there is one. */
  probe?: () => Promise<FrameSignature | null>;
  queuePolicy?: QueuePolicy;
}

/** Another run of the same result holds its claim (this process or another Extracto). */
export class AlreadyRunningError extends UserError {
  constructor() {
    super({ code: 'result.beingRun' }, { kind: 'usage' });
  }
}

/**
 * Everything Extracto does that is not Electron: the one implementation behind the CLI, the app's
 * IPC handlers and the test harnesses. It owns the data home, the settings, the store and the
 * providers (created on first use and kept, since the offline engine's models are slow to load).
 */
export class AppService {
  readonly paths: DataPaths;
  readonly logger: Logger;
  readonly store: ResultStore;
  /** The settings as this process last read or wrote them (see `settings`). */
  private known: Settings;
  private knownStamp: string | null;
  /** The report, when privacy was made strict because the file's privacy could not be read. */
  private knownStrict: SettingsReport | null;
  /** What was found wrong in settings.json by this process, oldest first. */
  private readonly settingsReports: SettingsReport[] = [];
  private readonly providers = new Map<string, Promise<VisionProvider>>();
  private readonly env: NodeJS.ProcessEnv;
  private queue: RetryQueue | undefined;
  /** The app's queue's backoff (the default's 30 s first wait unless a test shortens it). */
  private readonly queuePolicy: QueuePolicy | undefined;
  private previewer: Previewer | undefined;
  /** The local OCR used for redaction before cloud calls, loaded on first use. */
  private ocr: Promise<OcrEngine> | undefined;
  /** The local OCR as redaction and grounding share it: the last page read is read once. */
  private readonly pages = rememberLastPage(() => (this.ocr ??= this.loadOcr()));

  private constructor(
    paths: DataPaths,
    logger: Logger,
    store: ResultStore,
    env: NodeJS.ProcessEnv,
    queuePolicy: QueuePolicy | undefined,
  ) {
    this.paths = paths;
    this.queuePolicy = queuePolicy;
    this.logger = logger;
    this.store = store;
    this.env = env;
    const read = readSettings(paths.settings, logger);
    this.known = read.settings;
    this.knownStamp = read.stamp;
    this.knownStrict = read.report?.privacyStrict ? read.report : null;
    if (read.report) this.settingsReports.push(read.report);
  }

  /**
   * The settings as settings.json holds them now: read again when another process (the CLI, the
   * app) has changed the file since this one last read or wrote it. A stat per use, so a privacy
   * setting changed elsewhere is honoured at once.
   */
  private get settings(): Settings {
    if (settingsStamp(this.paths.settings) !== this.knownStamp)
      this.adopt(readSettings(this.paths.settings, this.logger));
    return this.known;
  }

  private adopt(read: SettingsRead): void {
    this.known = read.settings;
    this.knownStamp = read.stamp;
    this.knownStrict = read.report?.privacyStrict ? read.report : null;
    const seen = (r: SettingsReport) => JSON.stringify(r) === JSON.stringify(read.report);
    if (read.report && !this.settingsReports.some(seen)) this.settingsReports.push(read.report);
  }

  static async open(options: {
    home: string;
    logger?: Logger;
    env?: NodeJS.ProcessEnv;
    /** The backoff of the app's retry queue (retryQueue()). */
    queuePolicy?: QueuePolicy;
  }): Promise<AppService> {
    // A read-only data home is still read (history, show, export); the store refuses changes.
    const paths = openDataHome(options.home);
    const env = options.env ?? process.env;
    const logger =
      options.logger ??
      (canAppendTo(path.join(paths.logs, 'extracto.log'))
        ? createFileLogger(paths.logs, { secrets: () => secretsIn(env) })
        : silentLogger);
    makeDataHomePrivate(paths.home, logger);
    const store = await ResultStore.open(paths.home, { logger });
    return new AppService(paths, logger, store, env, options.queuePolicy);
  }

  getSettings(): Settings {
    return structuredClone(this.settings);
  }

  /**
   * What was wrong in settings.json when this process read it, and what was done about it (parts
   * dropped, privacy made strict, where the original was copied); empty when it was valid.
   */
  settingsProblems(): SettingsReport[] {
    return structuredClone(this.settingsReports);
  }

  /**
   * Saves settings made from getSettings() just before: only what the caller changed is written,
   * onto the file as it is now, so a change another process made meanwhile is kept. A caller that
   * knows its change should say it with updateSettings.
   */
  async saveSettings(settings: Settings): Promise<void> {
    const base = this.known;
    const mine = SettingsSchema.parse(settings);
    // A redaction pattern the linear-time engine cannot run is refused where it is entered.
    checkNewPatterns(mine.privacy.redact.patterns, base.privacy.redact.patterns);
    await this.updateSettings((current) => mergeSettingsChange(base, mine, current));
  }

  /**
   * Changes the settings: `change` gets them as settings.json holds them now, read under the lock
   * every Extracto process takes to change the file, and returns them changed (or throws to change
   * nothing). Returns the settings as saved.
   */
  async updateSettings(change: (current: Settings) => Settings): Promise<Settings> {
    const checked = (current: Settings) => {
      const next = change(current);
      // Every way of saving (Settings > Privacy sends its section here) refuses a new redaction
      // pattern the linear-time engine cannot run.
      checkNewPatterns(next.privacy.redact.patterns, current.privacy.redact.patterns);
      return next;
    };
    this.adopt(await updateSettingsFile(this.paths.settings, this.logger, checked));
    return structuredClone(this.known);
  }

  profiles(): Profile[] {
    return structuredClone(this.settings.profiles);
  }

  /** By id, or by name ignoring case: people type names. */
  findProfile(idOrName: string): Profile | undefined {
    return findIn(this.settings.profiles, idOrName);
  }

  activeProfile(): Profile | undefined {
    const { activeProfileId, profiles } = this.settings;
    return profiles.find((p) => p.id === activeProfileId) ?? profiles[0];
  }

  /**
   * Adds or replaces a profile (matched by id) in settings.json as it is now; the first profile saved
   * becomes the active one. Another profile of the same name is an error, or is the one replaced
   * with `replaceSameName` (the CLI's `profiles add NAME`, which another process may just have made).
   */
  async saveProfile(
    input: Omit<Profile, 'id'> & { id?: string | undefined },
    options: { activate?: boolean; replaceSameName?: boolean } = {},
  ): Promise<Profile> {
    // The field limit and the pattern engine's check, as one sentence (a usage error).
    let profile = parseProfile({ ...input, id: input.id ?? randomUUID() });
    await this.updateSettings((current) => {
      const clash = current.profiles.find(
        (p) => p.id !== profile.id && p.name.toLowerCase() === profile.name.toLowerCase(),
      );
      if (clash && !options.replaceSameName) throw usageError('profile.exists', { name: clash.name });
      if (clash) profile = { ...profile, id: clash.id };
      const profiles = current.profiles.some((p) => p.id === profile.id)
        ? current.profiles.map((p) => (p.id === profile.id ? profile : p))
        : [...current.profiles, profile];
      const activate = options.activate || current.activeProfileId === null;
      return { ...current, profiles, activeProfileId: activate ? profile.id : current.activeProfileId };
    });
    return profile;
  }

  async removeProfile(idOrName: string): Promise<Profile> {
    let removed: Profile | undefined;
    await this.updateSettings((current) => {
      removed = findIn(current.profiles, idOrName);
      if (!removed) throw usageError('profile.unknown', { name: idOrName });
      const gone = removed.id;
      const profiles = current.profiles.filter((p) => p.id !== gone);
      const activeProfileId =
        current.activeProfileId === gone ? (profiles[0]?.id ?? null) : current.activeProfileId;
      return { ...current, profiles, activeProfileId };
    });
    return removed!;
  }

  /** Makes a profile (by id or name) the active one. */
  async setActiveProfile(idOrName: string): Promise<Profile> {
    let active: Profile | undefined;
    await this.updateSettings((current) => {
      active = findIn(current.profiles, idOrName);
      if (!active) throw usageError('profile.unknown', { name: idOrName });
      return { ...current, activeProfileId: active.id };
    });
    return active!;
  }

  /**
   * What an image of this size is sent as and billed in input tokens (and dollars, when the model's
   * price is known; Settings' price overrides apply) on a provider and model. By default the
   * provider in Settings with its model; when that is the offline engine, which bills nothing, the
   * question is what OpenAI would charge. `extracto tokens` and Settings' estimate both ask here.
   */
  estimateTokens(request: {
    width: number;
    height: number;
    provider?: ProviderId | undefined;
    model?: string | undefined;
    detail?: Detail | undefined;
  }): TokenEstimate {
    const configured = this.settings.provider;
    const provider = request.provider ?? (configured.id === 'local' ? 'openai' : configured.id);
    const model =
      request.model ||
      (provider === configured.id ? configured.model : undefined) ||
      defaultModel(provider, this.env);
    // A size or detail the model cannot take is a usage error with its own sentence; anything
    // else (a token table edited wrongly) is a bug, said as one.
    const estimate = estimateImage(request, { provider, model, detail: request.detail ?? 'auto' });
    const cost = costUsd(model, { inputTokens: estimate.tokens, outputTokens: 0 }, this.settings.prices);
    return { provider, model, ...estimate, ...(cost === undefined ? {} : { costUsd: cost }) };
  }

  /** The provider for an id and connection, created once and reused. */
  provider(id: ProviderId, options: Omit<ProviderOptions, 'logger' | 'env'> = {}): Promise<VisionProvider> {
    const key = `${id} ${options.baseUrl ?? ''}`;
    let provider = this.providers.get(key);
    if (!provider) {
      provider = createProvider(id, { ...options, logger: this.logger, env: this.env });
      // A failed creation (no key) is not cached: the next attempt may have one.
      provider.catch(() => this.providers.delete(key));
      this.providers.set(key, provider);
    }
    return provider;
  }

  /** The provider an extraction with these options would use. */
  providerFor(options: Pick<ExtractOptions, 'provider' | 'baseUrl'>): Promise<VisionProvider> {
    const defaults = this.settings.provider;
    const providerId = options.provider ?? defaults.id;
    const baseUrl = options.baseUrl ?? (providerId === defaults.id ? defaults.baseUrl : undefined);
    return this.provider(providerId, baseUrl === undefined ? {} : { baseUrl });
  }

  async extract(source: ImageSource, options: ExtractOptions): Promise<Result> {
    this.store.assertWritable(); // said before the work, not after it
    return this.afterRead(await this.extractKeeping(source, options));
  }

  /**
   * Settings > Capture > keep screenshots off: the image goes once it has been read; a failed or
   * pending result keeps it, since Retry needs it.
   */
  private afterRead(result: Result): Promise<Result> | Result {
    if (result.status === 'ok' && !this.settings.capture.saveImages && result.image.path)
      return this.store.dropImage(result.id);
    return result;
  }

  private async extractKeeping(source: ImageSource, options: ExtractOptions): Promise<Result> {
    const defaults = this.settings.provider;
    const sameAsDefault = (options.provider ?? defaults.id) === defaults.id;
    const provider = await this.providerFor(options);
    this.refuseIfLocalOnly(provider);
    if (source.kind === 'screen') await this.checkCaptureAllowed();
    return runExtraction(this.pipelinePorts(), {
      source,
      profile: options.profile,
      provider,
      model: options.model ?? (sameAsDefault ? defaults.model : undefined),
      detail: options.detail ?? defaults.detail,
      signal: options.signal,
      ...this.timeout(options.timeoutSeconds),
      localOnly: this.settings.privacy.localOnly,
      ...this.guards(options.profile),
    });
  }

  /**
   * A capture made outside core (the desktop app's desktopCapturer), run through the same pipeline:
   * the excluded-window and local-only guards are asked first, so a refused capture is never taken.
   */
  async extractCapture(capture: () => Promise<LoadedImage>, options: ExtractOptions): Promise<Result> {
    this.refuseIfLocalOnly(await this.providerFor(options));
    await this.checkCaptureAllowed();
    return this.extract({ kind: 'loaded', image: await capture() }, options);
  }

  private refuseIfLocalOnly(provider: VisionProvider): void {
    const { localOnly } = this.settings.privacy;
    const strict = this.knownStrict;
    if (localOnly && strict && provider.leavesMachine)
      throw usageError('privacy.unreadLocalOnly', {
        provider: provider.id,
        file: strict.file,
        copy: strict.copy ?? strict.file,
      });
    checkLocalOnly({ localOnly, provider });
  }

  private pipelinePorts() {
    return createPipelinePorts({
      logger: this.logger,
      store: this.store,
      imageFormat: this.settings.capture.imageFormat,
      prices: this.settings.prices,
    });
  }

  /** Forgets the providers made so far: the next call builds them with the keys as they are now. */
  async resetProviders(): Promise<void> {
    const created = await Promise.allSettled(this.providers.values());
    this.providers.clear();
    await Promise.all(created.map((p) => (p.status === 'fulfilled' ? p.value.close() : undefined)));
  }

  /** The stored image file of a result, only ever inside the images folder; null when there is none. */
  async imageFile(id: string): Promise<string | null> {
    if (!ResultId.safeParse(id).success) return null;
    const result = await this.store.get(id);
    if (!result?.image.path) return null;
    const file = path.resolve(this.paths.images, path.basename(result.image.path));
    return existsSync(file) ? file : null;
  }

  /**
   * What the windows show for a result: its stored image as it is, or, for a document, one of its
   * pages drawn as PNG (the first page read when none is named). A few pages are kept drawn, since
   * the list and the detail ask for the same ones again as a person moves through them.
   */
  async picture(id: string, page?: number): Promise<{ file: string } | { png: Buffer } | null> {
    const file = await this.imageFile(id);
    if (!file?.endsWith('.pdf')) return file ? { file } : null;
    const result = await this.store.get(id);
    const number = page ?? result?.document?.pages[0]?.page ?? 1;
    const key = `${id}#${number}`;
    let png = this.drawnPages.get(key);
    if (!png) {
      const data = await readFile(file);
      png = await renderPage(file, data, number).catch(() => undefined);
      if (!png) return null;
      if (this.drawnPages.size >= DRAWN_PAGES_KEPT)
        this.drawnPages.delete(this.drawnPages.keys().next().value!);
    }
    // Most recently used last, so the oldest is the one let go.
    this.drawnPages.delete(key);
    this.drawnPages.set(key, png);
    return { png };
  }
  private readonly drawnPages = new Map<string, Buffer>();

  /**
   * Who shows the preview before a cloud call (the desktop app's preview window). Without one (the
   * CLI), Settings > Privacy > preview before send cannot be honoured, and remote calls are refused
   * rather than sent unseen.
   */
  setPreviewer(previewer: Previewer | undefined): void {
    this.previewer = previewer;
  }

  /**
   * The hooks for remote providers: the privacy guards Settings > Privacy asks for, and the local
   * read of the page that grounds a model's answer in its words.
   */
  private guards(profile: Profile): Pick<ExtractionJob, 'beforeSend' | 'confirmSend' | 'readPage'> {
    const { redact, previewBeforeSend } = this.settings.privacy;
    const previewer = this.previewer;
    return {
      ...(redact.enabled
        ? { beforeSend: createRedactor(redact, profile, this.pages.engine, this.logger) }
        : {}),
      ...(this.settings.provider.groundAnswers === false ? {} : { readPage: this.pages.readPage }),
      ...(previewBeforeSend
        ? {
            confirmSend: (image: PreparedImage, request: SendRequest) => {
              if (!previewer) throw usageError('privacy.previewNeedsApp');
              return previewer(image, { ...request, profile: profile.name });
            },
          }
        : {}),
    };
  }

  /** Imported on first use, like the providers: most commands never load an OCR model. */
  private async loadOcr(): Promise<OcrEngine> {
    const { createOcrEngine } = await import('../core/providers/local/engines.ts');
    return createOcrEngine(redactionOcr(this.env));
  }

  /** Throws the sentence that says why, when the active window is on the excluded list. */
  private async checkCaptureAllowed(): Promise<void> {
    const blocked = await captureBlocked(this.settings.privacy.excludedWindows, this.env);
    if (blocked) throw new UserError(blocked);
  }

  /** Every pending result (waiting for a provider to be reachable), oldest first, read in full. */
  /**
   * A person's correction of a result's values (History, `extracto` has none): stored with what
   * the extraction said, and the checks run again on the corrected numbers when the result's
   * profile still exists (else its checks are kept as they were).
   */
  correct(id: string, fields: Record<string, FieldValue>): Promise<Result> {
    return this.store.update(id, fields, {
      recheck: (result) => {
        const profile = this.settings.profiles.find((p) => p.id === result.profile.id);
        return profile && result.status === 'ok'
          ? runChecks(profile, result.fields, result.fieldMeta)
          : undefined;
      },
    });
  }

  /**
   * A person's word that values are right as read (History's Confirm): they need no review since,
   * and the values stay as the model read them. No checks run again: no number changed.
   */
  confirm(id: string, keys: readonly string[]): Promise<Result> {
    return this.store.confirm(id, keys);
  }

  async pendingResults(): Promise<Result[]> {
    const items = (await this.store.fetchPage({ status: 'pending', limit: 10_000 })).items;
    const results = await Promise.all(items.map((s) => this.store.get(s.id)));
    return results.filter((r): r is Result => r !== null).reverse();
  }

  /**
   * Runs a stored result again from its image (a pending one, or a failed one a person retries)
   * and stores the outcome under the same id.
   */
  async retry(idOrResult: string | Result, options: RetryOptions = {}): Promise<Result> {
    const id = typeof idOrResult === 'string' ? idOrResult : idOrResult.id;
    this.store.assertWritable();
    // The app's queue, a person's Retry and `extracto retry` in another process can ask at the same
    // moment: one run, not two calls billed. The claim holds across processes.
    const release = await this.store.claim(id);
    if (!release) throw new AlreadyRunningError();
    try {
      // A result read from a list (the queue's pending ones, `retry --all`) may have been run by
      // another process since: what is on disk now decides, and a changed status means it was.
      if (typeof idOrResult !== 'string') {
        const now = await this.store.get(id);
        if (now && now.status !== idOrResult.status) return now;
      }
      return await this.afterRead(await this.retryOnce(idOrResult, options));
    } finally {
      await release();
    }
  }

  private async retryOnce(idOrResult: string | Result, options: RetryOptions): Promise<Result> {
    // A damaged result file is said as such (where it is, left untouched), not as "no result".
    const previous = typeof idOrResult === 'string' ? await this.store.require(idOrResult) : idOrResult;
    const profile =
      options.profile ??
      this.settings.profiles.find((p) => p.id === previous.profile.id) ??
      this.findProfile(previous.profile.name) ??
      oneOffProfile(previous.profile);
    if (!profile) {
      throw usageError('profile.ofResultGone', { name: previous.profile.name, id: previous.id });
    }
    const providerId = options.provider ?? previous.provider;
    const provider = await this.providerFor({
      provider: providerId,
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    });
    this.refuseIfLocalOnly(provider);
    // Its own model when the provider is the same; for another provider, the model Settings name
    // for it (when it is the one in Settings), else that provider's default.
    const model =
      options.model ??
      (providerId === previous.provider
        ? (previous.model ?? undefined)
        : providerId === this.settings.provider.id
          ? this.settings.provider.model || undefined
          : undefined);
    return rerunExtraction(this.pipelinePorts(), previous, {
      profile,
      provider,
      ...(model === undefined ? {} : { model }),
      detail: options.detail ?? previous.detail,
      signal: options.signal,
      ...this.timeout(options.timeoutSeconds),
      localOnly: this.settings.privacy.localOnly,
      ...this.guards(profile),
    });
  }

  /** The wait for a model server: --timeout, else settings' provider.timeoutSeconds, else the provider's. */
  private timeout(seconds: number | undefined): { timeoutMs?: number } {
    const chosen = seconds ?? this.settings.provider.timeoutSeconds;
    return chosen === undefined ? {} : { timeoutMs: Math.round(chosen * 1000) };
  }

  /**
   * The app's offline queue over this store: pending results retried with the default backoff and
   * the settings' provider. One per process, so the tray's timer and automatic capture share one
   * schedule.
   */
  retryQueue(): RetryQueue {
    this.queue ??= this.newRetryQueue({}, this.queuePolicy);
    return this.queue;
  }

  /**
   * A queue of its own, for a run with its own overrides (a base URL, say: they apply to every retry
   * it runs), backoff or clock. Two queues never run one result at once: retry() claims it.
   */
  private newRetryQueue(
    overrides: RetryOptions = {},
    policy?: QueuePolicy,
    clock: Clock = realClock,
  ): RetryQueue {
    return new RetryQueue(
      {
        pending: () => this.pendingResults(),
        rerun: (result) => this.retry(result, overrides),
        clock,
        logger: this.logger,
      },
      policy,
    );
  }

  /**
   * Automatic capture until the signal aborts: see core/auto/watch.ts. Images already in the
   * recent history are not extracted again, spending recorded today counts against the caps, and
   * pending results are retried from the queue while the screen is idle.
   */
  async watch(options: WatchRunOptions): Promise<WatchSummary> {
    const clock = options.clock ?? realClock;
    const { signal, onEvent, ...rest } = options;
    // Checked once up front, so a missing key or a local-only refusal is said before the first poll.
    this.refuseIfLocalOnly(await this.providerFor(options));
    const ports = this.pipelinePorts();
    const capture =
      options.capture ??
      (() =>
        ports.captureScreen({
          ...(options.display ? { display: options.display } : {}),
          ...(options.region ? { region: options.region } : {}),
        }));
    const recent = await this.recentHashes(200);
    const today = new Date(clock.now());
    today.setHours(0, 0, 0, 0);
    const earlier = this.store.list({ from: today.toISOString(), limit: 10_000 }).items.map((s) => ({
      at: Date.parse(s.createdAt),
      ...(s.costUsd === undefined ? {} : { usd: s.costUsd }),
    }));
    const own = options.provider && options.baseUrl;
    const queue =
      own || options.queuePolicy || options.clock
        ? this.newRetryQueue(
            own ? { provider: options.provider, baseUrl: options.baseUrl } : {},
            options.queuePolicy,
            clock,
          )
        : this.retryQueue();
    const excluded = this.settings.privacy.excludedWindows;
    const x11 =
      options.mode === 'change' && !options.capture && !options.probe
        ? await createX11Probe(
            {
              intervalMs: options.intervalMs,
              ...(options.display ? { display: options.display } : {}),
              ...(options.region ? { region: options.region } : {}),
            },
            this.env,
          )
        : null;
    const probe = options.probe ?? (x11 ? () => x11.look() : undefined);
    if (options.mode === 'change' && !options.capture && !probe)
      this.logger.info(
        'watch: no cheap screen probe here (needs X11 and ffmpeg); full captures are compared',
      );
    try {
      return await watch(
        {
          clock,
          capture,
          ...(probe ? { probe } : {}),
          blocked: () => captureBlocked(excluded, this.env),
          // No signal: a stop lets the extraction under way finish and be saved.
          extract: (image) => this.extract({ kind: 'loaded', image }, { ...rest, signal: undefined }),
          seen: (hash) => recent.has(hash),
          idle: () => queue.runDue({ signal, limit: 1 }),
        },
        { ...rest, signal, ...(onEvent ? { onEvent } : {}), earlier },
      );
    } finally {
      x11?.close();
    }
  }

  /** The image hashes of the newest results, for deduplication. */
  private async recentHashes(limit: number): Promise<Set<string>> {
    const items = this.store.list({ limit }).items;
    const results = await Promise.all(items.map((s) => this.store.get(s.id)));
    // A redacted result is known by the capture's hash too: that is what the next capture is.
    return new Set(
      results.flatMap((r) =>
        r ? [r.image.sha256, ...(r.image.capturedSha256 ? [r.image.capturedSha256] : [])] : [],
      ),
    );
  }

  async close(): Promise<void> {
    await this.resetProviders();
    await (await this.ocr)?.close();
    this.ocr = undefined;
    this.store.close();
    await closeImagingPool();
  }
}

/** By id, or by name ignoring case: people type names. */
function findIn(profiles: readonly Profile[], idOrName: string): Profile | undefined {
  const wanted = idOrName.toLowerCase();
  return profiles.find((p) => p.id === idOrName || p.name.toLowerCase() === wanted);
}

/**
 * A one-off profile given with --fields is not saved; its name is the field spec, so a pending
 * result made with one can still be retried.
 */
function oneOffProfile(ref: { id: string; name: string }): Profile | undefined {
  if (!ref.id.startsWith('fields-')) return undefined;
  try {
    return { id: ref.id, name: ref.name, fields: parseFieldSpec(ref.name) };
  } catch {
    return undefined;
  }
}

function redactionOcr(env: NodeJS.ProcessEnv): OcrEngineKind {
  return env.EXTRACTO_OCR === 'tesseract' ? 'tesseract' : 'paddle';
}
