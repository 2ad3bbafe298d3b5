import { useCallback, useEffect, useState } from 'react';
import type { SettingsPatch } from '../../../shared/ipc.ts';
import type { Settings } from '../../../shared/settings.ts';
import { useApi } from '../api.ts';
import { sayError, useI18n } from '../i18n.ts';

export type SectionKey = 'capture' | 'privacy' | 'auto' | 'locale';

export interface Section<K extends SectionKey> {
  /** Null until the settings are read. */
  draft: Settings[K] | null;
  setDraft: (next: Settings[K]) => void;
  dirty: boolean;
  /** Saves the draft, or `next` when given (a change saved at once, before the draft re-renders). */
  save: (next?: Settings[K]) => Promise<Settings | null>;
  status: { message: string; error?: boolean };
  setStatus: (status: { message: string; error?: boolean }) => void;
}

/**
 * One section of the settings as a draft the person edits and saves on its own (so saving privacy
 * never overwrites a capture change made in another window meanwhile): settings:save replaces
 * only the sections it is given.
 */
export function useSection<K extends SectionKey>(key: K): Section<K> {
  const api = useApi();
  const { t } = useI18n();
  const [saved, setSaved] = useState<Settings[K] | null>(null);
  const [draft, setDraft] = useState<Settings[K] | null>(null);
  const [status, setStatus] = useState<{ message: string; error?: boolean }>({ message: '' });

  useEffect(() => {
    api.settingsGet().then(
      (s) => {
        setSaved(s[key]);
        setDraft(s[key]);
      },
      (e: unknown) => setStatus({ message: sayError(t, e), error: true }),
    );
  }, [api, key]);

  const save = useCallback(
    async (next?: Settings[K]) => {
      const value = next ?? draft;
      if (value === null) return null;
      try {
        const settings = await api.settingsSave({ [key]: value } as SettingsPatch);
        setSaved(settings[key]);
        setDraft(settings[key]);
        setStatus({ message: t('saved') });
        return settings;
      } catch (e) {
        setStatus({ message: sayError(t, e), error: true });
        return null;
      }
    },
    [api, draft, key, t],
  );

  return {
    draft,
    setDraft,
    dirty: JSON.stringify(draft) !== JSON.stringify(saved),
    save,
    status,
    setStatus,
  };
}
