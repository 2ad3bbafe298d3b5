import { describe, expect, it } from 'vitest';
import { acceleratorFromKey, acceleratorProblem, displayAccelerator } from '../../src/shared/accelerator.ts';
import { say } from '../../src/shared/messages/catalogue.ts';

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
