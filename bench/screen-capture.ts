/**
 * Screen capture benchmark: `npx node bench/screen-capture.ts`
 *
 * On a real Xvfb screen at 1920x1080 and 3840x2160 with a document-like page painted on it, the
 * CLI's capture two ways, run by run in turn so the machine's load hits both alike:
 *   old  screenshot-desktop: xrandr (absent here) then xdpyinfo for the size, ImageMagick
 *        `import` writing a PNG, sharp reading its size (a region: cropped and encoded again);
 *        then the PNG is decoded again to prepare the image;
 *   new  the root window's pixels read straight from the X server over its unix socket (GetImage),
 *        raw (swapped to RGBX); the kept PNG encoded from them, and the image prepared from the same pixels.
 * The old path is what captureScreen does when it falls back (it is made to with WAYLAND_DISPLAY).
 * Rows: capture alone (whole screen, an 800x600 region), the new path's connect + GetImage split,
 * and capture -> prepared image for gpt-4o high, with the kept copy as PNG and as JPEG.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { captureScreen } from '../src/core/capture/screen.ts';
import { openX11Screen } from '../src/core/capture/x11/client.ts';
import { closeImagingPool } from '../src/core/imaging/pool.ts';
import { keepCapturedFrame, prepareImage } from '../src/core/imaging/prepare.ts';
import type { ImageRequest } from '../src/core/imaging/types.ts';
import { silentLogger } from '../src/core/log.ts';
import { captureToImage } from '../src/core/pipeline-ports.ts';
import { startXvfb } from '../tests/helpers/xvfb.ts';
import { paintDocument } from './document-page.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const SIZES = ['1920x1080', '3840x2160'] as const;
const REQUEST: ImageRequest = { provider: 'openai', model: 'gpt-4o', detail: 'high' };
const REGION = { x: 200, y: 100, width: 800, height: 600 };

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

/** Runs old and new in turn RUNS times (after one untimed warm-up each); their medians, ms. */
async function pair(old: () => Promise<unknown>, fresh: () => Promise<unknown>): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i <= RUNS; i++) {
    for (const [k, f] of [old, fresh].entries()) {
      const t = performance.now();
      await f();
      if (i > 0) times[k as 0 | 1].push(performance.now() - t);
    }
  }
  return [median(times[0]), median(times[1])];
}

/** The old path: captureScreen falling back to screenshot-desktop, as it does under Wayland. */
async function viaTool<T>(f: () => Promise<T>): Promise<T> {
  process.env.WAYLAND_DISPLAY = 'bench-forces-the-fallback';
  try {
    return await f();
  } finally {
    delete process.env.WAYLAND_DISPLAY;
  }
}

const rows: string[] = [];
const row = (what: string, [old, fresh]: [number, number]): void => {
  rows.push(`| ${what} | ${old.toFixed(1)} | ${fresh.toFixed(1)} | ${(old / fresh).toFixed(1)}x |`);
};

const dir = mkdtempSync(path.join(tmpdir(), 'extracto-bench-capture-'));
try {
  for (const size of SIZES) {
    const [width, height] = size.split('x').map(Number) as [number, number];
    const x = await startXvfb(`${size}x24`);
    process.env.DISPLAY = x.display;
    try {
      await paintDocument(x.display, width, height, dir);
      const check = await captureScreen();
      if (check.fallback) throw new Error(`the direct path was not taken: ${check.fallback}`);

      row(
        `${size} capture, whole screen`,
        await pair(
          () => viaTool(() => captureScreen()),
          () => captureScreen(),
        ),
      );
      row(
        `${size} capture, region 800x600`,
        await pair(
          () => viaTool(() => captureScreen({ region: REGION })),
          () => captureScreen({ region: REGION }),
        ),
      );
      const connect: number[] = [];
      const getImage: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const t0 = performance.now();
        const screen = await openX11Screen();
        const t1 = performance.now();
        await screen.grab(0, 0, width, height);
        const t2 = performance.now();
        screen.close();
        if (i === 0) continue;
        connect.push(t1 - t0);
        getImage.push(t2 - t1);
      }
      rows.push(
        `| ${size} new path split: connect + setup (Xauthority read) / GetImage ${((width * height * 4) / 1e6).toFixed(1)} MB | | ${median(connect).toFixed(1)} / ${median(getImage).toFixed(1)} | |`,
      );

      // The new chain's parts apart, on copies of one frame made outside the timing: the kept
      // PNG's encode and the preparation, both in the imaging worker.
      const shot = await captureScreen();
      if (shot.image.kind !== 'raw') throw new Error('the direct path gave no raw frame');
      const frame = shot.image;
      const copy = () => ({ ...frame, data: frame.data.slice(0) });
      const keepMs: number[] = [];
      const prepareMs: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const [a, b] = [copy(), copy()];
        let t = performance.now();
        await keepCapturedFrame(a, undefined, 'png');
        const keep = performance.now() - t;
        t = performance.now();
        await prepareImage(b, REQUEST);
        if (i === 0) continue;
        keepMs.push(keep);
        prepareMs.push(performance.now() - t);
      }
      rows.push(
        `| ${size} new path split: kept PNG encode / prepare from raw (worker) | | ${median(keepMs).toFixed(1)} / ${median(prepareMs).toFixed(1)} | |`,
      );

      for (const format of ['png', 'jpeg'] as const) {
        const chain = async (): Promise<void> => {
          const loaded = await captureToImage({}, format, silentLogger);
          await prepareImage(loaded.input, REQUEST);
        };
        const keepOnly = () => captureToImage({}, format, silentLogger);
        row(`${size} capture + kept ${format.toUpperCase()}`, await pair(() => viaTool(keepOnly), keepOnly));
        row(
          `${size} capture + kept ${format.toUpperCase()} -> prepared (gpt-4o high, 1365x768)`,
          await pair(() => viaTool(chain), chain),
        );
      }
    } finally {
      delete process.env.DISPLAY;
      x.stop();
    }
  }
} finally {
  await closeImagingPool();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`Medians of ${RUNS} runs each, ms; old and new alternate run by run.`);
console.log('| what | old (screenshot-desktop, PNG) | new (X11 GetImage, raw) | old / new |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(r);
