import { z } from 'zod';

/**
 * What was wrong in settings.json when it was read, and what was done about it: the parts that are
 * valid are kept, each part that is not is dropped (a profile, a field, a price) or falls back to
 * its default (a key), and the original file is copied aside. Shown on stderr by the CLI and in the
 * Settings window by the app.
 */
export const SettingsProblem = z.object({
  /** Where in settings.json, as a path: ["profiles", 1, "fields", 0, "type"]. */
  path: z.array(z.union([z.string(), z.number()])),
  /** The same for people: 'type of field "Total" in profile "Invoices"', "capture.display". */
  what: z.string(),
  /** The value that was there, shortened (absent for a profile or a section). */
  value: z.string().optional(),
  /** The schema's message (an English fragment), e.g. 'Invalid input: expected boolean'. */
  reason: z.string(),
  /** "dropped": removed (a profile, a field, a list item); "default": the key's default is used. */
  outcome: z.enum(['dropped', 'default']),
});
export type SettingsProblem = z.infer<typeof SettingsProblem>;

export const SettingsReport = z.object({
  /** The settings file that was read. */
  file: z.string(),
  /** Where the original file was copied, untouched. */
  copy: z.string().optional(),
  /** Set when nothing in the file could be read (not JSON): every setting is its default. */
  unreadable: z.string().optional(),
  problems: z.array(SettingsProblem),
  /**
   * Privacy could not be read in full, so local-only is on: nothing goes to a cloud provider until
   * privacy is set again (Settings > Privacy, or the file). A privacy setting is never relaxed
   * because something was wrong.
   */
  privacyStrict: z.boolean(),
  /** The provider (or where it sends images) could not be read: the offline engine is used. */
  providerReset: z.boolean(),
});
export type SettingsReport = z.infer<typeof SettingsReport>;

/** The report in English sentences, for stderr and the log. */
export function describeSettingsReport(report: SettingsReport): string {
  const sentences: string[] = [];
  if (report.unreadable !== undefined) {
    sentences.push(
      `${report.file} could not be read (${report.unreadable}), so every setting is its default.`,
    );
  } else {
    const items = report.problems.map((p) => {
      const detail = `${p.value === undefined ? '' : `${p.value}: `}${p.reason}`;
      return `${p.what} (${detail}) ${p.outcome === 'dropped' ? 'was dropped' : 'was reset to its default'}`;
    });
    sentences.push(`${report.file} has errors, so only its valid parts are used: ${items.join('; ')}.`);
  }
  if (report.privacyStrict)
    sentences.push(
      'Privacy could not be read, so local-only is on: nothing is sent to a cloud provider until privacy is set again (Settings > Privacy).',
    );
  if (report.providerReset)
    sentences.push(
      'The provider could not be read, so the offline engine is used until one is chosen again.',
    );
  if (report.copy) sentences.push(`The original file is kept at ${report.copy}.`);
  return sentences.join(' ');
}
