import { BrowserWindow } from 'electron';
import type { Region } from '../shared/result.ts';
import type { DisplayInfo } from './ports.ts';
import { loadPage, SECURE_WEB_PREFERENCES } from './windows.ts';

/**
 * The region overlay: a transparent window over one display where the person drags a rectangle
 * (Esc cancels). It answers through the 'overlay:finish' channel; the rectangle is in the display's
 * points, relative to its top-left corner.
 */
export class RegionOverlay {
  private pending: { win: BrowserWindow; resolve: (region: Region | null) => void } | null = null;

  select(display: DisplayInfo): Promise<Region | null> {
    this.finish(null);
    const { x, y, width, height } = display.bounds;
    const win = new BrowserWindow({
      x,
      y,
      width,
      height,
      show: false,
      frame: false,
      transparent: true,
      hasShadow: false,
      resizable: false,
      movable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      enableLargerThanScreen: true,
      webPreferences: SECURE_WEB_PREFERENCES,
    });
    win.setAlwaysOnTop(true, 'screen-saver');
    win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    win.once('ready-to-show', () => {
      win.show();
      win.focus();
    });
    win.on('blur', () => this.finish(null));
    win.on('closed', () => this.finish(null));
    void loadPage(win, 'overlay.html');
    return new Promise((resolve) => {
      this.pending = { win, resolve };
    });
  }

  /**
   * The overlay page's answer. The window is gone before the promise settles, and a short pause lets
   * the compositor take it off the screen, so the capture that follows does not see it.
   */
  finish(region: Region | null): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    if (!pending.win.isDestroyed()) pending.win.destroy();
    setTimeout(() => pending.resolve(region), 150);
  }
}
