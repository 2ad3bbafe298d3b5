/**
 * Imaging benchmark: `npx node bench/imaging.ts`
 *
 * For a real Xvfb screen at 1920x1080 and 3840x2160 (a document-like page painted on it), times:
 *   capture  the OS capture through screenshot-desktop (ImageMagick `import`), reported apart;
 *   ours     prepareImage on the frame's raw BGRA pixels: hand-off to the worker (transfer),
 *            the worker's resize + PNG encode + sha256, the answer's way back, and the total;
 *   floor    sharp alone turning the same raw BGRA pixels into the same PNG in this thread
 *            (also split into resize-only and encode-only passes, to show where the time goes);
 *   naive    the captured PNG -> jimp decode + resize -> PNG base64.
 * Medians of several runs. Targets: ours <= 1.2x floor; naive >= 6x ours.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Jimp } from 'jimp';
import sharp from 'sharp';
import screenshot from 'screenshot-desktop';
import { paintDocument } from './document-page.ts';
import { PNG_OPTIONS } from '../src/core/imaging/encode.ts';
import { closeImagingPool } from '../src/core/imaging/pool.ts';
import { prepareImageTimed } from '../src/core/imaging/prepare.ts';
import { estimateImage } from '../src/core/imaging/tokens.ts';
import type { ImageRequest } from '../src/core/imaging/types.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const NAIVE_RUNS = Number(process.env.BENCH_NAIVE_RUNS ?? 3);
const SIZES = [
  [1920, 1080],
  [3840, 2160],
] as const;
const REQUESTS: ImageRequest[] = [
  { provider: 'openai', model: 'gpt-4o', detail: 'high' },
  { provider: 'anthropic', model: 'claude-opus-4-7', detail: 'high' },
];
const BGR: [[number, number, number], [number, number, number], [number, number, number]] = [
  [0, 0, 1],
  [0, 1, 0],
  [1, 0, 0],
];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

async function timeIt(runs: number, f: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function startXvfb(width: number, height: number): Promise<{ display: string; stop(): void }> {
  let n = 120;
  while (existsSync(`/tmp/.X${n}-lock`)) n++;
  const display = `:${n}`;
  const proc = spawn(
    'Xvfb',
    [display, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset'],
    { stdio: 'ignore' },
  );
  for (let i = 0; ; i++) {
    try {
      execFileSync('xdpyinfo', [], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' });
      break;
    } catch {
      if (i > 100) throw new Error('Xvfb did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { display, stop: () => proc.kill('SIGTERM') };
}

const fmt = (ms: number): string => ms.toFixed(1).padStart(7);
const rows: string[] = [];

async function benchSize(width: number, height: number, dir: string): Promise<void> {
  const x = await startXvfb(width, height);
  const saved = process.env.DISPLAY;
  process.env.DISPLAY = x.display;
  try {
    await paintDocument(x.display, width, height, dir);
    // The OS capture, apart: screenshot-desktop's own path where xrandr exists, else the
    // `import` call that captureScreen's bare-X fallback makes (bench/screen-capture.ts compares
    // it with reading the pixels straight from the X server).
    const hasXrandr = (() => {
      try {
        execFileSync('xrandr', ['--version'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })();
    let png: Buffer = Buffer.alloc(0);
    const captureMs = await timeIt(5, async () => {
      png = hasXrandr
        ? await screenshot({ format: 'png' })
        : execFileSync('import', ['-silent', '-window', 'root', 'png:-'], { maxBuffer: 1 << 30 });
    });
    // Electron hands BGRA (NativeImage.toBitmap): make that frame from the captured pixels.
    const rgba = await sharp(png).ensureAlpha().raw().toBuffer();
    const bgra = Buffer.from(rgba);
    for (let i = 0; i < bgra.length; i += 4) {
      bgra[i] = rgba[i + 2]!;
      bgra[i + 2] = rgba[i]!;
    }
    const frameMB = bgra.length / 1e6;
    const cloneMs = await timeIt(5, async () => structuredClone(bgra.buffer.slice(0)));
    console.log(
      `\n${width}x${height}: OS capture (screenshot-desktop/import -> PNG ${(png.length / 1e6).toFixed(2)} MB) median ${captureMs.toFixed(0)} ms; ` +
        `frame ${frameMB.toFixed(1)} MB BGRA; copying it (structured clone) would cost ${cloneMs.toFixed(1)} ms`,
    );

    for (const request of REQUESTS) {
      const est = estimateImage({ width, height }, request);
      const raw = { raw: { width, height, channels: 4 as const } };
      const floorOnce = () =>
        sharp(bgra, raw)
          .removeAlpha()
          .resize(est.width, est.height, { fit: 'fill' })
          .recomb(BGR)
          .png(PNG_OPTIONS)
          .toBuffer();
      let resized: Buffer = Buffer.alloc(0);
      const floorResizeMs = await timeIt(RUNS, async () => {
        resized = await sharp(bgra, raw)
          .removeAlpha()
          .resize(est.width, est.height, { fit: 'fill' })
          .recomb(BGR)
          .raw()
          .toBuffer();
      });
      const floorEncodeMs = await timeIt(RUNS, () =>
        sharp(resized, { raw: { width: est.width, height: est.height, channels: 3 } })
          .png(PNG_OPTIONS)
          .toBuffer(),
      );
      // Ours and the floor alternate run by run, so load from other processes hits both alike.
      // Ours gets a fresh copy of the frame per run (made outside the timing), transferred inside it.
      const floor: number[] = [];
      const hand: number[] = [];
      const work: number[] = [];
      const back: number[] = [];
      const total: number[] = [];
      let outBytes = 0;
      for (let i = 0; i < RUNS + 1; i++) {
        let t = performance.now();
        await floorOnce();
        const floorRun = performance.now() - t;
        const data = bgra.buffer.slice(bgra.byteOffset, bgra.byteOffset + bgra.byteLength);
        t = performance.now();
        const { image, timings } = await prepareImageTimed(
          { kind: 'raw', data, width, height, channels: 4, order: 'bgra' },
          request,
        );
        const ms = performance.now() - t;
        if (i === 0) continue; // the first run also starts the worker and loads sharp in it
        floor.push(floorRun);
        total.push(ms);
        hand.push(timings.handoffMs);
        work.push(timings.workMs);
        back.push(timings.returnMs);
        outBytes = image.data.length;
      }
      const floorMs = median(floor);
      const oursMs = median(total);

      const naiveMs = await timeIt(NAIVE_RUNS, async () => {
        const img = await Jimp.read(png);
        img.resize({ w: est.width, h: est.height });
        return img.getBase64('image/png');
      });

      const label = `${width}x${height} -> ${est.width}x${est.height} (${request.model})`;
      rows.push(
        `| ${label} | ${captureMs.toFixed(0)} | ${median(hand).toFixed(1)} | ${median(work).toFixed(1)} | ${median(back).toFixed(1)} | ${oursMs.toFixed(1)} | ` +
          `${floorResizeMs.toFixed(1)} + ${floorEncodeMs.toFixed(1)} | ${floorMs.toFixed(1)} | ${naiveMs.toFixed(0)} | ${(oursMs / floorMs).toFixed(2)}x | ${(naiveMs / oursMs).toFixed(1)}x |`,
      );
      console.log(
        `  ${label}: ours ${fmt(oursMs)} ms (hand-off ${median(hand).toFixed(1)}, worker resize+encode+hash ${median(work).toFixed(1)}, back ${median(back).toFixed(1)}; PNG ${(outBytes / 1e6).toFixed(2)} MB)` +
          ` | floor ${fmt(floorMs)} ms (resize ${floorResizeMs.toFixed(1)} + encode ${floorEncodeMs.toFixed(1)} as two passes) | naive ${fmt(naiveMs)} ms` +
          ` | ours/floor ${(oursMs / floorMs).toFixed(2)}x, naive/ours ${(naiveMs / oursMs).toFixed(1)}x`,
      );
    }
  } finally {
    if (saved === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = saved;
    x.stop();
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'extracto-bench-'));
try {
  for (const [w, h] of SIZES) await benchSize(w, h, dir);
} finally {
  await closeImagingPool();
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `\nMedians of ${RUNS} runs (naive: ${NAIVE_RUNS}), ms. OS capture is not part of ours, floor or naive.`,
);
console.log(
  '| frame -> sent (model) | OS capture | hand-off | worker | back | ours total | floor resize + encode | floor | naive (jimp) | ours/floor | naive/ours |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
