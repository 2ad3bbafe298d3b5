import { useRef, useState } from 'react';
import type { HotkeyStatus } from '../../../shared/ipc.ts';
import { acceleratorFromKey, displayAccelerator } from '../../../shared/accelerator.ts';
import { useI18n } from '../i18n.ts';
import { MAC, PLATFORM } from '../platform.ts';

const MODIFIER_CODES = /^(Control|Shift|Alt|Meta|OS)(Left|Right)?$/;

/**
 * A shortcut shown as the platform writes it, and recorded by pressing it: Change, then the
 * combination (Esc cancels). What main said when it registered the shortcut is shown beneath.
 */
export function HotkeyRecorder({
  id,
  label,
  value,
  onChange,
  registered,
  unsaved,
  problem,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (accelerator: string) => void;
  /** Main's answer for the saved shortcut; undefined where there is no desktop app to ask. */
  registered: HotkeyStatus | undefined;
  /** A change not saved yet: main has not tried it, so its answer is about the old one. */
  unsaved: boolean;
  problem?: string | undefined;
}) {
  const { t } = useI18n();
  const [recording, setRecording] = useState(false);
  const [hint, setHint] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const note = problem ?? hint;
  const said =
    registered === undefined
      ? t('hotkeyUnknown')
      : unsaved
        ? t('hotkeyOnSave')
        : registered.ok
          ? t('hotkeyOk')
          : t.say(registered.message);
  return (
    <div className="control">
      <label htmlFor={id}>{label}</label>
      <div className="hotkey">
        <kbd className="hotkey-value" aria-live="polite">
          {recording ? t('hotkeyRecording') : displayAccelerator(value, PLATFORM)}
        </kbd>
        <button
          type="button"
          id={id}
          ref={button}
          aria-pressed={recording}
          aria-describedby={`${id}-note`}
          onClick={() => {
            setHint('');
            setRecording(!recording);
          }}
          onBlur={() => setRecording(false)}
          onKeyDown={(e) => {
            if (!recording) return;
            e.preventDefault();
            if (e.key === 'Escape') {
              setRecording(false);
              return;
            }
            if (MODIFIER_CODES.test(e.code)) return;
            const accelerator = acceleratorFromKey(e.nativeEvent, MAC);
            if (!accelerator) return;
            if (!accelerator.includes('+')) {
              setHint(t('hotkeyNeedsModifier'));
              return;
            }
            setHint('');
            setRecording(false);
            onChange(accelerator);
          }}
        >
          {t('hotkeyChange')}
        </button>
      </div>
      <span id={`${id}-note`} className={note || (registered && !registered.ok) ? 'error' : 'hint'}>
        {note || said}
      </span>
    </div>
  );
}
