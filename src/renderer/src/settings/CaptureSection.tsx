import { useCallback, useEffect, useState } from 'react';
import { effectiveHotkeys } from '../../../shared/accelerator.ts';
import type { IpcResponse } from '../../../shared/ipc.ts';
import type { Settings } from '../../../shared/settings.ts';
import { useApi } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { PLATFORM } from '../platform.ts';
import { Check } from '../ui/Check.tsx';
import { HotkeyRecorder } from './HotkeyRecorder.tsx';
import { SectionStatus } from './SectionStatus.tsx';
import { useSection } from './useSection.ts';

type Hotkeys = IpcResponse<'hotkeys:status'>;

/** One combination cannot start both a capture and a region capture. */
function distinctHotkeys(draft: Settings['capture']): boolean {
  const shown = effectiveHotkeys(draft, PLATFORM);
  return shown.capture.toLowerCase() !== shown.region.toLowerCase();
}

/** Shortcuts (recorded by pressing them, with what the system said), and which screen to capture. */
export function CaptureSection({
  initial,
  onSaved,
}: {
  initial: Settings['capture'];
  onSaved: (settings: Settings) => void;
}) {
  const api = useApi();
  const { t } = useI18n();
  // After each save, main has registered the shortcuts anew: ask what it said.
  const section = useSection('capture', initial, {
    valid: distinctHotkeys,
    onSaved: (settings) => {
      ask();
      onSaved(settings);
    },
  });
  const [hotkeys, setHotkeys] = useState<Hotkeys | undefined>(undefined);

  // Only the desktop app registers shortcuts; in a plain browser there is nobody to ask.
  const ask = useCallback(() => {
    api.hotkeysStatus().then(setHotkeys, () => setHotkeys(undefined));
  }, [api]);
  useEffect(ask, [ask]);

  const { draft, setDraft, status, dirty, undo } = section;
  // A shortcut not recorded yet is this platform's default, shown as such and saved as absent (so
  // saving the section never writes today's default into the file).
  const shown = effectiveHotkeys(draft, PLATFORM);
  const same = shown.capture.toLowerCase() === shown.region.toLowerCase();
  return (
    <section className="card" aria-labelledby="capture-title">
      <h2 id="capture-title">{t('captureTitle')}</h2>
      <div className="provider-grid">
        <HotkeyRecorder
          id="hotkey-capture"
          label={t('hotkeyCapture')}
          value={shown.capture}
          onChange={(hotkey) => setDraft({ ...draft, hotkey })}
          registered={hotkeys?.capture}
          unsaved={dirty}
        />
        <HotkeyRecorder
          id="hotkey-region"
          label={t('hotkeyRegion')}
          value={shown.region}
          onChange={(regionHotkey) => setDraft({ ...draft, regionHotkey })}
          registered={hotkeys?.region}
          unsaved={dirty}
          problem={same ? t('hotkeySame') : undefined}
        />
        <div className="control">
          <label htmlFor="capture-display">{t('displayLabel')}</label>
          <select
            id="capture-display"
            value={draft.display}
            onChange={(e) => setDraft({ ...draft, display: e.target.value as 'cursor' | 'primary' | 'all' })}
          >
            <option value="cursor">{t('display_cursor')}</option>
            <option value="primary">{t('display_primary')}</option>
            <option value="all">{t('display_all')}</option>
          </select>
        </div>
      </div>
      <div className="stack">
        <div className="control control-narrow">
          <label htmlFor="image-format">{t('imageFormatLabel')}</label>
          <select
            id="image-format"
            value={draft.imageFormat}
            disabled={!draft.saveImages}
            onChange={(e) => setDraft({ ...draft, imageFormat: e.target.value as 'png' | 'jpeg' })}
          >
            <option value="png">{t('imageFormat_png')}</option>
            <option value="jpeg">{t('imageFormat_jpeg')}</option>
          </select>
        </div>
        <Check
          id="save-images"
          label={t('saveImagesLabel')}
          hint={t('saveImagesHint')}
          checked={draft.saveImages}
          onChange={(saveImages) => setDraft({ ...draft, saveImages })}
        />
      </div>
      {hotkeys && hotkeys.limits.length > 0 && (
        <div className="limits" role="note">
          <h3>{t('limitsTitle')}</h3>
          <ul>
            {hotkeys.limits.map((limit) => (
              <li key={limit.code}>{t.say(limit)}</li>
            ))}
          </ul>
        </div>
      )}
      <SectionStatus status={status} undo={undo} />
    </section>
  );
}
