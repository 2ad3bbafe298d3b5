import { describe, expect, it } from 'vitest';
import { Hotkeys } from '../../src/main/hotkeys.ts';
import type { ShortcutPort } from '../../src/main/ports.ts';
import { say } from '../../src/shared/messages/catalogue.ts';

/** A shortcut table like the OS's: combinations another app holds cannot be registered. */
function shortcuts(heldElsewhere: string[] = []) {
  const active = new Map<string, () => void>();
  const port: ShortcutPort = {
    register(accelerator, callback) {
      if (heldElsewhere.includes(accelerator) || active.has(accelerator)) return false;
      active.set(accelerator, callback);
      return true;
    },
    unregister(accelerator) {
      active.delete(accelerator);
    },
  };
  return { port, active };
}

describe('Hotkeys', () => {
  const noop = { capture: () => {}, region: () => {} };

  it('registers both and reports a combination another app holds', () => {
    const { port, active } = shortcuts(['CommandOrControl+Space']);
    const status = new Hotkeys(port).apply(
      { capture: 'CommandOrControl+Space', region: 'CommandOrControl+Shift+Space' },
      noop,
    );
    expect(status.capture).toMatchObject({ ok: false, reason: 'taken' });
    if (!status.capture.ok)
      expect(say('en', status.capture.message)).toMatch(/already used by another app.*Settings → Capture/);
    expect(status.region).toEqual({ ok: true });
    expect([...active.keys()]).toEqual(['CommandOrControl+Shift+Space']);
  });

  it('releases the old combinations when changed, and refuses an invalid one without throwing', () => {
    const { port, active } = shortcuts();
    const hotkeys = new Hotkeys(port);
    hotkeys.apply({ capture: 'Ctrl+Space', region: 'Ctrl+Shift+Space' }, noop);
    const status = hotkeys.apply({ capture: 'Alt+E', region: 'Space' }, noop);
    expect(status.capture).toEqual({ ok: true });
    expect(status.region).toMatchObject({ ok: false, reason: 'invalid' });
    expect([...active.keys()]).toEqual(['Alt+E']);
    hotkeys.releaseAll();
    expect(active.size).toBe(0);
  });

  it('does not give both actions the same combination', () => {
    const { port } = shortcuts();
    const status = new Hotkeys(port).apply({ capture: 'Ctrl+Space', region: 'ctrl+space' }, noop);
    expect(status.capture.ok).toBe(true);
    expect(status.region).toMatchObject({ ok: false, reason: 'taken' });
  });

  it('calls the handler the OS fires', () => {
    const { port, active } = shortcuts();
    let fired = '';
    new Hotkeys(port).apply(
      { capture: 'Ctrl+Space', region: 'Ctrl+Shift+Space' },
      { capture: () => (fired = 'capture'), region: () => (fired = 'region') },
    );
    active.get('Ctrl+Shift+Space')!();
    expect(fired).toBe('region');
  });
});
