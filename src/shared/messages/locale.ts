/** The languages Extracto speaks. English is the fallback for any other. */
export type Locale = 'en' | 'es';

/** What Settings > Language stores: a language, or "as the system". */
type LocaleSetting = 'auto' | Locale;

/**
 * The language to speak: the one Settings name, else the first of the system's languages Extracto
 * speaks ("es-MX", "es_ES.UTF-8" and "es" all mean Spanish), else English. Main passes Electron's
 * locale, the windows the browser's languages, the CLI its environment (systemLanguages below).
 */
export function pickLocale(setting: LocaleSetting, systemLanguages: readonly string[]): Locale {
  if (setting !== 'auto') return setting;
  for (const tag of systemLanguages) {
    const base = tag.toLowerCase().split(/[-_.@]/)[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'en';
}

/**
 * A terminal's languages, as gettext reads them: LC_ALL, else LC_MESSAGES, else LANG names the
 * locale; unless that is C or POSIX (no language at all), LANGUAGE may list preferred ones first.
 */
export function systemLanguages(env: Readonly<Record<string, string | undefined>>): string[] {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  if (locale === undefined || /^(C|POSIX)([._@]|$)/.test(locale)) return [];
  return [...(env.LANGUAGE ?? '').split(':').filter((v) => v !== ''), locale];
}
