import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { UserError } from '../../src/shared/errors.ts';
import { captureScreen, listDisplays, type Capture } from '../../src/core/capture/screen.ts';
import { rgb } from '../helpers/screen-pixels.ts';
import { hasXvfb, paintRoot, startXvfb, type XServer } from '../helpers/xvfb.ts';

// A known picture on the root window: blue background, a red block at 100,100 200x100.
const BLUE = [51, 102, 153];
const RED = [255, 0, 0];

describe.skipIf(!hasXvfb)('screen capture under Xvfb', () => {
  let x: XServer | undefined;
  let dir = '';
  const savedDisplay = process.env.DISPLAY;

  beforeAll(async () => {
    // Always our own server, so the picture on it is known (a developer's desktop is not).
    x = await startXvfb();
    process.env.DISPLAY = x.display;
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
    paintRoot(x.display, bg);
  });

  afterAll(() => {
    if (savedDisplay === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = savedDisplay;
    x?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const pixel = async (shot: Capture, x: number, y: number) => {
    const { data, width } = await rgb(shot);
    const i = (y * width + x) * 3;
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
    // Read straight from the server: raw pixels, no PNG.
    expect(shot.fallback).toBeUndefined();
    expect(shot.image).toMatchObject({ kind: 'raw', width: 1920, height: 1080, channels: 4, order: 'rgba' });
    expect(await pixel(shot, 150, 150)).toEqual(RED);
    expect(await pixel(shot, 10, 10)).toEqual(BLUE);
    expect(shot.region).toBeUndefined();
  });

  it('captures a region (by display index) cropped to exactly that rectangle', async () => {
    const region = { x: 90, y: 90, width: 50, height: 40 };
    const shot = await captureScreen({ display: 0, region });
    expect([shot.width, shot.height]).toEqual([50, 40]);
    expect(shot.region).toEqual(region);
    expect(shot.image).toMatchObject({ kind: 'raw', width: 50, height: 40 });
    expect(await pixel(shot, 0, 0)).toEqual(BLUE); // 90,90 on screen
    expect(await pixel(shot, 10, 10)).toEqual(RED); // 100,100 on screen
  });

  it('refuses a region outside the screen, and an unknown display, with a sentence', async () => {
    // Named as listed: xrandr calls Xvfb's one output "screen" (once read "outside the screen
    // screen"); without xrandr the root window is "default".
    const [display] = await listDisplays();
    await expect(captureScreen({ region: { x: 1900, y: 0, width: 100, height: 100 } })).rejects.toThrow(
      `The region 1900,0,100,100 goes outside display "${display!.name}", which is 1920x1080 pixels.`,
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
