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
      'Extract from file…',
      'Extract from clipboard',
      '—',
      'Profile',
      'Open history',
      'Settings…',
      'Pause auto-capture',
      '—',
      'Open logs folder',
      'Quit Extracto',
    ]);
    const profiles = menu[5]!.submenu as { label: string; checked: boolean; click: () => void }[];
    expect(profiles.map((p) => [p.label, p.checked])).toEqual([
      ['Invoices', false],
      ['Receipts', true],
    ]);
    profiles[0]!.click();
    expect(calls).toContain('useProfile:a');
    for (const item of menu.slice(2, 4)) (item.click as () => void)();
    expect(calls).toEqual(['useProfile:a', 'extractFromFile', 'extractFromClipboard']);
  });

  it('shows work in progress and speaks Spanish', () => {
    const menu = trayMenu({ ...state, busy: true, autoCapture: 'paused' }, actions, translator('es'));
    expect(menu[0]).toMatchObject({ label: 'Procesando… (Ctrl+Space)', enabled: false });
    expect(menu[8]!.label).toBe('Reanudar captura automática');
    expect(menu.slice(2, 4).map((i) => i.label)).toEqual([
      'Extraer de un archivo…',
      'Extraer del portapapeles',
    ]);
    expect(trayMenu({ ...state, autoCapture: 'off' }, actions, translator('en'))[8]!.label).toBe(
      'Start auto-capture',
    );
    expect(pickLocale('auto', ['es-MX'])).toBe('es');
    expect(pickLocale('auto', ['de-DE'])).toBe('en');
    expect(pickLocale('en', ['es-ES'])).toBe('en');
  });
});
