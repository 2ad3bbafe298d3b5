import { describe, expect, it } from 'vitest';
import { translator } from '../../src/shared/messages/catalogue.ts';
import { pickLocale } from '../../src/shared/messages/locale.ts';
import { trayMenu, type TrayActions } from '../../src/main/tray-menu.ts';

describe('tray menu', () => {
  const calls: string[] = [];
  const actions = new Proxy({} as TrayActions, {
    get: (_t, name: string) => (arg?: string) => calls.push(arg ? `${name}:${arg}` : name),
  });
  const state = {
    busy: false,
    autoCapture: 'running' as 'off' | 'running' | 'paused',
    profiles: [
      { id: 'a', name: 'Invoices' },
      { id: 'b', name: 'Receipts' },
    ],
    activeProfileId: 'b',
    hotkeys: { capture: 'CommandOrControl+Space', region: 'CommandOrControl+Shift+Space' },
    platform: 'linux' as const,
  };

  it('lists the actions with their shortcuts and the active profile checked', () => {
    const menu = trayMenu(state, actions, translator('en'));
    expect(menu.map((i) => i.label ?? '—')).toEqual([
      'Capture now (Ctrl+Space)',
      'Capture region (Ctrl+Shift+Space)',
      '—',
      'Profile',
      'Open history',
      'Settings…',
      'Pause auto-capture',
      '—',
      'Open logs folder',
      'Quit Extracto',
    ]);
    const profiles = menu[3]!.submenu as { label: string; checked: boolean; click: () => void }[];
    expect(profiles.map((p) => [p.label, p.checked])).toEqual([
      ['Invoices', false],
      ['Receipts', true],
    ]);
    profiles[0]!.click();
    expect(calls).toContain('useProfile:a');
  });

  it('shows work in progress and speaks Spanish', () => {
    const menu = trayMenu({ ...state, busy: true, autoCapture: 'paused' }, actions, translator('es'));
    expect(menu[0]).toMatchObject({ label: 'Procesando… (Ctrl+Space)', enabled: false });
    expect(menu[6]!.label).toBe('Reanudar captura automática');
    expect(trayMenu({ ...state, autoCapture: 'off' }, actions, translator('en'))[6]!.label).toBe(
      'Start auto-capture',
    );
    expect(pickLocale('auto', ['es-MX'])).toBe('es');
    expect(pickLocale('auto', ['de-DE'])).toBe('en');
    expect(pickLocale('en', ['es-ES'])).toBe('en');
  });
});
