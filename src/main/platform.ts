import { message } from '../shared/messages/catalogue.ts';
import type { Message } from '../shared/messages/message.ts';

export type ScreenPermission = 'granted' | 'denied' | 'restricted' | 'not-determined' | 'unknown';

/**
 * The installers' app id (electron-builder.yml `appId`): Windows shows and routes the app's
 * notifications by it, so the running app must name itself the same.
 */
export const APP_ID = 'app.extracto.desktop';

/** A Wayland desktop session, where shortcuts and capture go through the desktop's portals. */
export function isWaylandSession(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  return (
    platform === 'linux' &&
    (env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY && !env.DISPLAY))
  );
}

/**
 * What the system will not let Extracto do, as sentences for the person, checked at start so the
 * tray can say it instead of a hotkey that silently does nothing.
 */
export function captureLimits(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  screenPermission: ScreenPermission,
): Message[] {
  const limits: Message[] = [];
  if (platform === 'darwin' && screenPermission !== 'granted' && screenPermission !== 'unknown') {
    limits.push(message('limits.macPermission'));
  }
  if (isWaylandSession(platform, env)) limits.push(message('limits.wayland'));
  return limits;
}
