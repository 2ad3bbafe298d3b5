import type { Settings } from '../../../shared/settings.ts';
import { useI18n } from '../i18n.ts';
import { Status } from '../ui/Status.tsx';
import { useSection } from './useSection.ts';

const LOCALES = ['auto', 'en', 'es'] as const;

/** The language of the windows and of main's tray menu and notifications. */
export function LanguageSection({
  initial,
  onChange,
}: {
  initial: Settings['locale'];
  onChange: (locale: Settings['locale']) => void;
}) {
  const { t } = useI18n();
  const { draft, setDraft, save, status } = useSection('locale', initial);
  return (
    <section className="card" aria-labelledby="language-title">
      <h2 id="language-title">{t('languageTitle')}</h2>
      <div className="control control-narrow">
        <label htmlFor="locale">{t('languageLabel')}</label>
        <select
          id="locale"
          value={draft}
          onChange={async (e) => {
            const locale = e.target.value as (typeof LOCALES)[number];
            setDraft(locale);
            // Saved at once: a language is chosen to be seen.
            const saved = await save(locale);
            if (saved) onChange(saved.locale);
          }}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {t(`language_${l}`)}
            </option>
          ))}
        </select>
      </div>
      <Status {...status} />
    </section>
  );
}
