import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { captureScreen } from '../../src/core/capture/screen.ts';
import { cropRgb, importRgb, paintNoise, rgb } from '../helpers/screen-pixels.ts';
import { hasXvfb, startXvfb, type XServer } from '../helpers/xvfb.ts';

// Two monitors side by side on one root window, as xrandr lists them (Xvfb has one output, so
// screenshot-desktop's xrandr listing is replaced by what it would say for such a desktop).
vi.mock('screenshot-desktop', async (original) => {
  const real = (await original<typeof import('screenshot-desktop')>()).default;
  const fake = Object.assign((options?: Parameters<typeof real>[0]) => real(options), {
    listDisplays: () =>
      Promise.resolve([
        { id: 'DP-1', name: 'DP-1', width: 1200, height: 800, offsetX: 0, offsetY: 280, primary: false },
        { id: 'HDMI-1', name: 'HDMI-1', width: 720, height: 1080, offsetX: 1200, offsetY: 0, primary: true },
      ]),
  });
  return { default: fake };
});

describe.skipIf(!hasXvfb)('the direct X11 capture of one display among several', () => {
  let x: XServer | undefined;
  let dir = '';
  const saved = process.env.DISPLAY;

  beforeAll(async () => {
    x = await startXvfb('1920x1080x24');
    process.env.DISPLAY = x.display;
    dir = mkdtempSync(path.join(tmpdir(), 'extracto-x11-displays-'));
    await paintNoise(x.display, dir, 1920, 1080);
  });

  afterAll(() => {
    if (saved === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = saved;
    x?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("reads each display's rectangle of the root window, and a region within it", async () => {
    const root = await importRgb(x!.display);
    const primary = await captureScreen();
    expect(primary).toMatchObject({ display: 'HDMI-1', width: 720, height: 1080 });
    expect(primary.fallback).toBeUndefined();
    expect((await rgb(primary)).data.equals(cropRgb(root, 1200, 0, 720, 1080).data)).toBe(true);

    const region = { x: 100, y: 700, width: 300, height: 100 };
    const left = await captureScreen({ display: 'DP-1', region });
    expect(left).toMatchObject({ display: 'DP-1', width: 300, height: 100, region });
    expect((await rgb(left)).data.equals(cropRgb(root, 100, 980, 300, 100).data)).toBe(true);

    await expect(
      captureScreen({ display: 0, region: { x: 0, y: 750, width: 10, height: 100 } }),
    ).rejects.toThrow(/goes outside display "DP-1", which is 1200x800 pixels/);
  });
});
