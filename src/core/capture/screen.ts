import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import screenshot from 'screenshot-desktop';
import sharp from 'sharp';
import { usageError, userError, type UserError } from '../../shared/errors.ts';
import { message } from '../../shared/messages/catalogue.ts';
import type { Message } from '../../shared/messages/message.ts';
import type { Region } from '../../shared/result.ts';
import type { ImageInput } from '../imaging/types.ts';
import { openX11Screen, type X11Screen } from './x11/client.ts';
import { bgrxToRgbx } from './x11/pixels.ts';

const run = promisify(execFile);

export interface DisplayInfo {
  /** Stable name to pass back as `display` (xrandr output name, or "default" under a bare X server). */
  id: string;
  name: string;
  width: number;
  height: number;
  primary: boolean;
  /** Where the display sits on the root window (xrandr's +X+Y), for reading its pixels directly. */
  left: number;
  top: number;
}

export interface Capture {
  /**
   * Raw pixels when read straight from the X server (nothing to decode on the way to the
   * provider; the fourth byte is padding), else the PNG the external tool wrote.
   */
  image: Extract<ImageInput, { kind: 'raw' }> | { kind: 'encoded'; data: Buffer };
  width: number;
  height: number;
  display: string;
  region?: Region;
  /** Why the direct X11 read was not used, when it was not (for the log). */
  fallback?: string;
}

export interface CaptureOptions {
  /** A display id from listDisplays(), or its index ("0", 1 …); the primary display when absent. */
  display?: string | number;
  region?: Region;
}

function noScreen(reason: Message, cause?: unknown): UserError {
  return userError('screen.none', { reason }, { cause });
}

/** Linux needs an X server; without DISPLAY every tool below would fail with a cryptic message. */
function checkScreenAvailable(): void {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw noScreen(message('screen.noDisplayVariable'));
  }
}

/**
 * screenshot-desktop lists Linux displays with xrandr. A bare X server (Xvfb, a minimal session)
 * may lack xrandr; then the root window is the one display and xdpyinfo gives its size.
 */
let bareX = false;

export async function listDisplays(): Promise<DisplayInfo[]> {
  return listDisplaysWith(undefined);
}

/** With an open X11 connection, a bare server's root size comes from it instead of xdpyinfo. */
async function listDisplaysWith(x: X11Screen | undefined): Promise<DisplayInfo[]> {
  checkScreenAvailable();
  try {
    const found = await screenshot.listDisplays();
    // xrandr marks no output primary on some setups (Xvfb, a single monitor never configured):
    // the first is then the main one.
    const marked = found.some((d) => d.primary);
    const displays = found.map((d, i) => ({
      id: String(d.id),
      name: d.name || String(d.id),
      width: d.width ?? 0,
      height: d.height ?? 0,
      primary: marked ? d.primary === true : i === 0,
      left: d.offsetX ?? 0,
      top: d.offsetY ?? 0,
    }));
    if (displays.length > 0) {
      bareX = false;
      return displays;
    }
  } catch (cause) {
    if (process.platform !== 'linux') throw noScreen(message('screen.listUnreadable'), cause);
  }
  const root = (width: number, height: number): DisplayInfo[] => {
    bareX = true;
    return [{ id: 'default', name: 'default', width, height, primary: true, left: 0, top: 0 }];
  };
  if (x) return root(x.width, x.height);
  try {
    const { stdout } = await run('xdpyinfo', [], { timeout: 5000 });
    const m = /dimensions:\s+(\d+)x(\d+) pixels/.exec(stdout);
    if (!m) throw new Error(`xdpyinfo printed no dimensions: ${stdout.slice(0, 200)}`);
    return root(Number(m[1]), Number(m[2]));
  } catch (cause) {
    throw noScreen(message('screen.displayUnopened', { display: process.env.DISPLAY ?? '' }), cause);
  }
}

function pickDisplay(displays: DisplayInfo[], wanted: string | number | undefined): DisplayInfo {
  const first = displays.find((d) => d.primary) ?? displays[0];
  if (!first) throw noScreen(message('screen.noDisplayFound'));
  if (wanted === undefined || wanted === '') return first;
  const byId = displays.find((d) => d.id === String(wanted) || d.name === String(wanted));
  if (byId) return byId;
  const index = typeof wanted === 'number' ? wanted : /^\d+$/.test(wanted) ? Number(wanted) : -1;
  const byIndex = displays[index];
  if (byIndex) return byIndex;
  const names = displays.map((d, i) => `${i} (${d.id})`).join(', ');
  throw usageError('screen.unknownDisplay', { display: String(wanted), displays: names });
}

