import type { Profile } from '../../../shared/field.ts';
import { useRef } from 'react';
import { useI18n } from '../i18n.ts';

interface Props {
  profiles: Profile[];
  activeId: string | null;
  selectedId: string | null;
  /** The name of a new profile being edited, not saved yet; null when there is none. */
  draftName: string | null;
  /** The profile being edited has changes not saved. */
  dirty: boolean;
  onSelect: (id: string | null) => void;
  onNew: () => void;
  onDuplicate: () => void;
  onDelete: () => void;
  onActivate: () => void;
  onExport: () => void;
  /** The text of a file the person picked. */
  onImport: (text: string) => void;
}

export function ProfileList(props: Props) {
  const { t } = useI18n();
  const { profiles, activeId, selectedId, draftName, dirty } = props;
  const selectedSaved = profiles.some((p) => p.id === selectedId);
  const file = useRef<HTMLInputElement>(null);
  return (
    <aside className="sidebar" aria-labelledby="profiles-title">
      <h2 id="profiles-title">{t('profilesTitle')}</h2>
      <p className="hint">{t('profilesHint')}</p>
      {/* What to do first is in the main column's first-run steps. */}
      {profiles.length === 0 && draftName === null && <p className="empty">{t('profileNone')}</p>}
      <ul className="profile-list">
        {profiles.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              className="profile-item"
              aria-current={p.id === selectedId ? 'true' : undefined}
              onClick={() => props.onSelect(p.id)}
            >
              <span className="profile-name">{p.name}</span>
              {p.id === activeId && <span className="badge">{t('profileActive')}</span>}
              {p.id === selectedId && dirty && (
                <span className="badge badge-changed">{t('profileUnsavedBadge')}</span>
              )}
            </button>
          </li>
        ))}
        {draftName !== null && (
          // The new profile is in the list while it is edited, marked as not saved yet.
          <li>
            <button
              type="button"
              className="profile-item"
              aria-current="true"
              onClick={() => document.getElementById('profile-name')?.focus()}
            >
              <span className="profile-name">{draftName.trim() || t('profileNewName')}</span>
              <span className="badge badge-changed">{t('profileUnsavedBadge')}</span>
            </button>
          </li>
        )}
      </ul>
      <div className="stack">
        <button type="button" onClick={props.onNew}>
          + {t('profileNew')}
        </button>
        <button type="button" onClick={props.onDuplicate} disabled={!selectedSaved}>
          {t('profileDuplicate')}
        </button>
        <button type="button" onClick={props.onActivate} disabled={!selectedSaved || selectedId === activeId}>
          {t('profileMakeActive')}
        </button>
        <button type="button" onClick={props.onExport} disabled={!selectedSaved}>
          {t('profileExport')}
        </button>
        <button type="button" onClick={() => file.current?.click()}>
          {t('profileImport')}
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label={t('profileImport')}
          onChange={async (e) => {
            const picked = e.target.files?.[0];
            e.target.value = '';
            if (picked) props.onImport(await picked.text());
          }}
        />
        <button type="button" className="danger" onClick={props.onDelete} disabled={!selectedSaved}>
          {t('profileDelete')}
        </button>
      </div>
    </aside>
  );
}
