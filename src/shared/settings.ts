import { z } from 'zod';
import { Profile } from './field.ts';
import { Detail, ProviderId } from './result.ts';

export const SETTINGS_VERSION = 1;

export const ProviderSettings = z.object({
  id: ProviderId.default('local'),
  /** Empty: the provider's default model. */
  model: z.string().optional(),
  baseUrl: z.string().url().optional(),
  detail: Detail.default('auto'),
});
export type ProviderSettings = z.infer<typeof ProviderSettings>;

export const Settings = z.object({
  version: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  profiles: z.array(Profile).default([]),
  activeProfileId: z.string().nullable().default(null),
  provider: ProviderSettings.default({ id: 'local', detail: 'auto' }),
  capture: z
    .object({
      hotkey: z.string().default('CommandOrControl+Space'),
      regionHotkey: z.string().default('CommandOrControl+Shift+Space'),
      display: z.enum(['cursor', 'primary', 'all']).default('cursor'),
      saveImages: z.boolean().default(true),
    })
    .default({
      hotkey: 'CommandOrControl+Space',
      regionHotkey: 'CommandOrControl+Shift+Space',
      display: 'cursor',
      saveImages: true,
    }),
  privacy: z
    .object({ previewBeforeSend: z.boolean().default(false), localOnly: z.boolean().default(false) })
    .default({ previewBeforeSend: false, localOnly: false }),
  locale: z.enum(['auto', 'en', 'es']).default('auto'),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});
