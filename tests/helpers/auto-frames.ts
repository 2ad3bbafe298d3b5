import sharp, { type OverlayOptions } from 'sharp';
import type { LoadedImage } from '../../src/core/pipeline.ts';
import { renderDocument } from './documents.ts';

/** Generated screens for change detection: a desktop with a document window, real PNGs. */
export interface ScreenOptions {
  seed: number;
  /** Pixels the document is scrolled by. */
  scroll?: number;
  /** A text cursor (2x22 px) drawn in the document. */
  cursor?: boolean;
  /** Multiplies every pixel (a screen dimming for power saving). */
  dim?: number;
  /** A clock in the corner, as a panel shows it. */
  clock?: string;
}

const W = 1920;
const H = 1080;
const docs = new Map<number, Buffer>();

async function doc(seed: number): Promise<Buffer> {
  let png = docs.get(seed);
  if (!png) {
    const d = await renderDocument({ kind: seed % 2 ? 'invoice' : 'receipt', seed });
    // Tall enough to scroll: the document twice, one under the other.
    const meta = await sharp(d.png).resize({ width: 900 }).toBuffer({ resolveWithObject: true });
    png = await sharp({
      create: { width: 900, height: meta.info.height * 2, channels: 3, background: '#ffffff' },
    })
      .composite([
        { input: meta.data, left: 0, top: 0 },
        { input: meta.data, left: 0, top: meta.info.height },
      ])
      .png()
      .toBuffer();
    docs.set(seed, png);
  }
  return png;
}

export async function screen(o: ScreenOptions): Promise<Buffer> {
  const page = await doc(o.seed);
  const view = await sharp(page)
    .extract({ left: 0, top: o.scroll ?? 0, width: 900, height: 1000 })
    .toBuffer();
  const layers: OverlayOptions[] = [{ input: view, left: 500, top: 40 }];
  if (o.cursor)
    layers.push({
      input: { create: { width: 2, height: 22, channels: 3, background: '#000000' } },
      left: 760,
      top: 300,
    });
  if (o.clock)
    layers.push({
      input: Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="24"><text x="4" y="18" font-family="DejaVu Sans" font-size="16" fill="#fff">${o.clock}</text></svg>`,
      ),
      left: 1830,
      top: 4,
    });
  let image = sharp({ create: { width: W, height: H, channels: 3, background: '#2d4f6c' } }).composite(
    layers,
  );
  if (o.dim !== undefined) image = sharp(await image.png().toBuffer()).linear(o.dim, 0);
  return image.png({ compressionLevel: 1 }).toBuffer();
}

/** A screen capture as the watch loop receives one: the PNG, kept as it is. */
export function screenFrame(png: Buffer, size = { width: W, height: H }): LoadedImage {
  return {
    input: { kind: 'encoded', data: png },
    stored: { data: png, ext: 'png' },
    ...size,
    source: { kind: 'screen', display: 'test' },
  };
}
