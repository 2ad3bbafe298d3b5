import { z } from 'zod';
import { StoredProfile } from './field.ts';
import { Detail, ProviderId, Region } from './result.ts';

const SETTINGS_VERSION = 1;

/** What redaction can find and black out by itself (core/privacy/patterns.ts has their rules). */
export const REDACTION_KINDS = ['card', 'iban', 'email', 'phone'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

export const ProviderSettings = z.object({
  id: ProviderId.default('local'),
  /** Empty: the provider's default model. */
  model: z.string().optional(),
  baseUrl: z.string().url().optional(),
  detail: Detail.default('auto'),
  /**
   * The longest wait for a model server's answer, in seconds, retries and waits between them
   * included (`--timeout` in the CLI). Absent: the provider's default (models.ts). A timed-out
   * extraction is kept as pending and retried later. The offline engine is not limited.
   */
  timeoutSeconds: z.number().positive().optional(),
  /**
   * Look for each value a cloud model returns among the words of the page, read by the local OCR
   * while the model answers (core/grounding): a value not on the page is marked for review. Off
   * saves the OCR's CPU time on every cloud extraction. Absent: on.
   */
  groundAnswers: z.boolean().optional(),
});
export type ProviderSettings = z.infer<typeof ProviderSettings>;

/**
 * Every default is written once, on its field: a missing section is parsed from {} (`prefault`), so
 * its fields' defaults fill it.
 */
export const Settings = z.object({
  version: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  // Read leniently: a profile saved before a newer check still loads (see StoredProfile).
  profiles: z.array(StoredProfile).default([]),
  activeProfileId: z.string().nullable().default(null),
  provider: ProviderSettings.prefault({}),
  capture: z
    .object({
      /**
       * The global shortcuts (Electron accelerators), absent until the person records one: absent
       * means this platform's default, which this schema cannot know (it runs in the renderer too),
       * so the one rule is effectiveHotkeys() in accelerator.ts. A stored shortcut is kept as is.
       */
      hotkey: z.string().optional(),
      regionHotkey: z.string().optional(),
      display: z.enum(['cursor', 'primary', 'all']).default('cursor'),
      saveImages: z.boolean().default(true),
      /** How screenshots are kept: PNG keeps text sharp; JPEG (quality 90) takes a third of the disk. */
      imageFormat: z.enum(['png', 'jpeg']).default('png'),
    })
    .prefault({}),
  privacy: z
    .object({
      previewBeforeSend: z.boolean().default(false),
      localOnly: z.boolean().default(false),
      /**
       * Never capture while the active window's title contains one of these (case-insensitive),
       * e.g. a password manager or a bank's site.
       */
      excludedWindows: z.array(z.string()).default([]),
      /** Black out sensitive text found by the local OCR before an image goes to a cloud model. */
      redact: z
        .object({
          enabled: z.boolean().default(false),
          /** Built-in kinds to black out. */
          kinds: z.array(z.enum(REDACTION_KINDS)).default([...REDACTION_KINDS]),
          /** The user's own patterns (regular expressions), e.g. a national id format. */
          patterns: z.array(z.string()).default([]),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Automatic capture (the tray toggle and `extracto watch`). */
  auto: z
    .object({
      enabled: z.boolean().default(false),
      mode: z.enum(['interval', 'change']).default('change'),
      /** Interval mode: seconds between captures; on-change mode: seconds between looks. */
      intervalSeconds: z.number().positive().default(2),
      /** Share of the screen that must change, 0 to 1. */
      threshold: z.number().min(0).max(1).default(0.005),
      region: Region.optional(),
      /** Caps; absent means no cap. */
      maxPerHour: z.number().int().positive().optional(),
      maxCostPerDayUsd: z.number().positive().optional(),
      /** Extract an image identical to one already in the history again. */
      allowDuplicates: z.boolean().default(false),
    })
    .prefault({}),
  locale: z.enum(['auto', 'en', 'es']).default('auto'),
  /**
   * Prices that override the built-in, dated table (USD per million tokens), by model name: a
   * negotiated rate, or a model newer than this build.
   */
  prices: z
    .record(z.string(), z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }))
    .default({}),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});
