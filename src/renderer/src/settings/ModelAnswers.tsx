import { NOT_ON_PAGE, SECOND_OPINION_UNDER, type NotOnPage } from '../../../shared/field.ts';
import { useI18n } from '../i18n.ts';
import { Check } from '../ui/Check.tsx';

interface Props {
  notOnPage: NotOnPage;
  /** Whether the offline engine gives its second opinion: as set, else the default for the fields. */
  secondOpinion: boolean;
  onNotOnPage: (choice: NotOnPage) => void;
  onSecondOpinion: (on: boolean) => void;
}

/**
 * What becomes of a cloud model's (or a local model server's) answers for this profile: a value
 * not on the page kept and flagged, or left empty; and whether the offline engine reads the fields
 * too, as a second opinion. The offline engine's own answers come from the page, so neither
 * applies to it.
 */
export function ModelAnswers({ notOnPage, secondOpinion, onNotOnPage, onSecondOpinion }: Props) {
  const { t } = useI18n();
  return (
    <fieldset className="checks-toggles" aria-describedby="model-answers-hint">
      <legend>{t('answersTitle')}</legend>
      <p id="model-answers-hint" className="hint">
        {t('answersHint')}
      </p>
      <fieldset className="detail">
        <legend>{t('notOnPageTitle')}</legend>
        {NOT_ON_PAGE.map((choice) => (
          <div key={choice} className="radio">
            <input
              type="radio"
              id={`not-on-page-${choice}`}
              name="not-on-page"
              checked={notOnPage === choice}
              onChange={() => onNotOnPage(choice)}
            />
            <label htmlFor={`not-on-page-${choice}`}>{t(`notOnPage_${choice}`)}</label>
          </div>
        ))}
      </fieldset>
      <Check
        id="second-opinion"
        label={t('secondOpinion')}
        hint={t('secondOpinionHint', { under: SECOND_OPINION_UNDER })}
        checked={secondOpinion}
        onChange={onSecondOpinion}
      />
    </fieldset>
  );
}
