import { NOT_ON_PAGE, type NotOnPage } from '../../../shared/field.ts';
import { useI18n } from '../i18n.ts';

interface Props {
  id: string;
  /** The field's own choice; unset: the profile's. */
  value: NotOnPage | undefined;
  /** The profile's choice, named in the first option, so a person sees what "as the profile" is. */
  fromProfile: NotOnPage;
  onChange: (choice: NotOnPage | undefined) => void;
}

/** What becomes of this field's value when a model gives one that is not on the page. */
export function NotOnPageSelect({ id, value, fromProfile, onChange }: Props) {
  const { t } = useI18n();
  return (
    <div className="control span-all">
      <label htmlFor={id}>{t('fieldNotOnPage')}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => onChange(NOT_ON_PAGE.find((c) => c === e.target.value))}
      >
        <option value="">{t('fieldNotOnPageProfile', { choice: t(`fieldNotOnPage_${fromProfile}`) })}</option>
        {NOT_ON_PAGE.map((choice) => (
          <option key={choice} value={choice}>
            {t(`fieldNotOnPage_${choice}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
