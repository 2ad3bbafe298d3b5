import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Region } from '../../shared/result.ts';
import { SIGNATURE_HEIGHT, SIGNATURE_WIDTH, signatureFromGrey, type FrameSignature } from './change.ts';

const run = promisify(execFile);

/**
 * The cheap look at the screen that on-change mode makes every poll. A full capture encodes a PNG
 * (ImageMagick's `import`: ~0.3 s of CPU for 1920x1080 here); the probe asks the X server for the
 * raw pixels with `xwd` (~0.1 s, nearly all of it the X server handing over 8 MB) and reduces them
 * with sharp from memory. Only when the screen has changed and settled is a real capture made.
 * Elsewhere (no X11, no xwd) there is no probe and the loop signs full captures instead; the
 * Electron app can ask desktopCapturer for a 64x36 thumbnail, which is cheaper still.
 */
export interface RawFrame {
  /** Pixel rows, `stride` bytes apart; a view into the xwd output, not a copy. */
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
  stride: number;
  /** Byte order of a pixel: red first, or blue first (X servers on little-endian machines). */
  order: 'rgb' | 'bgr';
}

/**
 * Reads an X Window Dump (X11 XWD file format version 7, ZPixmap, 24 or 32 bits per pixel with
 * 8-bit channel masks): the header is 25 big-endian 32-bit words, then the window name, then
 * `ncolors` 12-byte colour entries, then the pixels. Null for any other layout.
 */
export function parseXwd(buf: Buffer): RawFrame | null {
  if (buf.length < 100) return null;
  const word = (i: number) => buf.readUInt32BE(i * 4);
  const headerSize = word(0);
  const version = word(1);
  const format = word(2);
  const width = word(4);
  const height = word(5);
  const byteOrder = word(7); // 0: LSBFirst, 1: MSBFirst
  const bitsPerPixel = word(11);
  const stride = word(12);
  const redMask = word(14);
  const blueMask = word(16);
  const ncolors = word(19);
  if (version !== 7 || format !== 2 || (bitsPerPixel !== 24 && bitsPerPixel !== 32)) return null;
  if (redMask !== 0xff0000 || blueMask !== 0xff) return null;
  const channels = bitsPerPixel === 32 ? 4 : 3;
  const offset = headerSize + ncolors * 12;
  if (stride < width * channels || buf.length < offset + stride * height) return null;
  // The value 0x00RRGGBB: stored most significant byte first it reads R,G,B; least first, B,G,R.
  // A 32-bit MSBFirst pixel starts with the unused byte, which this reader does not handle.
  if (channels === 4 && byteOrder === 1) return null;
  return {
    data: buf.subarray(offset, offset + stride * height),
    width,
    height,
    channels,
    stride,
    order: byteOrder === 1 ? 'rgb' : 'bgr',
  };
}

/**
 * The signature of a raw frame, cropped to a region when given. Reduced here rather than by sharp:
 * one pass that averages every other pixel of every other row into the 64x36 cells costs ~5 ms
 * for 1920x1080, where handing 8 MB to sharp costs ~50 ms. Skipping pixels is harmless: the cells
 * are 30x30 pixels, and a detail smaller than the step is one we want to ignore anyway.
 */
export function rawSignature(frame: RawFrame, region?: Region): FrameSignature {
  const crop = region ?? { x: 0, y: 0, width: frame.width, height: frame.height };
  const { data, stride, channels } = frame;
  const [r, b] = frame.order === 'rgb' ? [0, 2] : [2, 0];
  const W = SIGNATURE_WIDTH;
  const H = SIGNATURE_HEIGHT;
  const sums = new Float64Array(W * H);
  const counts = new Uint32Array(W * H);
  const step = crop.width >= W * 4 && crop.height >= H * 4 ? 2 : 1;
  for (let y = 0; y < crop.height; y += step) {
    const cy = Math.min(H - 1, Math.floor((y * H) / crop.height));
    const row = (crop.y + y) * stride + crop.x * channels;
    for (let x = 0; x < crop.width; x += step) {
      const i = row + x * channels;
      // Rec. 601 luma in integers, as greyscale conversions do.
      const grey = (data[i + r]! * 77 + data[i + 1]! * 150 + data[i + b]! * 29) >> 8;
      const cell = cy * W + Math.min(W - 1, Math.floor((x * W) / crop.width));
      sums[cell]! += grey;
      counts[cell]!++;
    }
  }
  const grey = new Uint8Array(W * H);
  for (let i = 0; i < grey.length; i++) grey[i] = counts[i] ? Math.round(sums[i]! / counts[i]!) : 0;
  return signatureFromGrey(grey, W, H);
}

/** Where xwd writes: memory-backed /dev/shm when there is one (reading a pipe in 64 KB chunks costs more). */
const dumpFile = path.join(
  existsSync('/dev/shm') ? '/dev/shm' : tmpdir(),
  `extracto-probe-${process.pid}.xwd`,
);

async function xwd(display: string): Promise<Buffer | null> {
  try {
    await run('xwd', ['-root', '-silent', '-out', dumpFile], {
      timeout: 10_000,
      env: { ...process.env, DISPLAY: display },
    });
    return await readFile(dumpFile);
  } catch {
    return null;
  } finally {
    await rm(dumpFile, { force: true });
  }
}

/**
 * A probe for the X display, or null when there is none to use (not Linux, no DISPLAY, no xwd, a
 * pixel layout this reader does not know): then the loop signs full captures. Only the root window
 * of the default screen is probed, so a capture of another display gets no probe.
 */
export async function createX11Probe(
  options: { region?: Region; display?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<(() => Promise<FrameSignature | null>) | null> {
  if (process.platform !== 'linux' || !env.DISPLAY || options.display) return null;
  const display = env.DISPLAY;
  const first = await xwd(display);
  const frame = first && parseXwd(first);
  if (!frame) return null;
  const { region } = options;
  if (region && (region.x + region.width > frame.width || region.y + region.height > frame.height))
    return null;
  return async () => {
    const buf = await xwd(display);
    const raw = buf && parseXwd(buf);
    return raw ? rawSignature(raw, region) : null;
  };
}
