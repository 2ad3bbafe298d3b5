import sharp from 'sharp';

/**
 * A frame reduced to what matters for "did the screen change": a small greyscale thumbnail. At
 * 64x36 each cell of a 1920x1080 screen covers 30x30 pixels, so a blinking text cursor touches one
 * cell of 2,304, while a new document or a scroll touches hundreds. Comparing two signatures costs
 * a few microseconds; making one costs one sharp decode + resize (shrink-on-load keeps it cheap).
 */
export interface FrameSignature {
  width: number;
  height: number;
  /** Greyscale cells, row by row, normalised to one mean and contrast. */
  grey: Uint8Array;
  /**
   * Difference hash: one bit per horizontal neighbour pair (left brighter than right). It keeps
   * the layout of edges and ignores a uniform brightening or dimming of the whole screen.
   */
  dhash: Uint8Array;
}

export const SIGNATURE_WIDTH = 64;
export const SIGNATURE_HEIGHT = 36;
/** A cell counts as changed when its grey level moved more than this (out of 255): above noise. */
const CELL_LEVEL = 10;
/** dHash comparisons ignore neighbours closer than this, so noise on flat areas does not flip bits. */
const HASH_DEAD_ZONE = 3;

/** The default for `--threshold`: the share of the screen that must change (0.5%, ~12 cells). */
export const DEFAULT_THRESHOLD = 0.005;

export type FrameInput =
  Buffer | { data: Buffer | Uint8Array; width: number; height: number; channels: 1 | 2 | 3 | 4 };

/** The signature of an encoded image (PNG, JPEG…) or of raw pixels. */
export async function frameSignature(frame: FrameInput): Promise<FrameSignature> {
  const image = Buffer.isBuffer(frame)
    ? sharp(frame)
    : sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: frame.channels } });
  const grey = await image
    .greyscale()
    // 'fill': every frame maps onto the same grid whatever its aspect, so any two can be compared.
    .resize(SIGNATURE_WIDTH, SIGNATURE_HEIGHT, { fit: 'fill', kernel: 'linear' })
    .extractChannel(0)
    .raw()
    .toBuffer();
  return signatureFromGrey(new Uint8Array(grey), SIGNATURE_WIDTH, SIGNATURE_HEIGHT);
}

/**
 * Stretches the cells to a fixed mean and contrast, so a screen dimming for power saving, or a
 * night-light tint, leaves the signature as it was: only a change of what is shown moves it.
 */
function normalise(grey: Uint8Array): Uint8Array {
  let sum = 0;
  for (const v of grey) sum += v;
  const mean = sum / grey.length;
  let variance = 0;
  for (const v of grey) variance += (v - mean) ** 2;
  const std = Math.sqrt(variance / grey.length);
  // A blank screen has no contrast to stretch.
  if (std < 1) return grey.map(() => 128);
  const out = new Uint8Array(grey.length);
  for (let i = 0; i < grey.length; i++)
    out[i] = Math.max(0, Math.min(255, Math.round(128 + ((grey[i]! - mean) * 48) / std)));
  return out;
}

export function signatureFromGrey(raw: Uint8Array, width: number, height: number): FrameSignature {
  const grey = normalise(raw);
  const bits = (width - 1) * height;
  const dhash = new Uint8Array(Math.ceil(bits / 8));
  let bit = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width - 1; x++, bit++) {
      const i = y * width + x;
      if (grey[i]! > grey[i + 1]! + HASH_DEAD_ZONE) dhash[bit >> 3]! |= 1 << (bit & 7);
    }
  }
  return { width, height, grey, dhash };
}

export interface FrameDiff {
  /** Mean absolute difference of the grey cells, 0 (same) to 1 (black to white everywhere). */
  mad: number;
  /** Share of cells whose grey level moved by more than the noise level. */
  cells: number;
  /** Share of dHash bits that differ: how much the layout of edges moved. */
  hash: number;
}

function popcount(n: number): number {
  let c = 0;
  for (let v = n; v; v &= v - 1) c++;
  return c;
}

export function compareSignatures(a: FrameSignature, b: FrameSignature): FrameDiff {
  if (a.width !== b.width || a.height !== b.height || a.grey.length !== b.grey.length)
    return { mad: 1, cells: 1, hash: 1 };
  let sum = 0;
  let moved = 0;
  for (let i = 0; i < a.grey.length; i++) {
    const d = Math.abs(a.grey[i]! - b.grey[i]!);
    sum += d;
    if (d > CELL_LEVEL) moved++;
  }
  let flipped = 0;
  for (let i = 0; i < a.dhash.length; i++) flipped += popcount(a.dhash[i]! ^ b.dhash[i]!);
  const bits = (a.width - 1) * a.height;
  return { mad: sum / a.grey.length / 255, cells: moved / a.grey.length, hash: flipped / bits };
}

/**
 * Whether the screen changed meaningfully: more than `threshold` of its cells changed. The cells
 * are normalised, so a whole screen dimming or brightening is not a new document. (The hash and
 * the mean difference are reported for tuning and logs; the cell share is the one a person can
 * reason about: "0.5% of the screen".)
 */
export function changed(
  prev: FrameSignature | null,
  next: FrameSignature,
  threshold = DEFAULT_THRESHOLD,
): boolean {
  if (!prev) return true;
  return compareSignatures(prev, next).cells > threshold;
}
