import type { MenuItemConstructorOptions } from 'electron';
import { displayAccelerator } from '../shared/accelerator.ts';
import type { Translate } from '../shared/messages/catalogue.ts';

export interface TrayState {
  busy: boolean;
  /** Off: not enabled in Settings; the tray item then starts it. Capped: waiting out a budget cap. */
  autoCapture: 'off' | 'running' | 'capped' | 'paused';
  profiles: { id: string; name: string }[];
  activeProfileId: string | null;
  hotkeys: { capture: string; region: string };
  platform: NodeJS.Platform;
}

export interface TrayActions {
  captureNow(): void;
  captureRegion(): void;
  extractFromFile(): void;
  extractFromClipboard(): void;
  useProfile(id: string): void;
  openHistory(): void;
  openSettings(): void;
  toggleAutoCapture(): void;
  openLogs(): void;
  quit(): void;
}

/** The tray menu as a template: pure, so what the person sees is tested without Electron. */
export function trayMenu(state: TrayState, actions: TrayActions, t: Translate): MenuItemConstructorOptions[] {
  const hint = (accelerator: string) => ` (${displayAccelerator(accelerator, state.platform)})`;
  return [
    {
      label: `${state.busy ? t('working') : t('captureNow')}${hint(state.hotkeys.capture)}`,
      enabled: !state.busy,
      click: actions.captureNow,
    },
    {
      label: `${t('captureRegion')}${hint(state.hotkeys.region)}`,
      enabled: !state.busy,
      click: actions.captureRegion,
    },
    { label: t('extractFromFile'), click: actions.extractFromFile },
    { label: t('extractFromClipboard'), click: actions.extractFromClipboard },
    { type: 'separator' },
    {
      label: t('profile'),
      enabled: state.profiles.length > 0,
      submenu: state.profiles.map((p) => ({
        label: p.name,
        type: 'radio' as const,
        checked: p.id === state.activeProfileId,
        click: () => actions.useProfile(p.id),
      })),
    },
    { label: t('openHistory'), click: actions.openHistory },
    { label: t('settings'), click: actions.openSettings },
    {
      label: {
        off: t('startAutoCapture'),
        running: t('pauseAutoCapture'),
        capped: t('stopCappedAutoCapture'),
        paused: t('resumeAutoCapture'),
      }[state.autoCapture],
      enabled: state.profiles.length > 0,
      click: actions.toggleAutoCapture,
    },
    { type: 'separator' },
    { label: t('openLogs'), click: actions.openLogs },
    { label: t('quit'), click: actions.quit },
  ];
}
