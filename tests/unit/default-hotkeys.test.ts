import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.ts';
import { loadSettings, saveSettings } from '../../src/core/settings-file.ts';
import {
  acceleratorProblem,
  defaultHotkeys,
  displayAccelerator,
  effectiveHotkeys,
} from '../../src/shared/accelerator.ts';
import { DEFAULT_SETTINGS, Settings } from '../../src/shared/settings.ts';

describe('the default shortcuts, by platform', () => {
  it('are ⌘⇧1 and ⌘⇧2 on macOS, where ⌘Space is Spotlight’s', () => {
    const mac = defaultHotkeys('darwin');
    expect(mac).toEqual({ capture: 'CommandOrControl+Shift+1', region: 'CommandOrControl+Shift+2' });
    expect(displayAccelerator(mac.capture, 'darwin')).toBe('⌘⇧1');
    expect(displayAccelerator(mac.region, 'darwin')).toBe('⌘⇧2');
  });

  it.each(['linux', 'win32'])('are Ctrl+Space and Ctrl+Shift+Space on %s, as before', (platform) => {
    const keys = defaultHotkeys(platform);
    expect(keys).toEqual({ capture: 'CommandOrControl+Space', region: 'CommandOrControl+Shift+Space' });
    expect(displayAccelerator(keys.capture, platform)).toBe('Ctrl+Space');
  });

  it.each(['darwin', 'linux', 'win32'])('are valid and distinct on %s', (platform) => {
    const { capture, region } = defaultHotkeys(platform);
    expect(acceleratorProblem(capture)).toBeNull();
    expect(acceleratorProblem(region)).toBeNull();
    expect(capture.toLowerCase()).not.toBe(region.toLowerCase());
  });

  it('give way to the shortcuts the settings store, each on its own', () => {
    expect(effectiveHotkeys({}, 'darwin')).toEqual(defaultHotkeys('darwin'));
    expect(effectiveHotkeys({ hotkey: 'CommandOrControl+Space' }, 'darwin')).toEqual({
      capture: 'CommandOrControl+Space',
      region: 'CommandOrControl+Shift+2',
    });
    expect(effectiveHotkeys({ regionHotkey: 'Alt+R' }, 'linux')).toEqual({
      capture: 'CommandOrControl+Space',
      region: 'Alt+R',
    });
    expect(effectiveHotkeys({ hotkey: 'Ctrl+Alt+E', regionHotkey: 'Ctrl+Alt+R' }, 'win32')).toEqual({
      capture: 'Ctrl+Alt+E',
      region: 'Ctrl+Alt+R',
    });
  });
});

describe('shortcuts in the settings file', () => {
  it('a fresh install stores none, so each platform gets its own default', () => {
    expect(DEFAULT_SETTINGS.capture).not.toHaveProperty('hotkey');
    expect(DEFAULT_SETTINGS.capture).not.toHaveProperty('regionHotkey');
    expect(Settings.parse({ capture: { display: 'primary' } }).capture).toEqual({
      display: 'primary',
      saveImages: true,
      imageFormat: 'png',
    });
  });

  it('a stored shortcut is read back exactly, and saving never writes a default in', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'extracto-hotkeys-'));
    try {
      const file = path.join(dir, 'settings.json');
      // A file as earlier versions wrote it: version 1, the shortcuts spelled out.
      await writeFile(
        file,
        JSON.stringify({
          version: 1,
          capture: { hotkey: 'CommandOrControl+Space', regionHotkey: 'Ctrl+Alt+Q', display: 'cursor' },
        }),
      );
      const old = loadSettings(file, silentLogger);
      expect(old.capture).toMatchObject({ hotkey: 'CommandOrControl+Space', regionHotkey: 'Ctrl+Alt+Q' });
      expect(effectiveHotkeys(old.capture, 'darwin')).toEqual({
        capture: 'CommandOrControl+Space',
        region: 'Ctrl+Alt+Q',
      });
      await saveSettings(file, old);
      expect(JSON.parse(await readFile(file, 'utf8')).capture).toMatchObject({
        hotkey: 'CommandOrControl+Space',
        regionHotkey: 'Ctrl+Alt+Q',
      });

      // A new install, saved after another change: still no shortcut in the file.
      const fresh = path.join(dir, 'fresh.json');
      const settings = loadSettings(fresh, silentLogger);
      await saveSettings(fresh, { ...settings, capture: { ...settings.capture, display: 'all' } });
      const written = JSON.parse(await readFile(fresh, 'utf8')) as Settings;
      expect(written.capture).toEqual({ display: 'all', saveImages: true, imageFormat: 'png' });
      expect(effectiveHotkeys(loadSettings(fresh, silentLogger).capture, 'darwin')).toEqual(
        defaultHotkeys('darwin'),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
