export type ScreenPermission = 'granted' | 'denied' | 'restricted' | 'not-determined' | 'unknown';

/**
 * What the system will not let Extracto do, as sentences for the person, checked at start so the
 * tray can say it instead of a hotkey that silently does nothing.
 */
export function captureLimits(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  screenPermission: ScreenPermission,
): string[] {
  const limits: string[] = [];
  if (platform === 'darwin' && screenPermission !== 'granted' && screenPermission !== 'unknown') {
    limits.push(
      'macOS has not given Extracto the Screen Recording permission: allow it in System Settings → Privacy & Security → Screen Recording, then restart Extracto.',
    );
  }
  if (platform === 'linux' && (env.XDG_SESSION_TYPE === 'wayland' || (env.WAYLAND_DISPLAY && !env.DISPLAY))) {
    limits.push(
      'This is a Wayland session: global shortcuts may not reach Extracto and each capture may ask for permission. Use the tray menu, or log in to an X11 session for Ctrl+Space.',
    );
  }
  return limits;
}
