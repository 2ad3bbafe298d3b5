import { execFileSync } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import type { Capture } from '../../src/core/capture/screen.ts';
import { paintRoot } from './xvfb.ts';

export interface Rgb {
  data: Buffer;
  width: number;
  height: number;
}

/** A capture's pixels as packed RGB, whichever way it was taken (raw RGBX or BGRX, or a PNG). */
export async function rgb(shot: Capture): Promise<Rgb> {
  const image = shot.image;
  if (image.kind === 'encoded') {
    const { data, info } = await sharp(image.data).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  }
  const pixels = new Uint8Array(image.data);
  const [r, b] = image.order === 'rgba' ? [0, 2] : [2, 0];
  const data = Buffer.alloc(image.width * image.height * 3);
  for (let i = 0, o = 0; i < pixels.length; i += 4, o += 3) {
    data[o] = pixels[i + r]!;
    data[o + 1] = pixels[i + 1]!;
    data[o + 2] = pixels[i + b]!;
  }
  return { data, width: image.width, height: image.height };
}

/** What ImageMagick's `import` reads from the root window (the old path, and the reference). */
export async function importRgb(display: string): Promise<Rgb> {
  const png = execFileSync('import', ['-silent', '-window', 'root', 'png:-'], {
    env: { ...process.env, DISPLAY: display },
    maxBuffer: 1 << 30,
  });
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A rectangle of packed RGB pixels. */
export function cropRgb(image: Rgb, x: number, y: number, width: number, height: number): Rgb {
  const data = Buffer.alloc(width * height * 3);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * 3;
    image.data.copy(data, row * width * 3, from, from + width * 3);
  }
  return { data, width, height };
}

/** Noise over the whole root window: any pixel read wrong, swapped or shifted shows. */
export async function paintNoise(display: string, dir: string, width: number, height: number): Promise<void> {
  const file = path.join(dir, `noise-${width}x${height}.png`);
  await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 70 },
    },
  })
    .png()
    .toFile(file);
  paintRoot(display, file);
}
