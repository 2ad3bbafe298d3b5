import { app, Menu, nativeImage, Tray, type NativeImage } from 'electron';
import path from 'node:path';
import type { Translate } from '../shared/messages/catalogue.ts';
import { trayMenu, type TrayActions, type TrayState } from './tray-menu.ts';

/**
 * The tray icon, idle or busy, in the form each platform wants: a black template image on macOS
 * (the menu bar tints it), a coloured icon elsewhere. The menu is rebuilt from the state each time.
 */
function icon(busy: boolean): NativeImage {
  const dir = path.join(app.getAppPath(), 'assets', 'tray');
  if (process.platform === 'darwin') {
    const image = nativeImage.createFromPath(path.join(dir, busy ? 'busyTemplate.png' : 'idleTemplate.png'));
    image.setTemplateImage(true);
    return image;
  }
  // Windows' tray is 16 px at 100%; nativeImage picks the @2x file on HiDPI screens.
  return nativeImage.createFromPath(path.join(dir, busy ? 'busy.png' : 'idle.png'));
}

export class TrayIcon {
  private readonly tray: Tray;
  private readonly actions: TrayActions;
  private readonly t: Translate;
  private busy: boolean | undefined;
  private saying: NodeJS.Timeout | undefined;

  constructor(actions: TrayActions, t: Translate) {
    this.actions = actions;
    this.t = t;
    this.tray = new Tray(icon(false));
    this.tray.setToolTip('Extracto');
    // Windows and Linux open the menu on right click; a left click is a capture there.
    if (process.platform !== 'darwin') this.tray.on('click', () => actions.captureNow());
  }

  show(state: TrayState): void {
    if (state.busy !== this.busy) {
      this.tray.setImage(icon(state.busy));
      this.busy = state.busy;
    }
    const t = this.t;
    this.tray.setToolTip(state.busy ? `Extracto — ${t('working')}` : 'Extracto');
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenu(state, this.actions, t)));
  }

  /**
   * A short message on the tray itself, for when a notification could not be shown: beside the
   * icon in macOS's menu bar, in the tooltip elsewhere, for a little while.
   */
  say(text: string): void {
    clearTimeout(this.saying);
    if (process.platform === 'darwin') this.tray.setTitle(text.length > 48 ? `${text.slice(0, 47)}…` : text);
    this.tray.setToolTip(`Extracto — ${text}`);
    this.saying = setTimeout(() => {
      if (process.platform === 'darwin') this.tray.setTitle('');
      this.tray.setToolTip('Extracto');
    }, 20_000);
    this.saying.unref();
  }

  destroy(): void {
    clearTimeout(this.saying);
    this.tray.destroy();
  }
}
