import { useI18n } from '../i18n.ts';
import type { MessageCode } from '../../../shared/messages/catalogue.ts';

export interface NavSection {
  /** The id of the section's heading. */
  id: string;
  label: MessageCode;
}

const SECTIONS: readonly NavSection[] = [
  { id: 'provider-title', label: 'providerTitle' },
  { id: 'capture-title', label: 'captureTitle' },
  { id: 'auto-title', label: 'autoTitle' },
  { id: 'privacy-title', label: 'privacyTitle' },
  { id: 'language-title', label: 'languageTitle' },
];

/**
 * Jumps to a section of the long Settings page; `first` is what the page starts with (the
 * profile's fields, or the first-run steps while there is no profile), so no entry leads
 * nowhere. Buttons, not #anchors: the window's route lives in the URL's hash (#/settings), and a
 * link to #capture would replace it.
 */
export function SectionNav({ first }: { first: NavSection | null }) {
  const { t } = useI18n();
  const go = (id: string) => {
    const heading = document.getElementById(id);
    if (!heading) return;
    heading.scrollIntoView({ behavior: 'smooth', block: 'start' });
    // Focus follows, so keyboard users continue from the section they chose.
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  };
  return (
    <nav className="section-nav" aria-label={t('sectionsLabel')}>
      <h2>{t('sectionsLabel')}</h2>
      <ul>
        {(first ? [first, ...SECTIONS] : SECTIONS).map((s) => (
          <li key={s.id}>
            <button type="button" className="link" onClick={() => go(s.id)}>
              {t(s.label)}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