async function grab(display: DisplayInfo): Promise<Buffer> {
  try {
    if (bareX) {
      // What screenshot-desktop runs, minus its xrandr lookup: the whole root window as PNG.
      const { stdout } = await run('import', ['-silent', '-window', 'root', 'png:-'], {
        encoding: 'buffer',
        maxBuffer: Math.max(display.width * display.height * 8, 10 * 1024 * 1024),
        timeout: 15_000,
      });
      return stdout;
    }
    return await screenshot({ screen: display.id, format: 'png' });
  } catch (cause) {
    throw userError('screen.displayFailed', { display: display.name }, { cause });
  }
}

function checkRegion(region: Region, width: number, height: number, name: string): void {
  const whole = (n: number): boolean => Number.isInteger(n);
  if (
    ![region.x, region.y, region.width, region.height].every(whole) ||
    region.x < 0 ||
    region.y < 0 ||
    region.width <= 0 ||
    region.height <= 0
  ) {
    throw usageError('screen.badRegion');
  }
  if (region.x + region.width > width || region.y + region.height > height) {
    // Quoted: an Xvfb or VNC display is named "screen", which read "the screen screen".
    throw usageError('screen.regionOutside', {
      region: `${region.x},${region.y},${region.width},${region.height}`,
      display: name,
      width: String(width),
      height: String(height),
    });
  }
}

/**
 * The direct path: a connection to the X server when DISPLAY names a local one that serves
 * 32-bit pixels, else the reason it cannot be used (none off Linux, where it never applies).
 */
async function openDirect(): Promise<X11Screen | string | undefined> {
  if (process.platform !== 'linux') return undefined;
  if (!process.env.DISPLAY) return 'no DISPLAY';
  // Under Wayland, DISPLAY is XWayland, whose root window holds only the X clients' windows.
  if (process.env.WAYLAND_DISPLAY) return 'a Wayland session';
  try {
    return await openX11Screen();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * One screenshot: the whole display, or a region of it. On X11 the pixels are read straight from
 * the server over its socket (GetImage: 15-60 ms at 1920x1080, where `import` takes 300-500 ms,
 * most of it encoding a PNG; BENCHMARKS.md); whatever that path cannot do falls back to
 * screenshot-desktop and a crop with sharp.
 */
export async function captureScreen(options: CaptureOptions = {}): Promise<Capture> {
  const direct = await openDirect();
  const x = typeof direct === 'object' ? direct : undefined;
  try {
    const displays = await listDisplaysWith(x);
    const display = pickDisplay(displays, options.display);
    // Checked before capturing when the size is known, so a bad region costs nothing.
    if (options.region && display.width > 0)
      checkRegion(options.region, display.width, display.height, display.name);
    let fallback = typeof direct === 'object' ? "the display's size is unknown" : direct;
    if (x && display.width > 0) {
      const r = options.region ?? { x: 0, y: 0, width: display.width, height: display.height };
      try {
        const frame = await x.grab(display.left + r.x, display.top + r.y, r.width, r.height);
        const order = bgrxToRgbx(frame.data);
        return {
          image: { kind: 'raw', ...frame, channels: 4, order },
          width: r.width,
          height: r.height,
          display: display.id,
          ...(options.region ? { region: { ...options.region } } : {}),
        };
      } catch (e) {
        fallback = e instanceof Error ? e.message : String(e);
      }
    }
    return { ...(await captureWithTool(display, options.region)), ...(fallback ? { fallback } : {}) };
  } finally {
    x?.close();
  }
}

/** Through screenshot-desktop (or `import`): a PNG, cropped to the region with sharp. */
async function captureWithTool(
  display: DisplayInfo,
  region: Region | undefined,
): Promise<Omit<Capture, 'fallback'>> {
  const png = await grab(display);
  const meta = await sharp(png).metadata();
  const width = meta.width;
  const height = meta.height;
  if (!region) return { image: { kind: 'encoded', data: png }, width, height, display: display.id };
  checkRegion(region, width, height, display.name);
  const { x, y, width: w, height: h } = region;
  const cropped = await sharp(png)
    .extract({ left: x, top: y, width: w, height: h })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return {
    image: { kind: 'encoded', data: cropped },
    width: w,
    height: h,
    display: display.id,
    region: { ...region },
  };
}
