import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import screenshot from 'screenshot-desktop';
import sharp from 'sharp';
import { usageError, userError, type UserError } from '../../shared/errors.ts';
import { message } from '../../shared/messages/catalogue.ts';
import type { Message } from '../../shared/messages/message.ts';
import type { Region } from '../../shared/result.ts';

const run = promisify(execFile);

export interface DisplayInfo {
  /** Stable name to pass back as `display` (xrandr output name, or "default" under a bare X server). */
  id: string;
  name: string;
  width: number;
  height: number;
  primary: boolean;
}

export interface Capture {
  png: Buffer;
  width: number;
  height: number;
  display: string;
  region?: Region;
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
    }));
    if (displays.length > 0) {
      bareX = false;
      return displays;
    }
  } catch (cause) {
    if (process.platform !== 'linux') throw noScreen(message('screen.listUnreadable'), cause);
  }
  try {
    const { stdout } = await run('xdpyinfo', [], { timeout: 5000 });
    const m = /dimensions:\s+(\d+)x(\d+) pixels/.exec(stdout);
    if (!m) throw new Error(`xdpyinfo printed no dimensions: ${stdout.slice(0, 200)}`);
    bareX = true;
    return [{ id: 'default', name: 'default', width: Number(m[1]), height: Number(m[2]), primary: true }];
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

/** One screenshot as PNG (the whole display, or a region of it cropped with sharp). */
export async function captureScreen(options: CaptureOptions = {}): Promise<Capture> {
  const displays = await listDisplays();
  const display = pickDisplay(displays, options.display);
  // Checked before capturing when the size is known, so a bad region costs nothing.
  if (options.region && display.width > 0)
    checkRegion(options.region, display.width, display.height, display.name);
  const png = await grab(display);
  const meta = await sharp(png).metadata();
  const width = meta.width;
  const height = meta.height;
  if (!options.region) return { png, width, height, display: display.id };
  checkRegion(options.region, width, height, display.name);
  const { x, y, width: w, height: h } = options.region;
  const cropped = await sharp(png)
    .extract({ left: x, top: y, width: w, height: h })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return { png: cropped, width: w, height: h, display: display.id, region: { ...options.region } };
}
