import { useEffect, useState } from 'react';
import { COLUMN_ROLES, COLUMN_TYPES, MAX_COLUMNS, type ColumnType } from '../../../shared/field.ts';
import { columnRole } from '../../../shared/roles.ts';
import { useI18n } from '../i18n.ts';
import { TextInput } from '../ui/TextInput.tsx';
import { emptyColumn, move, withLabel, type ColumnDraft } from './draft.ts';
import { moveByKeyboard } from './reorder.ts';
import { RoleSelect } from './RoleSelect.tsx';
import { RowActions } from './RowActions.tsx';

interface Props {
  /** The table field's id prefix (`field-<uid>`): every control's id starts with it. */
  id: string;
  /** The table's label as typed, for the legend. */
  label: string;
  columns: ColumnDraft[];
  /** Problems by path under the field ("columns", "columns.1.key"), already in the window's words. */
  problem: (at: string) => string | undefined;
  onChange: (columns: ColumnDraft[]) => void;
}

/** A table field's columns: each a label, a key, a type and a role, in the order of the document. */
export function ColumnsEditor({ id, label, columns, problem, onChange }: Props) {
  const { t } = useI18n();
  const [focusUid, setFocusUid] = useState<string | null>(null);

  // A new column's label takes the focus: type straight into it, as with a new field.
  useEffect(() => {
    if (!focusUid) return;
    document.getElementById(`${id}-col-${focusUid}-label`)?.focus();
    setFocusUid(null);
  }, [focusUid, id]);

  const add = () => {
    const column = emptyColumn();
    onChange([...columns, column]);
    setFocusUid(column.uid);
  };
  const full = columns.length >= MAX_COLUMNS;
  return (
    <fieldset className="columns span-all">
      <legend>{t('columnsTitle', { label: label.trim() || t('type_table') })}</legend>
      <p className="hint">{t('columnsHint')}</p>
      {problem('columns') && <p className="error">{problem('columns')}</p>}
      <ol className="column-list">
        {columns.map((column, i) => (
          <ColumnRow
            key={column.uid}
            id={`${id}-col-${column.uid}`}
            column={column}
            index={i}
            count={columns.length}
            problem={(at) => problem(`columns.${i}.${at}`)}
            onChange={(next) => onChange(columns.map((c) => (c.uid === column.uid ? next : c)))}
            onMove={(to) => onChange(move(columns, i, to))}
            onRemove={() => onChange(columns.filter((c) => c.uid !== column.uid))}
          />
        ))}
      </ol>
      <div className="actions">
        <button type="button" onClick={add} disabled={full}>
          + {t('columnAdd')}
        </button>
        {full && <span className="hint">{t('columnsMax', { max: MAX_COLUMNS })}</span>}
      </div>
    </fieldset>
  );
}

interface RowProps {
  id: string;
  column: ColumnDraft;
  index: number;
  count: number;
  problem: (at: string) => string | undefined;
  onChange: (column: ColumnDraft) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}

function ColumnRow({ id, column, index, count, problem, onChange, onMove, onRemove }: RowProps) {
  const { t } = useI18n();
  const name = column.label.trim() || t('columnUntitled', { n: index + 1 });
  return (
    <li onKeyDown={(e) => moveByKeyboard(e, index, onMove)}>
      <fieldset className="column-row" aria-label={name}>
        <TextInput
          id={`${id}-label`}
          label={t('columnName')}
          value={column.label}
          error={problem('label')}
          onChange={(label) => onChange(withLabel(column, label))}
        />
        <TextInput
          id={`${id}-key`}
          label={t('fieldKey')}
          value={column.key}
          error={problem('key')}
          className="mono"
          onChange={(key) => onChange({ ...column, key, autoKey: false })}
        />
        <div className="control">
          <label htmlFor={`${id}-type`}>{t('fieldType')}</label>
          <select
            id={`${id}-type`}
            value={column.type}
            onChange={(e) => onChange({ ...column, type: e.target.value as ColumnType })}
          >
            {COLUMN_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`type_${type}`)}
              </option>
            ))}
          </select>
        </div>
        <RoleSelect
          id={`${id}-role`}
          roles={COLUMN_ROLES}
          value={column.role}
          fromKey={columnRole({ key: column.key })}
          onChange={(role) => onChange({ ...column, role })}
        />
        <RowActions
          className="column-actions"
          index={index}
          count={count}
          labels={{
            up: t('columnMoveUp', { label: name }),
            down: t('columnMoveDown', { label: name }),
            remove: t('columnRemove', { label: name }),
          }}
          onMove={onMove}
          onRemove={onRemove}
        />
      </fieldset>
    </li>
  );
}
