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

export function acceleratorProblem(accelerator: string): string | null {
  const parts = accelerator.split('+').map((p) => p.trim().toLowerCase());
  if (parts.some((p) => p === '')) return `"${accelerator}" is not a key combination.`;
  const key = parts.at(-1)!;
  const modifiers = parts.slice(0, -1);
  if (modifiers.length === 0) return `"${accelerator}" needs a modifier such as Ctrl, Alt or Shift.`;
  const unknown = modifiers.find((m) => !MODIFIERS.has(m));
  if (unknown) return `"${unknown}" in "${accelerator}" is not a modifier key.`;
  if (new Set(modifiers).size !== modifiers.length) return `"${accelerator}" repeats a modifier.`;
  const validKey =
    KEYS.has(key) ||
    /^[a-z0-9]$/.test(key) ||
    /^f([1-9]|1\d|2[0-4])$/.test(key) ||
    /^[`\-=[\]\\;',./]$/.test(key);
  if (!validKey) return `"${key}" in "${accelerator}" is not a key Extracto can use.`;
  return null;
}

/** "CommandOrControl+Space" as a person reads it on this platform. */
export function displayAccelerator(accelerator: string, platform: NodeJS.Platform): string {
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
