import sharp from 'sharp';
import type { Box } from '../../../shared/result.ts';

/**
 * Where the document lies on a larger scan. A receipt laid on an A4 flatbed at 600 dpi is a
 * 35 MP image of which it fills a tenth; shrunk as a whole to the engines' pixel budgets, its text
 * ends up 10 px high, where PaddleOCR's detector merges neighbouring lines and reads garbage.
 * Cropped to the printed part first, the same budget gives the text three times the resolution.
 */

/** The long side of the small grey copy the printed part is looked for in. */
const PROBE_SIDE = 512;
/** Pages whose printed part covers more than this share of the area are read whole. */
const CROP_BELOW = 0.5;
/** Blank stretches up to this share of the side still belong to the document (gaps between sections). */
const JOIN_GAP = 0.08;
/** Margin kept around the printed part, as a share of the page's side. */
const MARGIN = 0.03;

export interface PageRegion {
  width: number;
  height: number;
  /** The printed part in the page's (upright) pixels; null when the page is read whole. */
  region: Box | null;
}

/**
 * The page's upright size and the region worth reading (see above). A page that fits in
 * `budget` pixels (the smallest an engine shrinks to) is read whole: cropping gains it nothing.
 */
export async function contentRegion(image: Buffer, budget = 0): Promise<PageRegion> {
  const meta = await sharp(image).metadata();
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (width * height <= budget) return { width, height, region: null };
  const { data, info } = await sharp(image)
    .rotate()
    // Transparent screenshots: on white, as they are seen, and one grey channel only.
    .flatten({ background: '#ffffff' })
    .greyscale()
    .resize(PROBE_SIDE, PROBE_SIDE, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) return { width, height, region: null };
  const bounds = inkBounds(
    new Uint8Array(data.buffer, data.byteOffset, data.length),
    info.width,
    info.height,
  );
  if (!bounds) return { width, height, region: null };
  const sx = width / info.width;
  const sy = height / info.height;
  const x0 = Math.max(0, Math.floor((bounds.x - MARGIN * info.width) * sx));
  const y0 = Math.max(0, Math.floor((bounds.y - MARGIN * info.height) * sy));
  const x1 = Math.min(width, Math.ceil((bounds.x + bounds.w + MARGIN * info.width) * sx));
  const y1 = Math.min(height, Math.ceil((bounds.y + bounds.h + MARGIN * info.height) * sy));
  const region = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  if (region.w * region.h >= CROP_BELOW * width * height) return { width, height, region: null };
  return { width, height, region };
}

/**
 * The bounding box of the printed part of a small grey page: rows and columns holding ink
 * (pixels far from the paper's grey), joined across blank gaps, leaving out runs with little ink,
 * so that specks and dust in the scanner's margins do not count. Null for a blank page.
 */
export function inkBounds(grey: Uint8Array, width: number, height: number): Box | null {
  const hist = new Uint32Array(256);
  for (const v of grey) hist[v]!++;
  // The paper is the most common grey: print covers far less of a page than the paper does.
  let bg = 0;
  for (let v = 1; v < 256; v++) if (hist[v]! > hist[bg]!) bg = v;
  const ink = (x: number, y: number) => Math.abs(grey[y * width + x]! - bg) > 40;
  let cols = { start: 0, end: width };
  let rows = { start: 0, end: height };
  // Rows within the columns found, then columns within those rows: a speck far off either way
  // adds to neither profile.
  for (let pass = 0; pass < 2; pass++) {
    const rowInk = profile(height, (y) => countInk(cols.start, cols.end, (x) => ink(x, y)));
    const r = inkedSpan(rowInk, JOIN_GAP * height);
    if (!r) return null;
    rows = r;
    const colInk = profile(width, (x) => countInk(rows.start, rows.end, (y) => ink(x, y)));
    const c = inkedSpan(colInk, JOIN_GAP * width);
    if (!c) return null;
    cols = c;
  }
  return { x: cols.start, y: rows.start, w: cols.end - cols.start, h: rows.end - rows.start };
}

function profile(n: number, count: (i: number) => number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = count(i);
  return out;
}

function countInk(from: number, to: number, isInk: (i: number) => boolean): number {
  let n = 0;
  for (let i = from; i < to; i++) if (isInk(i)) n++;
  return n;
}

/**
 * Runs of positions with ink (two pixels at least: one is a speck), joined across gaps up to
 * `maxGap`; the span of every run holding at least 1% of all the ink, as [start, end). Faint
 * columns of a receipt (prices far right of the item names) still hold far more than that; dust
 * and specks in the scanner's margins hold far less.
 */
function inkedSpan(counts: Uint32Array, maxGap: number): { start: number; end: number } | null {
  const runs: Array<{ start: number; end: number; mass: number }> = [];
  for (let i = 0; i < counts.length; i++) {
    if (counts[i]! < 2) continue;
    const current = runs[runs.length - 1];
    if (current && i - current.end <= maxGap) {
      current.end = i + 1;
      current.mass += counts[i]!;
    } else runs.push({ start: i, end: i + 1, mass: counts[i]! });
  }
  const total = runs.reduce((sum, r) => sum + r.mass, 0);
  const kept = runs.filter((r) => r.mass >= 0.01 * total);
  if (kept.length === 0) return null;
  return { start: kept[0]!.start, end: kept[kept.length - 1]!.end };
}
