import { useCallback, useEffect, useRef, useState } from 'react';
import type { SettingsPatch } from '../../../shared/ipc.ts';
import type { Settings } from '../../../shared/settings.ts';
import { useApi } from '../api.ts';
import { sayError, useI18n } from '../i18n.ts';

export type SectionKey = 'capture' | 'privacy' | 'auto' | 'locale';

/** How long typing may pause before the section is saved: a word, not every key. */
export const SAVE_DELAY_MS = 600;

export interface SectionOptions<K extends SectionKey> {
  /** Whether a draft may be saved: one with a mistake stays unsaved while its message shows. */
  valid?: (draft: Settings[K]) => boolean;
  /** After each save, with the settings as they are now (the capture section asks about shortcuts). */
  onSaved?: (settings: Settings) => void;
}

export interface Section<K extends SectionKey> {
  draft: Settings[K];
  /** A change the person made: saved by itself once typing pauses, when it is valid. */
  setDraft: (next: Settings[K]) => void;
  /** Saves `next` (or the draft) now: a change meant to be seen at once, such as the language. */
  save: (next?: Settings[K]) => Promise<Settings | null>;
  /** The draft differs from what is saved (a change waiting for its pause, or one with a mistake). */
  dirty: boolean;
  /** Puts back what the section was before its last save; null when there is nothing to undo. */
  undo: (() => Promise<void>) | null;
  status: { message: string; error?: boolean };
  setStatus: (status: { message: string; error?: boolean }) => void;
}

/**
 * One section of the settings, saved as the person edits it (as desktop settings windows do; no
 * Save button), with an Undo for the last save. Each section saves only itself: settings:save
 * replaces only the sections it is given, so a change another window made meanwhile is kept.
 *
 * `initial` is the section as the window read the settings, once for all sections: each section
 * reading them on its own drew the page in pieces, the sections below moving down under the
 * pointer as those above arrived.
 */
export function useSection<K extends SectionKey>(
  key: K,
  initial: Settings[K],
  options: SectionOptions<K> = {},
): Section<K> {
  const api = useApi();
  const { t } = useI18n();
  const [draft, setDraftState] = useState<Settings[K]>(initial);
  const [before, setBefore] = useState<Settings[K] | null>(null);
  const [status, setStatus] = useState<{ message: string; error?: boolean }>({ message: '' });
  const saved = useRef<Settings[K]>(initial);
  const pending = useRef<{ timer: number; value: Settings[K] } | null>(null);
  const latest = useRef(options);
  latest.current = options;

  /** Writes `value`; `undoTo` is what Undo will put back (null: this write is itself an undo). */
  const write = useCallback(
    async (value: Settings[K], undoTo: Settings[K] | null) => {
      try {
        const settings = await api.settingsSave({ [key]: value } as SettingsPatch);
        saved.current = settings[key];
        setBefore(undoTo);
        setStatus({ message: t(undoTo === null ? 'undone' : 'saved') });
        latest.current.onSaved?.(settings);
        return settings;
      } catch (e) {
        setStatus({ message: sayError(t, e), error: true });
        return null;
      }
    },
    [api, key, t],
  );

  const flush = useCallback(() => {
    const waiting = pending.current;
    if (!waiting) return;
    window.clearTimeout(waiting.timer);
    pending.current = null;
    void write(waiting.value, saved.current);
  }, [write]);

  // A change still waiting for its pause is saved when the window or the section goes away.
  useEffect(() => {
    window.addEventListener('beforeunload', flush);
    return () => {
      window.removeEventListener('beforeunload', flush);
      flush();
    };
  }, [flush]);

  const setDraft = useCallback(
    (next: Settings[K]) => {
      setDraftState(next);
      if (pending.current) window.clearTimeout(pending.current.timer);
      pending.current = null;
      if (!(latest.current.valid?.(next) ?? true)) return;
      pending.current = { value: next, timer: window.setTimeout(flush, SAVE_DELAY_MS) };
    },
    [flush],
  );

  const save = useCallback(
    async (next?: Settings[K]) => {
      const value = next ?? draft;
      if (pending.current) window.clearTimeout(pending.current.timer);
      pending.current = null;
      return write(value, saved.current);
    },
    [draft, write],
  );

  const undo =
    before === null
      ? null
      : async () => {
          if (pending.current) window.clearTimeout(pending.current.timer);
          pending.current = null;
          setDraftState(before);
          await write(before, null);
        };

  const dirty = JSON.stringify(draft) !== JSON.stringify(saved.current);
  return { draft, setDraft, save, undo, dirty, status, setStatus };
}
