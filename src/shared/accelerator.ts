import { message } from './messages/catalogue.ts';
import type { Message } from './messages/message.ts';
/**
 * Electron accelerator syntax ("CommandOrControl+Shift+Space"): one or more modifiers and exactly
 * one key. Checked before registering, because globalShortcut throws on a malformed string and a
 * bare key ("Space") would swallow that key system-wide.
 */
const MODIFIERS = new Set([
  'command',
  'cmd',
  'control',
  'ctrl',
  'commandorcontrol',
  'cmdorctrl',
  'alt',
  'option',
  'altgr',
  'shift',
  'super',
  'meta',
]);
const KEYS = new Set([
  'space',
  'tab',
  'capslock',
  'numlock',
  'scrolllock',
  'backspace',
  'delete',
  'insert',
  'return',
  'enter',
  'up',
  'down',
  'left',
  'right',
  'home',
  'end',
  'pageup',
  'pagedown',
  'escape',
  'esc',
  'printscreen',
  'plus',
]);

/** What is wrong with an accelerator, or null when Electron can register it. */
export function acceleratorProblem(accelerator: string): Message | null {
  const parts = accelerator.split('+').map((p) => p.trim().toLowerCase());
  if (parts.some((p) => p === '')) return message('hotkey.notCombination', { accelerator });
  const key = parts.at(-1)!;
  const modifiers = parts.slice(0, -1);
  if (modifiers.length === 0) return message('hotkey.needsModifier', { accelerator });
  const unknown = modifiers.find((m) => !MODIFIERS.has(m));
  if (unknown) return message('hotkey.notModifier', { key: unknown, accelerator });
  if (new Set(modifiers).size !== modifiers.length) return message('hotkey.repeatsModifier', { accelerator });
  const validKey =
    KEYS.has(key) ||
    /^[a-z0-9]$/.test(key) ||
    /^f([1-9]|1\d|2[0-4])$/.test(key) ||
    /^[`\-=[\]\\;',./]$/.test(key);
  if (!validKey) return message('hotkey.unusableKey', { key, accelerator });
  return null;
}

/** The two global shortcuts, as Electron accelerators. */
export interface HotkeyPair {
  /** Capture the screen. */
  capture: string;
  /** Capture a region. */
  region: string;
}

/**
 * The one rule for Extracto's shortcuts before the person picks their own, by platform (named as
 * process.platform names it), each free by that platform's own defaults:
 * - Windows and Linux: Ctrl+Space and Ctrl+Shift+Space.
 * - macOS: ⌘⇧1 and ⌘⇧2, beside the system's own ⌘⇧3 (screen) and ⌘⇧4 (region) screenshot keys;
 *   ⌘Space is Spotlight's, and registering it there can succeed yet never fire.
 * On macOS CommandOrControl is Command; it is written so because that is how the recorder in
 * Settings writes ⌘ (acceleratorFromKey), so pressing the default again gives the same string.
 */
export function defaultHotkeys(platform: string): HotkeyPair {
  return platform === 'darwin'
    ? { capture: 'CommandOrControl+Shift+1', region: 'CommandOrControl+Shift+2' }
    : { capture: 'CommandOrControl+Space', region: 'CommandOrControl+Shift+Space' };
}

/**
 * The shortcuts in force: the ones the settings store, else this platform's defaults. Settings keep
 * no hotkey until the person records one, so a settings file never freezes one platform's default
 * (nor carries it to another machine).
 */
export function effectiveHotkeys(
  capture: { hotkey?: string | undefined; regionHotkey?: string | undefined },
  platform: string,
): HotkeyPair {
  const defaults = defaultHotkeys(platform);
  return { capture: capture.hotkey ?? defaults.capture, region: capture.regionHotkey ?? defaults.region };
}

/** "CommandOrControl+Space" as a person reads it on this platform. */
export function displayAccelerator(accelerator: string, platform: string): string {
  const mac = platform === 'darwin';
  return accelerator
    .split('+')
    .map((p) => {
      const k = p.toLowerCase();
      if (k === 'commandorcontrol' || k === 'cmdorctrl') return mac ? '⌘' : 'Ctrl';
      if (k === 'control' || k === 'ctrl') return mac ? '⌃' : 'Ctrl';
      if (k === 'command' || k === 'cmd') return '⌘';
      if (k === 'alt' || k === 'option') return mac ? '⌥' : 'Alt';
      if (k === 'shift') return mac ? '⇧' : 'Shift';
      return p.length === 1 ? p.toUpperCase() : p;
    })
    .join(mac ? '' : '+');
}

/** What a key press says, as a browser reports it (KeyboardEvent). */
export interface KeyPress {
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

const CODE_KEYS: Record<string, string> = {
  Space: 'Space',
  Enter: 'Enter',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  PrintScreen: 'PrintScreen',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
};

/**
 * A key press as an Electron accelerator, from the physical key (`code`), so the combination is
 * the same whatever the keyboard layout types. Null while only modifiers are held, or for a key
 * that is no shortcut key. Ctrl on Windows and Linux, Cmd on macOS, become CommandOrControl, as
 * the defaults are written.
 */
export function acceleratorFromKey(press: KeyPress, mac: boolean): string | null {
  const key =
    CODE_KEYS[press.code] ??
    /^Key([A-Z])$/.exec(press.code)?.[1] ??
    /^Digit(\d)$/.exec(press.code)?.[1] ??
    /^(F(?:[1-9]|1\d|2[0-4]))$/.exec(press.code)?.[1];
  if (!key) return null;
  const modifiers: string[] = [];
  const primary = mac ? press.metaKey : press.ctrlKey;
  if (primary) modifiers.push('CommandOrControl');
  if (mac && press.ctrlKey) modifiers.push('Control');
  if (!mac && press.metaKey) modifiers.push('Super');
  if (press.altKey) modifiers.push('Alt');
  if (press.shiftKey) modifiers.push('Shift');
  return [...modifiers, key].join('+');
}
