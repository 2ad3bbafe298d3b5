import type { ColumnRole, FieldRole } from '../../../shared/field.ts';
import { useI18n } from '../i18n.ts';

interface Props<R extends FieldRole | ColumnRole> {
  id: string;
  roles: readonly R[];
  value: R | undefined;
  /** The role its key gives when none is picked (shared/roles.ts): named in the first choice. */
  fromKey: R | undefined;
  onChange: (role: R | undefined) => void;
  className?: string;
}

/**
 * What a field or column is for the checks (a total, a line's amount). The first choice leaves it
 * to the key, and says what the key makes of it, so a person sees when they need to pick.
 */
export function RoleSelect<R extends FieldRole | ColumnRole>({
  id,
  roles,
  value,
  fromKey,
  onChange,
  className,
}: Props<R>) {
  const { t } = useI18n();
  const name = (role: FieldRole | ColumnRole) => t(`role_${role}`);
  return (
    <div className={className ? `control ${className}` : 'control'}>
      <label htmlFor={id}>{t('fieldRole')}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(roles.find((r) => r === e.target.value))}>
        <option value="">{fromKey ? t('roleFromKey', { role: name(fromKey) }) : t('roleFromKeyNone')}</option>
        {roles.map((role) => (
          <option key={role} value={role}>
            {name(role)}
          </option>
        ))}
      </select>
    </div>
  );
}
