import { z } from 'zod';
import { translator, type Translate } from './messages/catalogue.ts';

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

/**
 * The report in sentences: in English for the log, in the person's language for stderr. Where a
 * part is and the schema's reason stay as recorded (English: they name keys and values).
 */
export function describeSettingsReport(report: SettingsReport, t: Translate = translator('en')): string {
  const sentences: string[] = [];
  if (report.unreadable !== undefined) {
    sentences.push(t('settings.reportUnreadable', { file: report.file, why: report.unreadable }));
  } else {
    const items = report.problems.map((p) => {
      const detail = `${p.value === undefined ? '' : `${p.value}: `}${p.reason}`;
      return t(p.outcome === 'dropped' ? 'settings.itemDropped' : 'settings.itemDefault', {
        what: p.what,
        detail,
      });
    });
    sentences.push(t('settings.reportErrors', { file: report.file, items: items.join('; ') }));
  }
  if (report.privacyStrict) sentences.push(t('settings.reportPrivacy'));
  if (report.providerReset) sentences.push(t('settings.reportProvider'));
  if (report.copy) sentences.push(t('settings.reportCopy', { copy: report.copy }));
  return sentences.join(' ');
}
