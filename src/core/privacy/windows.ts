import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { message } from '../../shared/messages/catalogue.ts';
import type { Message } from '../../shared/messages/message.ts';

const run = promisify(execFile);

type ActiveWindow =
  /** `app`: the program's names (X11's WM_CLASS instance and class, e.g. "keepassxc", "KeePassXC"). */
  | { known: true; title: string; app: string[] }
  /** Why the title could not be read: said to the person, never silently treated as "allowed". */
  | { known: false; reason: Message };

/** WM_CLASS(STRING) = "keepassxc", "KeePassXC" -> ["keepassxc", "KeePassXC"]. */
function parseWmClass(xprop: string): string[] {
  return [...xprop.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!).filter((name) => name !== '');
}

/**
 * The title and program of the window the person is using. On Linux (X11) this asks `xdotool` and
 * `xprop`; other platforms and Wayland have no portable way from plain Node, so they report that
 * the window is unknown.
 */
async function activeWindow(env: NodeJS.ProcessEnv = process.env): Promise<ActiveWindow> {
  if (process.platform !== 'linux')
    return { known: false, reason: message('window.unsupported', { platform: process.platform }) };
  if (!env.DISPLAY) return { known: false, reason: message('window.noDisplay') };
  const x = async (command: string, args: string[]) =>
    (
      await run(command, args, { timeout: 2000, env: { ...process.env, DISPLAY: env.DISPLAY } })
    ).stdout.trim();
  let id: string;
  try {
    id = await x('xdotool', ['getactivewindow']);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { known: false, reason: message('window.noXdotool') };
    // Without a window manager that publishes the active window (_NET_ACTIVE_WINDOW), the window
    // with the keyboard focus is the one a person is using.
    try {
      id = await x('xdotool', ['getwindowfocus']);
    } catch {
      // The focus is on the root window (nothing open): nothing to exclude.
      return { known: true, title: '', app: [] };
    }
  }
  const title = await x('xdotool', ['getwindowname', id]).catch(() => '');
  // A window without WM_CLASS (or no xprop) is still matched by its title.
  const app = parseWmClass(await x('xprop', ['-id', id, 'WM_CLASS']).catch(() => ''));
  return { known: true, title, app };
}

/** The excluded entry the title or the program's name matches (case-insensitive substring), if any. */
function excludedBy(
  window: { title: string; app: string[] },
  excluded: readonly string[],
): string | undefined {
  const names = [window.title, ...window.app].map((n) => n.toLowerCase());
  return excluded.find((e) => e.trim() !== '' && names.some((n) => n.includes(e.trim().toLowerCase())));
}

/**
 * Null when capturing is allowed now; else the message that says why nothing was captured. When
 * the list is empty nothing is asked. When the title cannot be read the capture is refused: a
 * guard that silently lets everything through would be worse than none.
 */
export async function captureBlocked(
  excluded: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Message | null> {
  if (excluded.every((e) => e.trim() === '')) return null;
  const active = await activeWindow(env);
  if (!active.known) return message('privacy.windowUnchecked', { reason: active.reason });
  const match = excludedBy(active, excluded);
  if (match === undefined) return null;
  const program = active.app.at(-1);
  return message('privacy.windowExcluded', {
    title: active.title,
    program: program ? ` (${program})` : '',
    match,
  });
}
