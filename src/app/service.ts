import { randomUUID } from 'node:crypto';
import type { Profile } from '../shared/field.ts';
import { Profile as ProfileSchema } from '../shared/field.ts';
import type { Detail, ProviderId, Result } from '../shared/result.ts';
import type { Settings } from '../shared/settings.ts';
import { usageError } from '../shared/errors.ts';
import { ensureDataHome, type DataPaths } from '../core/paths.ts';
import type { Logger } from '../core/log.ts';
import { createFileLogger } from '../core/file-logger.ts';
import { loadSettings, saveSettings } from '../core/settings-file.ts';
import { ResultStore } from '../core/store/store.ts';
import { runExtraction, type ImageSource } from '../core/pipeline.ts';
import { createPipelinePorts } from '../core/pipeline-ports.ts';
import { createProvider, type ProviderOptions } from '../core/providers/registry.ts';
import type { VisionProvider } from '../core/providers/types.ts';
import { closeImagingPool } from '../core/imaging/pool.ts';

export interface ExtractOptions {
  profile: Profile;
  provider?: ProviderId;
  model?: string;
  baseUrl?: string;
  detail?: Detail;
  signal?: AbortSignal;
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
  private settings: Settings;
  private readonly providers = new Map<string, Promise<VisionProvider>>();
  private readonly env: NodeJS.ProcessEnv;

  private constructor(paths: DataPaths, logger: Logger, store: ResultStore, env: NodeJS.ProcessEnv) {
    this.paths = paths;
    this.logger = logger;
    this.store = store;
    this.env = env;
    this.settings = loadSettings(paths.settings, logger);
  }

  static async open(options: {
    home: string;
    logger?: Logger;
    env?: NodeJS.ProcessEnv;
  }): Promise<AppService> {
    const paths = ensureDataHome(options.home);
    const env = options.env ?? process.env;
    const logger = options.logger ?? createFileLogger(paths.logs, { secrets: () => secretsIn(env) });
    const store = await ResultStore.open(paths.home, { logger });
    return new AppService(paths, logger, store, env);
  }

  getSettings(): Settings {
    return structuredClone(this.settings);
  }

  async saveSettings(settings: Settings): Promise<void> {
    await saveSettings(this.paths.settings, settings);
    this.settings = structuredClone(settings);
  }

  profiles(): Profile[] {
    return structuredClone(this.settings.profiles);
  }

  /** By id, or by name ignoring case: people type names. */
  findProfile(idOrName: string): Profile | undefined {
    const wanted = idOrName.toLowerCase();
    return this.settings.profiles.find((p) => p.id === idOrName || p.name.toLowerCase() === wanted);
  }

  activeProfile(): Profile | undefined {
    const { activeProfileId, profiles } = this.settings;
    return profiles.find((p) => p.id === activeProfileId) ?? profiles[0];
  }

  /** Adds or replaces a profile (matched by id); the first profile saved becomes the active one. */
  async saveProfile(
    input: Omit<Profile, 'id'> & { id?: string },
    options: { activate?: boolean } = {},
  ): Promise<Profile> {
    const profile = ProfileSchema.parse({ ...input, id: input.id ?? randomUUID() });
    const clash = this.settings.profiles.find(
      (p) => p.id !== profile.id && p.name.toLowerCase() === profile.name.toLowerCase(),
    );
    if (clash) throw usageError(`A profile named "${clash.name}" already exists.`);
    const profiles = this.settings.profiles.filter((p) => p.id !== profile.id).concat(profile);
    const activate = options.activate || this.settings.activeProfileId === null;
    await this.saveSettings({
      ...this.settings,
      profiles,
      activeProfileId: activate ? profile.id : this.settings.activeProfileId,
    });
    return profile;
  }

  async removeProfile(idOrName: string): Promise<Profile> {
    const profile = this.findProfile(idOrName);
    if (!profile) throw usageError(`There is no profile named "${idOrName}".`);
    const profiles = this.settings.profiles.filter((p) => p.id !== profile.id);
    const activeProfileId =
      this.settings.activeProfileId === profile.id
        ? (profiles[0]?.id ?? null)
        : this.settings.activeProfileId;
    await this.saveSettings({ ...this.settings, profiles, activeProfileId });
    return profile;
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
    const defaults = this.settings.provider;
    const sameAsDefault = (options.provider ?? defaults.id) === defaults.id;
    const provider = await this.providerFor(options);
    return runExtraction(createPipelinePorts({ logger: this.logger, store: this.store }), {
      source,
      profile: options.profile,
      provider,
      model: options.model ?? (sameAsDefault ? defaults.model : undefined),
      detail: options.detail ?? defaults.detail,
      signal: options.signal,
    });
  }

  async close(): Promise<void> {
    const created = await Promise.allSettled(this.providers.values());
    await Promise.all(created.map((p) => (p.status === 'fulfilled' ? p.value.close() : undefined)));
    this.providers.clear();
    this.store.close();
    await closeImagingPool();
  }
}

function secretsIn(env: NodeJS.ProcessEnv): string[] {
  return [env.OPENAI_API_KEY, env.ANTHROPIC_API_KEY].filter((s): s is string => typeof s === 'string');
}
