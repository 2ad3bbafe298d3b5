import { CHECK_IDS, type CheckId } from '../../../shared/field.ts';
import { useI18n } from '../i18n.ts';
import { Check } from '../ui/Check.tsx';

/** The profile's checks on the numbers, each on unless turned off here (profile.checksOff). */
export function ChecksToggles({ off, onChange }: { off: CheckId[]; onChange: (off: CheckId[]) => void }) {
  const { t } = useI18n();
  return (
    <fieldset className="checks-toggles" aria-describedby="checks-toggles-hint">
      <legend>{t('profileChecksTitle')}</legend>
      <p id="checks-toggles-hint" className="hint">
        {t('profileChecksHint')}
      </p>
      {CHECK_IDS.map((check) => (
        <Check
          key={check}
          id={`check-${check}`}
          label={t(`check_${check}`)}
          checked={!off.includes(check)}
          // Kept in CHECK_IDS order, so the file does not change with the order they were clicked.
          onChange={(on) => onChange(CHECK_IDS.filter((c) => (c === check ? !on : off.includes(c))))}
        />
      ))}
    </fieldset>
  );
}
