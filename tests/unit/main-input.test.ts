import { describe, expect, it } from 'vitest';
import { acceleratorFromKey, acceleratorProblem, displayAccelerator } from '../../src/shared/accelerator.ts';
import { say } from '../../src/shared/messages/catalogue.ts';
import { CaptureRunner, type CaptureKind } from '../../src/main/capture-runner.ts';
import { Hotkeys } from '../../src/main/hotkeys.ts';
import type { ShortcutPort } from '../../src/main/ports.ts';

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

describe('accelerators', () => {
  it.each([
    ['CommandOrControl+Space', null],
    ['Ctrl+Shift+E', null],
    ['Alt+F12', null],
    ['Space', /needs a modifier/],
    ['Ctrl+', /not a key combination/],
    ['Hyper+Space', /"hyper" .* is not a modifier/],
    ['Ctrl+Ctrl+A', /repeats a modifier/],
    ['Ctrl+Banana', /"banana" .* is not a key/],
  ])('%s', (accelerator, problem) => {
    const problemFound = acceleratorProblem(accelerator);
    const found = problemFound && say('en', problemFound);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it('are recorded from the physical keys pressed, whatever the layout types', () => {
    const press = (
      code: string,
      mods: Partial<Record<'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey', boolean>>,
    ) => ({
      code,
      ctrlKey: false,
      altKey: false,
      shiftKey: false,
      metaKey: false,
      ...mods,
    });
    expect(acceleratorFromKey(press('Space', { ctrlKey: true }), false)).toBe('CommandOrControl+Space');
    expect(acceleratorFromKey(press('Space', { metaKey: true }), true)).toBe('CommandOrControl+Space');
    expect(acceleratorFromKey(press('KeyE', { ctrlKey: true, shiftKey: true }), false)).toBe(
      'CommandOrControl+Shift+E',
    );
    expect(acceleratorFromKey(press('F12', { altKey: true }), false)).toBe('Alt+F12');
    expect(acceleratorFromKey(press('Digit4', { metaKey: true }), false)).toBe('Super+4');
    // Only modifiers so far, or a key no shortcut can use: nothing yet.
    expect(acceleratorFromKey(press('ControlLeft', { ctrlKey: true }), false)).toBeNull();
    expect(acceleratorFromKey(press('IntlRo', { ctrlKey: true }), false)).toBeNull();
    // A bare key is recorded as pressed; acceleratorProblem says what is wrong with it.
    expect(say('en', acceleratorProblem(acceleratorFromKey(press('KeyA', {}), false)!)!)).toMatch(
      /needs a modifier/,
    );
    for (const code of ['Space', 'KeyZ', 'Digit0', 'F24', 'ArrowUp', 'Slash', 'PageDown'])
      expect(acceleratorProblem(acceleratorFromKey(press(code, { altKey: true }), false)!)).toBeNull();
  });

  it('reads as the platform writes it', () => {
    expect(displayAccelerator('CommandOrControl+Shift+Space', 'linux')).toBe('Ctrl+Shift+Space');
    expect(displayAccelerator('CommandOrControl+Shift+Space', 'darwin')).toBe('⌘⇧Space');
  });
});

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

describe('CaptureRunner', () => {
  function runner(runMs = 20) {
    const runs: CaptureKind[] = [];
    const busy: boolean[] = [];
    const errors: unknown[] = [];
    const r = new CaptureRunner({
      run: async (kind) => {
        runs.push(kind);
        await new Promise((res) => setTimeout(res, runMs));
        if (kind === 'region' && runs.length === 1) throw new Error('boom');
      },
      onBusy: (b) => busy.push(b),
      onError: (e) => errors.push(e),
    });
    return { r, runs, busy, errors };
  }

  it('queues one capture for presses during a run, never more, and never two at once', async () => {
    const { r, runs, busy } = runner();
    const first = r.trigger('screen');
    const presses = [r.trigger('screen'), r.trigger('screen'), r.trigger('screen')];
    expect(r.busy).toBe(true);
    await Promise.all([first, ...presses]);
    expect(runs).toEqual(['screen', 'screen']);
    expect(busy).toEqual([true, false]);
    expect(r.busy).toBe(false);
  });

  it('keeps going after a failed capture and reports it', async () => {
    const { r, runs, errors } = runner();
    const a = r.trigger('region');
    const b = r.trigger('screen');
    await Promise.all([a, b]);
    expect(runs).toEqual(['region', 'screen']);
    expect(errors).toHaveLength(1);
  });

  it('starts afresh after it went idle', async () => {
    const { r, runs, busy } = runner(5);
    await r.trigger('screen');
    await r.trigger('region');
    expect(runs).toEqual(['screen', 'region']);
    expect(busy).toEqual([true, false, true, false]);
  });
});
