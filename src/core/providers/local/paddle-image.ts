import sharp from 'sharp';
import type { Box } from '../../../shared/result.ts';

/** Interleaved 8-bit RGB pixels: what both PaddleOCR models are fed from. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Decodes an encoded image to RGB, shrinking it (never enlarging) to at most `maxPixels`, so a
 * 600-dpi scan (35 MP, 105 MB as RGB) never sits in memory at full size. With a region, only that
 * part of the (upright) page is decoded, and the budget is spent on it. `scale` and `offset` map
 * the returned pixels back to the original image: original = offset + returned / scale.
 */
export async function decodeRgb(
  image: Buffer,
  maxPixels: number,
  region: Box | null = null,
): Promise<{
  rgb: RgbImage;
  scale: number;
  offset: { x: number; y: number };
  width: number;
  height: number;
}> {
  const meta = await sharp(image).metadata();
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  const part = region ?? { x: 0, y: 0, w: width, h: height };
  const scale = Math.min(1, Math.sqrt(maxPixels / (part.w * part.h)));
  let pipeline = sharp(image).rotate();
  if (region) pipeline = pipeline.extract({ left: part.x, top: part.y, width: part.w, height: part.h });
  const { data, info } = await pipeline
    .resize(scale < 1 ? { width: Math.max(1, Math.round(part.w * scale)) } : undefined)
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  let rgb: Uint8Array = data;
  if (info.channels !== 3) rgb = toThreeChannels(data, info.channels);
  return {
    rgb: { data: rgb, width: info.width, height: info.height },
    scale: info.width / part.w,
    offset: { x: part.x, y: part.y },
    width,
    height,
  };
}

function toThreeChannels(data: Uint8Array, channels: number): Uint8Array {
  const n = data.length / channels;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[i * 3 + c] = data[i * channels + Math.min(c, channels - 1)]!;
  }
  return out;
}

/** Resizes an RGB image with sharp (used for the detector input, a whole page at once). */
export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  const data = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { data, width, height };
}
