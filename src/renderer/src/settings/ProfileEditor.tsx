import { useEffect, useMemo, useState } from 'react';
import { notOnPageFor, wantsSecondOpinion } from '../../../shared/field.ts';
import { useI18n } from '../i18n.ts';
import { TextInput } from '../ui/TextInput.tsx';
import { ChecksToggles } from './ChecksToggles.tsx';
import { emptyField, fromDraft, move, validate, type ProfileDraft } from './draft.ts';
import { FieldRow } from './FieldRow.tsx';
import { ModelAnswers } from './ModelAnswers.tsx';
import { problemText } from './problems.ts';
import { SchemaPanel } from './SchemaPanel.tsx';

interface Props {
  draft: ProfileDraft;
  dirty: boolean;
  /** Errors appear once the person has had a go (a save attempt), not on a blank new field. */
  showProblems: boolean;
  onChange: (draft: ProfileDraft) => void;
  /** Validates and saves (the window also saves from its unsaved-changes question). */
  onSave: () => void;
}

/**
 * The name, fields and checks of one profile, and what becomes of a model's answers, validated as
 * they are typed against the shared schema.
 */
export function ProfileEditor({ draft, dirty, showProblems, onChange, onSave }: Props) {
  const { t } = useI18n();
  const problems = useMemo(() => validate(draft), [draft]);
  const valid = Object.keys(problems).length === 0;
  const [focusUid, setFocusUid] = useState<string | null>(null);
  const shown = showProblems ? problems : {};
  // The profile's choice: what a field without a choice of its own follows.
  const notOnPage = notOnPageFor(draft, {});

  useEffect(() => {
    if (!focusUid) return;
    document.getElementById(`field-${focusUid}-label`)?.focus();
    setFocusUid(null);
  }, [focusUid]);

  const setFields = (fields: ProfileDraft['fields']) => onChange({ ...draft, fields });
  const addField = () => {
    const field = emptyField();
    setFields([...draft.fields, field]);
    setFocusUid(field.uid);
  };

  return (
    <form
      className="editor"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <TextInput
        id="profile-name"
        label={t('profileName')}
        value={draft.name}
        error={shown.name ? problemText(shown.name, t) : undefined}
        onChange={(name) => onChange({ ...draft, name })}
      />
      <div className="section-head">
        <h3 id="fields-title">{t('fieldsTitle')}</h3>
        <span className="hint">{t('fieldReorderHint')}</span>
      </div>
      {shown.fields && <p className="error">{problemText(shown.fields, t)}</p>}
      <ol className="fields" aria-labelledby="fields-title">
        {draft.fields.map((field, i) => (
          <FieldRow
            key={field.uid}
            field={field}
            index={i}
            count={draft.fields.length}
            problems={shown}
            profileNotOnPage={notOnPage}
            onChange={(next) => setFields(draft.fields.map((f) => (f.uid === field.uid ? next : f)))}
            onMove={(to) => setFields(move(draft.fields, i, to))}
            onRemove={() => setFields(draft.fields.filter((f) => f.uid !== field.uid))}
          />
        ))}
      </ol>
      <div className="actions">
        <button type="button" onClick={addField}>
          + {t('fieldAdd')}
        </button>
      </div>
      <ChecksToggles off={draft.checksOff} onChange={(checksOff) => onChange({ ...draft, checksOff })} />
      <ModelAnswers
        notOnPage={notOnPage}
        // The default follows the number of fields until the person sets it (draft.ts).
        secondOpinion={wantsSecondOpinion(fromDraft(draft))}
        onNotOnPage={(notOnPage) => onChange({ ...draft, notOnPage })}
        onSecondOpinion={(secondOpinion) => onChange({ ...draft, secondOpinion })}
      />
      <div className="actions">
        <span className="spacer" />
        {dirty && <span className="hint">{t('profileUnsaved')}</span>}
        <button type="submit" className="primary">
          {t('profileSave')}
        </button>
      </div>
      <SchemaPanel draft={draft} valid={valid} />
    </form>
  );
}
