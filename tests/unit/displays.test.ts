import { describe, expect, it } from 'vitest';
import { displayUnderCursor, pixelSize, regionInPixels, desktopLayout } from '../../src/main/displays.ts';
import { captureDisplay } from '../../src/main/frame-capture.ts';
import type { DisplayInfo, FramePort, ScreenPort } from '../../src/main/ports.ts';

const laptop: DisplayInfo = {
  id: '1',
  bounds: { x: 0, y: 0, width: 1440, height: 900 },
  scaleFactor: 2,
  primary: true,
};
const monitor: DisplayInfo = {
  id: '2',
  bounds: { x: 1440, y: 0, width: 1920, height: 1080 },
  scaleFactor: 1,
  primary: false,
};
const screenAt = (x: number, y: number): ScreenPort => ({
  displays: () => [laptop, monitor],
  cursorPoint: () => ({ x, y }),
});

describe('displays', () => {
  it('picks the display under the cursor, else the primary', () => {
    expect(displayUnderCursor(screenAt(2000, 500)).id).toBe('2');
    expect(displayUnderCursor(screenAt(100, 100)).id).toBe('1');
    expect(displayUnderCursor(screenAt(-500, -500)).id).toBe('1');
  });

  it('captures HiDPI displays at their real pixel size and maps regions into pixels', () => {
    expect(pixelSize(laptop)).toEqual({ width: 2880, height: 1800 });
    expect(pixelSize(monitor)).toEqual({ width: 1920, height: 1080 });
    expect(
      regionInPixels({ x: 10, y: 20, width: 100, height: 50 }, laptop, { width: 2880, height: 1800 }),
    ).toEqual({ x: 20, y: 40, width: 200, height: 100 });
    // A drag past the edge is clamped to what is on screen.
    expect(
      regionInPixels({ x: 1400, y: 880, width: 100, height: 100 }, laptop, { width: 2880, height: 1800 }),
    ).toEqual({ x: 2800, y: 1760, width: 80, height: 40 });
  });
});

describe('desktopLayout', () => {
  const a = { id: 'a', bounds: { x: 0, y: 0, width: 1000, height: 700 }, scaleFactor: 1, primary: true };
  const b = {
    id: 'b',
    bounds: { x: 1000, y: -100, width: 800, height: 600 },
    scaleFactor: 2,
    primary: false,
  };

  it('keeps the arrangement at the finest scale, so no screen is shrunk', () => {
    expect(desktopLayout([a, b])).toEqual({
      canvas: { width: 3600, height: 1600 },
      places: [
        { display: a, left: 0, top: 200, width: 2000, height: 1400 },
        { display: b, left: 2000, top: 0, width: 1600, height: 1200 },
      ],
    });
  });

  it('shrinks the whole to a thumbnail width for change detection', () => {
    const { canvas, places } = desktopLayout([a, b], 180);
    expect(canvas).toEqual({ width: 180, height: 80 });
    expect(places.map((p) => [p.left, p.top, p.width, p.height])).toEqual([
      [0, 10, 100, 70],
      [100, 0, 80, 60],
    ]);
  });
});

describe('captureDisplay', () => {
  const frames = (empty = false): FramePort & { asked: unknown[] } => {
    const asked: unknown[] = [];
    return {
      asked,
      async grab(display, size) {
        asked.push({ id: display.id, ...size });
        return empty
          ? { data: new ArrayBuffer(0), width: 0, height: 0 }
          : { data: new ArrayBuffer(size.width * size.height * 4), width: size.width, height: size.height };
      },
    };
  };

  it('asks for the real pixel size and hands on raw BGRA', async () => {
    const port = frames();
    const shot = await captureDisplay(displayUnderCursor(screenAt(10, 10)), port, 'linux');
    expect(port.asked).toEqual([{ id: '1', width: 2880, height: 1800 }]);
    expect(shot.input).toMatchObject({ kind: 'raw', width: 2880, height: 1800, channels: 4, order: 'bgra' });
    expect(shot.display).toBe('1');
  });

  it('explains the missing macOS permission when the frame comes back empty', async () => {
    await expect(
      captureDisplay(displayUnderCursor(screenAt(10, 10)), frames(true), 'darwin'),
    ).rejects.toThrow(/Screen Recording/);
    await expect(captureDisplay(displayUnderCursor(screenAt(10, 10)), frames(true), 'linux')).rejects.toThrow(
      /empty image/,
    );
  });
});
