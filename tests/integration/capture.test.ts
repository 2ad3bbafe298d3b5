import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { UserError } from '../../src/shared/errors.ts';
import { captureScreen, listDisplays } from '../../src/core/capture/screen.ts';

const hasXvfb = ['/usr/bin/Xvfb', '/usr/local/bin/Xvfb'].some((p) => existsSync(p));

/** The first display number with no X server lock file. */
function freeDisplay(): number {
  for (let n = 90; n < 200; n++)
    if (!existsSync(`/tmp/.X${n}-lock`) && !existsSync(`/tmp/.X11-unix/X${n}`)) return n;
  throw new Error('no free X display number');
}

async function waitForX(display: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('xdpyinfo', [], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`Xvfb on ${display} did not start`);
}

// A known picture on the root window: blue background, a red block at 100,100 200x100.
const BLUE = [51, 102, 153];
const RED = [255, 0, 0];

describe.skipIf(!hasXvfb)('screen capture under Xvfb', () => {
  let xvfb: ChildProcess | undefined;
  let dir = '';
  const savedDisplay = process.env.DISPLAY;

  beforeAll(async () => {
    // Always our own server, so the picture on it is known (a developer's desktop is not).
    // -noreset: otherwise the server resets when display(1) disconnects and the picture is lost.
    const display = `:${freeDisplay()}`;
    xvfb = spawn('Xvfb', [display, '-screen', '0', '1920x1080x24', '-nolisten', 'tcp', '-noreset'], {
      stdio: 'ignore',
    });
    await waitForX(display);
    process.env.DISPLAY = display;
    dir = mkdtempSync(path.join(tmpdir(), 'extracto-capture-'));
    const bg = path.join(dir, 'bg.png');
    const block = await sharp({
      create: { width: 200, height: 100, channels: 3, background: { r: 255, g: 0, b: 0 } },
    })
      .png()
      .toBuffer();
    await sharp({ create: { width: 1920, height: 1080, channels: 3, background: { r: 51, g: 102, b: 153 } } })
      .composite([{ input: block, left: 100, top: 100 }])
      .png()
      .toFile(bg);
    try {
      // ImageMagick's display paints the root window and exits (with status 1 on a bare server).
      execFileSync('display', ['-window', 'root', bg], { stdio: 'ignore', env: process.env });
    } catch {
      /* checked through the pixels below */
    }
  });

  afterAll(() => {
    if (savedDisplay === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = savedDisplay;
    xvfb?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const pixel = async (png: Buffer, x: number, y: number) => {
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const i = (y * info.width + x) * info.channels;
    return Array.from(data.subarray(i, i + 3));
  };

  it('lists the display with its size', async () => {
    const displays = await listDisplays();
    expect(displays.length).toBeGreaterThan(0);
    expect(displays[0]).toMatchObject({ width: 1920, height: 1080, primary: true });
  });

  it('captures the whole screen with the known picture on it', async () => {
    const shot = await captureScreen();
    expect([shot.width, shot.height]).toEqual([1920, 1080]);
    expect((await sharp(shot.png).metadata()).format).toBe('png');
    expect(await pixel(shot.png, 150, 150)).toEqual(RED);
    expect(await pixel(shot.png, 10, 10)).toEqual(BLUE);
    expect(shot.region).toBeUndefined();
  });

  it('captures a region (by display index) cropped to exactly that rectangle', async () => {
    const region = { x: 90, y: 90, width: 50, height: 40 };
    const shot = await captureScreen({ display: 0, region });
    expect([shot.width, shot.height]).toEqual([50, 40]);
    expect(shot.region).toEqual(region);
    const meta = await sharp(shot.png).metadata();
    expect([meta.width, meta.height]).toEqual([50, 40]);
    expect(await pixel(shot.png, 0, 0)).toEqual(BLUE); // 90,90 on screen
    expect(await pixel(shot.png, 10, 10)).toEqual(RED); // 100,100 on screen
  });

  it('refuses a region outside the screen, and an unknown display, with a sentence', async () => {
    await expect(captureScreen({ region: { x: 1900, y: 0, width: 100, height: 100 } })).rejects.toThrow(
      /goes outside the screen .* which is 1920x1080\.$/,
    );
    await expect(captureScreen({ display: 'HDMI-9' })).rejects.toThrow(/There is no display "HDMI-9"/);
  });

  it('says there is no screen when DISPLAY is unset', async () => {
    const display = process.env.DISPLAY;
    delete process.env.DISPLAY;
    try {
      const error = await captureScreen().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toMatch(/^No screen to capture: /);
    } finally {
      process.env.DISPLAY = display;
    }
  });
});
