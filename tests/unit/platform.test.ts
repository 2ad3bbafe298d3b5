import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { say } from '../../src/shared/messages/catalogue.ts';
import { APP_ID, captureLimits, isWaylandSession } from '../../src/main/platform.ts';

describe('platform limits', () => {
  it('explains Wayland and the macOS permission, and says nothing when all is well', () => {
    const first = (...args: Parameters<typeof captureLimits>) => say('en', captureLimits(...args)[0]!);
    expect(first('linux', { XDG_SESSION_TYPE: 'wayland' }, 'unknown')).toMatch(/Wayland session/);
    expect(first('darwin', {}, 'denied')).toMatch(/Screen Recording permission/);
    expect(captureLimits('linux', { XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' }, 'unknown')).toEqual([]);
    expect(captureLimits('darwin', {}, 'granted')).toEqual([]);
  });

  it('knows a Wayland session, where shortcuts go through the desktop portal', () => {
    expect(isWaylandSession('linux', { XDG_SESSION_TYPE: 'wayland' })).toBe(true);
    expect(isWaylandSession('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    // XWayland: a DISPLAY beside WAYLAND_DISPLAY in an X11 session stays X11.
    expect(isWaylandSession('linux', { XDG_SESSION_TYPE: 'x11', WAYLAND_DISPLAY: 'w', DISPLAY: ':0' })).toBe(
      false,
    );
    expect(isWaylandSession('darwin', { XDG_SESSION_TYPE: 'wayland' })).toBe(false);
  });

  it('names the app as its installers do, so Windows routes its notifications', async () => {
    const config = await readFile(path.join(import.meta.dirname, '..', '..', 'electron-builder.yml'), 'utf8');
    expect(config).toMatch(new RegExp(`^appId: ${APP_ID.replaceAll('.', '\\.')}$`, 'm'));
  });
});
