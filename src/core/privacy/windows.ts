import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type ActiveWindow =
  | { known: true; title: string }
  /** Why the title could not be read: said to the person, never silently treated as "allowed". */
  | { known: false; reason: string };

/**
 * The title of the window the person is using. On Linux (X11) this asks `xdotool`; other platforms and
 * Wayland have no portable way from plain Node (the Electron app can ask the OS), so they report
 * that the title is unknown.
 */
export async function activeWindow(env: NodeJS.ProcessEnv = process.env): Promise<ActiveWindow> {
  if (process.platform !== 'linux')
    return { known: false, reason: `reading the active window is not supported on ${process.platform} yet` };
  if (!env.DISPLAY) return { known: false, reason: 'there is no X display (DISPLAY is empty)' };
  const xdotool = async (args: string[]) =>
    (
      await run('xdotool', args, { timeout: 2000, env: { ...process.env, DISPLAY: env.DISPLAY } })
    ).stdout.trim();
  try {
    return { known: true, title: await xdotool(['getactivewindow', 'getwindowname']) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { known: false, reason: 'xdotool is not installed (apt-get install xdotool)' };
  }
  // Without a window manager that publishes the active window (_NET_ACTIVE_WINDOW), the window
  // with the keyboard focus is the one a person is using.
  try {
    return { known: true, title: await xdotool(['getwindowfocus', 'getwindowname']) };
  } catch {
    // The focus is on the root window (nothing open): no title to exclude.
    return { known: true, title: '' };
  }
}

/** The excluded entry the title matches (case-insensitive substring), if any. */
export function excludedBy(title: string, excluded: readonly string[]): string | undefined {
  const lower = title.toLowerCase();
  return excluded.find((e) => e.trim() !== '' && lower.includes(e.trim().toLowerCase()));
}

/**
 * Null when capturing is allowed now; else the sentence that says why nothing was captured. When
 * the list is empty nothing is asked. When the title cannot be read the capture is refused: a
 * guard that silently lets everything through would be worse than none.
 */
export async function captureBlocked(
  excluded: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | null> {
  if (excluded.every((e) => e.trim() === '')) return null;
  const active = await activeWindow(env);
  if (!active.known)
    return `Nothing was captured: excluded windows are set, but the active window cannot be checked (${active.reason}).`;
  const match = excludedBy(active.title, excluded);
  return match === undefined
    ? null
    : `Nothing was captured: the active window "${active.title}" matches the excluded "${match}".`;
}
