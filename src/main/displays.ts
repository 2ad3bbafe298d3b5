import type { Region } from '../shared/result.ts';
import type { DisplayInfo, Rect, ScreenPort } from './ports.ts';

function contains(rect: Rect, point: { x: number; y: number }): boolean {
  return (
    point.x >= rect.x && point.x < rect.x + rect.width && point.y >= rect.y && point.y < rect.y + rect.height
  );
}

/** The display the person is looking at: the one under the mouse cursor, else the primary one. */
export function displayUnderCursor(screen: ScreenPort): DisplayInfo {
  const displays = screen.displays();
  const point = screen.cursorPoint();
  const found =
    displays.find((d) => contains(d.bounds, point)) ?? displays.find((d) => d.primary) ?? displays[0];
  if (!found) throw new Error('no displays reported');
  return found;
}

/** A display's real size in pixels: on a HiDPI screen, bounds are in points and text needs pixels. */
export function pixelSize(display: DisplayInfo): { width: number; height: number } {
  return {
    width: Math.round(display.bounds.width * display.scaleFactor),
    height: Math.round(display.bounds.height * display.scaleFactor),
  };
}

/**
 * A region drawn on the overlay (points, relative to the display) in the frame's pixels, clamped to
 * the frame so a drag past the edge still captures what is on screen.
 */
export function regionInPixels(
  region: Region,
  display: DisplayInfo,
  frame: { width: number; height: number },
): Region {
  const s = display.scaleFactor;
  const x = Math.max(0, Math.min(frame.width - 1, Math.round(region.x * s)));
  const y = Math.max(0, Math.min(frame.height - 1, Math.round(region.y * s)));
  return {
    x,
    y,
    width: Math.max(1, Math.min(frame.width - x, Math.round(region.width * s))),
    height: Math.max(1, Math.min(frame.height - y, Math.round(region.height * s))),
  };
}

/** Where each display goes on one picture of the whole desktop. */
export interface DesktopLayout {
  canvas: { width: number; height: number };
  places: Array<{ display: DisplayInfo; left: number; top: number; width: number; height: number }>;
}

/**
 * The whole desktop as one picture (Settings > Capture > all screens): displays keep their
 * arrangement (bounds, in points) at the finest scale among them, so no screen's text is shrunk;
 * `fit` shrinks the whole to at most that many pixels wide (a thumbnail for change detection).
 */
export function desktopLayout(displays: readonly DisplayInfo[], fit?: number): DesktopLayout {
  if (displays.length === 0) throw new Error('no displays reported');
  const minX = Math.min(...displays.map((d) => d.bounds.x));
  const minY = Math.min(...displays.map((d) => d.bounds.y));
  const maxX = Math.max(...displays.map((d) => d.bounds.x + d.bounds.width));
  const maxY = Math.max(...displays.map((d) => d.bounds.y + d.bounds.height));
  const finest = Math.max(...displays.map((d) => d.scaleFactor));
  const scale = fit === undefined ? finest : Math.min(finest, fit / (maxX - minX));
  const px = (points: number) => Math.max(1, Math.round(points * scale));
  return {
    canvas: { width: px(maxX - minX), height: px(maxY - minY) },
    places: displays.map((display) => ({
      display,
      left: Math.round((display.bounds.x - minX) * scale),
      top: Math.round((display.bounds.y - minY) * scale),
      width: px(display.bounds.width),
      height: px(display.bounds.height),
    })),
  };
}
