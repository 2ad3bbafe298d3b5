import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { usageError, type UserError } from '../../shared/errors.ts';
import type { Region } from '../../shared/result.ts';
import type { ImageRequest, PreparedImage } from './types.ts';
import { estimateImage } from './tokens.ts';

/**
 * zlib level 1: on screen frames it is ~2x faster than the default 6 for ~10% more bytes, and the
 * bytes are sent once. Adaptive filtering stays off (sharp's default): measured slower, same text.
 */
export const PNG_OPTIONS = { compressionLevel: 1, adaptiveFiltering: false } as const;

/** Swaps red and blue: BGRA frames (Electron's toBitmap) become RGB inside the same vips pipeline. */
const BGR_TO_RGB: [[number, number, number], [number, number, number], [number, number, number]] = [
  [0, 0, 1],
  [0, 1, 0],
  [1, 0, 0],
];

/** Raw pixels as the worker receives them: the ArrayBuffer was transferred, not copied. */
export interface RawFrame {
  data: ArrayBuffer;
  width: number;
  height: number;
  channels: 3 | 4;
  order: 'rgba' | 'bgra';
}

export type Prepared = Omit<PreparedImage, 'data'> & { data: Buffer };

const SUPPORTED = new Set(['png', 'jpeg', 'webp', 'tiff', 'gif', 'avif', 'heif']);

export function notAnImage(cause?: unknown): UserError {
  return usageError('image.notAPicture', {}, cause);
}

function finish(
  data: Buffer,
  mediaType: PreparedImage['mediaType'],
  rest: Omit<Prepared, 'data' | 'mediaType' | 'sha256'>,
): Prepared {
  return { ...rest, data, mediaType, sha256: createHash('sha256').update(data).digest('hex') };
}

/**
 * Raw pixels -> the PNG the model will see, at the size the token table gives. Screen frames are
 * opaque, so alpha is dropped: an RGB PNG encodes faster and smaller.
 */
export async function prepareRaw(frame: RawFrame, request: ImageRequest): Promise<Prepared> {
  const est = estimateImage({ width: frame.width, height: frame.height }, request);
  let img = sharp(new Uint8Array(frame.data), {
    raw: { width: frame.width, height: frame.height, channels: frame.channels },
  });
  if (frame.channels === 4) img = img.removeAlpha();
  if (est.width !== frame.width || est.height !== frame.height) {
    // fit 'fill' is safe: the table already kept the aspect ratio; this makes the size exact.
    img = img.resize(est.width, est.height, { fit: 'fill' });
  }
  if (frame.order === 'bgra') img = img.recomb(BGR_TO_RGB);
  const data = await img.png(PNG_OPTIONS).toBuffer();
  return finish(data, 'image/png', {
    width: est.width,
    height: est.height,
    sourceWidth: frame.width,
    sourceHeight: frame.height,
    detail: est.detail,
    estimatedTokens: est.tokens,
  });
}

export type KeptFormat = 'png' | 'jpeg';

/** A captured frame made ready to keep: the image stored beside the result, and the pixels to send. */
export interface KeptFrame {
  image: Buffer;
  ext: 'png' | 'jpg';
  /** The frame (cropped when asked), handed back without a copy for prepareRaw. */
  frame: RawFrame;
}

/**
 * A captured frame -> the image kept in the history (PNG, or JPEG when Settings say so), cropped to a
 * region when one was drawn. The
 * pixels come back too (the same ArrayBuffer when uncropped), so preparing the image for the
 * provider starts from raw pixels again instead of decoding the PNG just written.
 */
