import { useState } from 'react';
import { FIELD_ROLES, FIELD_TYPES, type FieldType, type NotOnPage } from '../../../shared/field.ts';
import { fieldRole } from '../../../shared/roles.ts';
import { useI18n } from '../i18n.ts';
import { TextInput } from '../ui/TextInput.tsx';
import { ColumnsEditor } from './ColumnsEditor.tsx';
import { emptyColumn, withLabel, type FieldDraft, type Problems } from './draft.ts';
import { NotOnPageSelect } from './NotOnPageSelect.tsx';
import { problemText } from './problems.ts';
import { moveByKeyboard } from './reorder.ts';
import { RoleSelect } from './RoleSelect.tsx';
import { RowActions } from './RowActions.tsx';

const NUMERIC_OR_DATE: readonly FieldType[] = ['number', 'currency', 'date'];

interface Props {
  field: FieldDraft;
  index: number;
  count: number;
  problems: Problems;
  /** What the profile does with a value not on the page, for a field without its own choice. */
  profileNotOnPage: NotOnPage;
  onChange: (field: FieldDraft) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}

/**
 * One field of a profile: what to read, how to type it, what it is for the checks; a table's
 * columns beneath; its key, description and hints for the offline engine under Advanced.
 */
export function FieldRow({
  field,
  index,
  count,
  problems,
  profileNotOnPage,
  onChange,
  onMove,
  onRemove,
}: Props) {
  const { t } = useI18n();
  const id = `field-${field.uid}`;
  const name = field.label.trim() || t('fieldUntitled', { n: index + 1 });
  const problem = (at: string) => {
    const message = problems[`fields.${index}.${at}`];
    return message ? problemText(message, t) : undefined;
  };

  const table = field.type === 'table';
  // The checks compare amounts and dates: a role is offered where one can apply, and kept in
  // view once set, so it can be taken off again.
  const hasRole = NUMERIC_OR_DATE.includes(field.type) || field.role !== undefined;
  // A table starts with one column to fill in: it cannot be saved with none.
  const setType = (type: FieldType) =>
    onChange({
      ...field,
      type,
      columns: type === 'table' && field.columns.length === 0 ? [emptyColumn()] : field.columns,
    });

  // What a clerk needs is the label, the type and whether it is required; the key, the
  // description for the model and the offline engine's hints are for tuning. They open by
  // themselves when one holds something set, or a problem that must be seen.
  const [advanced, setAdvanced] = useState(
    () =>
      !field.autoKey ||
      field.notOnPage !== undefined ||
      [field.description, field.labels, field.pattern].some((v) => v.trim() !== ''),
  );
  // A key made from an empty label is wrong only because the label is missing, which the label
  // says: that alone opens nothing.
  const keyProblem = field.autoKey && !field.label.trim() ? undefined : problem('key');
  if (!advanced && (keyProblem || problem('hints.pattern'))) setAdvanced(true);
  const example = t(`fieldExample_${field.type}`);

  return (
    // Keyboard reordering from anywhere inside the row; focus stays in the moved row.
    <li className="field-row" onKeyDown={(e) => moveByKeyboard(e, index, onMove)}>
      <fieldset aria-label={name}>
        <div className="field-grid">
          <TextInput
            id={`${id}-label`}
            label={t('fieldLabel')}
            value={field.label}
            error={problem('label')}
            placeholder={t('fieldLabelExample', { example })}
            onChange={(label) => onChange(withLabel(field, label))}
          />
          <div className="control">
            <label htmlFor={`${id}-type`}>{t('fieldType')}</label>
            <select
              id={`${id}-type`}
              value={field.type}
              onChange={(e) => setType(e.target.value as FieldType)}
            >
              {FIELD_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`type_${type}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="control control-check">
            <input
              id={`${id}-required`}
              type="checkbox"
              checked={field.required}
              onChange={(e) => onChange({ ...field, required: e.target.checked })}
            />
            <label htmlFor={`${id}-required`}>{t('fieldRequired')}</label>
          </div>
          {table ? (
            <ColumnsEditor
              id={id}
              label={field.label}
              columns={field.columns}
              problem={problem}
              onChange={(columns) => onChange({ ...field, columns })}
            />
          ) : (
            hasRole && (
              <RoleSelect
                id={`${id}-role`}
                roles={FIELD_ROLES}
                value={field.role}
                fromKey={fieldRole({ key: field.key, type: field.type })}
                onChange={(role) => onChange({ ...field, role })}
                className="span-2"
              />
            )
          )}
          <details
            className="advanced span-all"
            open={advanced}
            onToggle={(e) => setAdvanced(e.currentTarget.open)}
          >
            <summary>
              {t('fieldAdvanced')} <span className="hint">{t('fieldAdvancedHint')}</span>
            </summary>
            <div className="advanced-grid">
              <TextInput
                id={`${id}-key`}
                label={t('fieldKey')}
                value={field.key}
                error={keyProblem}
                className="mono"
                onChange={(key) => onChange({ ...field, key, autoKey: false })}
              />
              <TextInput
                id={`${id}-pattern`}
                label={t('fieldHintPattern')}
                value={field.pattern}
                error={problem('hints.pattern')}
                className="mono"
                onChange={(pattern) => onChange({ ...field, pattern })}
              />
              <TextInput
                id={`${id}-description`}
                label={t('fieldDescription')}
                value={field.description}
                className="span-all"
                onChange={(description) => onChange({ ...field, description })}
              />
              <TextInput
                id={`${id}-labels`}
                label={t('fieldHintLabels')}
                // The field's own name is the likeliest label on the page: the example is this field's.
                placeholder={t('fieldHintLabelsHint', { label: field.label.trim() || example })}
                value={field.labels}
                className="span-all"
                onChange={(labels) => onChange({ ...field, labels })}
              />
              {/* Last, on a line of its own: in a column beside the key and the pattern, its choices are cut. */}
              <NotOnPageSelect
                id={`${id}-not-on-page`}
                value={field.notOnPage}
                fromProfile={profileNotOnPage}
                onChange={(notOnPage) => onChange({ ...field, notOnPage })}
              />
            </div>
          </details>
        </div>
        <RowActions
          className="row-actions"
          index={index}
          count={count}
          labels={{
            up: t('fieldMoveUp', { label: name }),
            down: t('fieldMoveDown', { label: name }),
            remove: t('fieldRemove', { label: name }),
          }}
          onMove={onMove}
          onRemove={onRemove}
        />
      </fieldset>
    </li>
  );
}