export async function keepFrame(
  frame: RawFrame,
  crop?: Region,
  format: KeptFormat = 'png',
): Promise<KeptFrame> {
  const { width, height, channels } = frame;
  const pixels = () => sharp(new Uint8Array(frame.data), { raw: { width, height, channels } });
  let kept: RawFrame = frame;
  if (crop) {
    const { data, info } = await pixels()
      .extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height })
      .raw()
      .toBuffer({ resolveWithObject: true });
    // A fresh ArrayBuffer of exactly the region, so it can be transferred on.
    const copy = new Uint8Array(data.byteLength);
    copy.set(data);
    kept = { ...frame, data: copy.buffer, width: info.width, height: info.height };
  }
  let img = sharp(new Uint8Array(kept.data), {
    raw: { width: kept.width, height: kept.height, channels: kept.channels },
  });
  if (kept.channels === 4) img = img.removeAlpha();
  if (kept.order === 'bgra') img = img.recomb(BGR_TO_RGB);
  if (format === 'jpeg')
    return { image: await img.jpeg({ quality: 90 }).toBuffer(), ext: 'jpg', frame: kept };
  return { image: await img.png(PNG_OPTIONS).toBuffer(), ext: 'png', frame: kept };
}

/** Where one display's frame goes on the picture of the whole desktop, in that picture's pixels. */
export interface Placement {
  frame: RawFrame;
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Several displays' frames as one frame of the whole desktop (Settings > Capture > all screens):
 * each scaled to its place, the gaps between screens of different sizes left black. The result is
 * a fresh 4-channel frame in the frames' own byte order, so it is kept and prepared like any other.
 */
export async function stitchFrames(
  parts: readonly Placement[],
  canvas: { width: number; height: number },
): Promise<RawFrame> {
  const layers = await Promise.all(
    parts.map(async (p) => {
      const { frame } = p;
      let img = sharp(new Uint8Array(frame.data), {
        raw: { width: frame.width, height: frame.height, channels: frame.channels },
      });
      if (frame.channels === 3) img = img.ensureAlpha();
      if (frame.width !== p.width || frame.height !== p.height)
        img = img.resize(p.width, p.height, { fit: 'fill' });
      const data = await img.raw().toBuffer();
      return {
        input: data,
        raw: { width: p.width, height: p.height, channels: 4 as const },
        left: p.left,
        top: p.top,
      };
    }),
  );
  const out = await sharp({
    create: {
      width: canvas.width,
      height: canvas.height,
      channels: 4,
      background: { r: 0, g: 0, b: 0, alpha: 1 },
    },
  })
    .composite(layers)
    .raw()
    .toBuffer();
  const data = new Uint8Array(out.byteLength);
  data.set(out);
  return {
    data: data.buffer,
    width: canvas.width,
    height: canvas.height,
    channels: 4,
    order: parts[0]?.frame.order ?? 'bgra',
  };
}

/**
 * An encoded file. For the local engine PNG and JPEG pass through untouched (JPEG stays JPEG);
 * other formats, and everything for a cloud model, become a PNG at the table's size.
 */
export async function prepareEncoded(data: Buffer, request: ImageRequest): Promise<Prepared> {
  if (data.length === 0) throw usageError('image.empty');
  let meta;
  try {
    meta = await sharp(data).metadata();
  } catch (cause) {
    throw notAnImage(cause);
  }
  if (!meta.format || !SUPPORTED.has(meta.format)) throw notAnImage(new Error(`format ${meta.format}`));
  // The size a viewer shows, after EXIF rotation (phone photos of receipts are often rotated).
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  const est = estimateImage({ width, height }, request);
  const common = {
    sourceWidth: width,
    sourceHeight: height,
    detail: est.detail,
    estimatedTokens: est.tokens,
  };
  if (request.provider === 'local' && (meta.format === 'png' || meta.format === 'jpeg')) {
    return finish(data, meta.format === 'png' ? 'image/png' : 'image/jpeg', {
      ...common,
      width: meta.width,
      height: meta.height,
    });
  }
  let out;
  try {
    out = await sharp(data)
      .autoOrient()
      .resize(est.width, est.height, { fit: 'fill' })
      .png(PNG_OPTIONS)
      .toBuffer();
  } catch (cause) {
    throw notAnImage(cause);
  }
  return finish(out, 'image/png', { ...common, width: est.width, height: est.height });
}
