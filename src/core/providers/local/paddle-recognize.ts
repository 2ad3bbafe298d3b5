import * as ort from 'onnxruntime-node';
import { latinText } from '../../values/index.ts';
import type { OcrLine, OcrWord } from './ocr.ts';
import type { RgbImage } from './paddle-image.ts';
import type { TextBox } from './paddle-detect.ts';

// Indexes into typed arrays below are in bounds by construction; `!` keeps the hot loops plain.

/** PP-OCRv4's recogniser reads lines 48 px high; its output has one step per 8 px of width. */
const HEIGHT = 48;
/** A longer line is squeezed; wider inputs cost time and rarely exist on receipts. */
const MAX_WIDTH = 1920;
/**
 * Lines are read one at a time. Measured on onnxruntime-node 1.30 CPU, 2 cores: 8 lines of
 * 960 px in one batch took 5.4 s, one such line 0.18 s; batching buys nothing here and padding
 * to the widest line of a batch costs more.
 */
const BATCH = 1;

interface Crop {
  box: TextBox;
  width: number;
  /** CHW, BGR, normalised to -1..1, `width` columns. */
  pixels: Float32Array;
  /** Grey copy of the same pixels, row-major, for the ink profile that places spaces. */
  grey: Uint8Array;
}

/**
 * Crops every detected box, reads it, and splits it into words. Boxes in the result are in the
 * pixels of `image`; the caller scales them to the original image.
 */
export async function recognizeLines(
  session: ort.InferenceSession,
  image: RgbImage,
  boxes: TextBox[],
  keys: string[],
): Promise<OcrLine[]> {
  const crops = boxes.map((box) => crop(image, box));
  // Similar widths per batch, so little time is spent on padding.
  const order = crops.map((_, i) => i).sort((a, b) => crops[a]!.width - crops[b]!.width);
  const lines: (OcrLine | undefined)[] = new Array(crops.length);
  for (let start = 0; start < order.length; start += BATCH) {
    const batch = order.slice(start, start + BATCH).map((i) => crops[i]!);
    const width = Math.ceil(Math.max(...batch.map((c) => c.width)) / 8) * 8;
    const plane = HEIGHT * width;
    const input = new Float32Array(batch.length * 3 * plane);
    batch.forEach((c, n) => {
      for (let ch = 0; ch < 3; ch++) {
        for (let y = 0; y < HEIGHT; y++) {
          const src = (ch * HEIGHT + y) * c.width;
          input.set(c.pixels.subarray(src, src + c.width), n * 3 * plane + ch * plane + y * width);
        }
      }
    });
    const feeds = {
      [session.inputNames[0]!]: new ort.Tensor('float32', input, [batch.length, 3, HEIGHT, width]),
    };
    const result = await session.run(feeds);
    const out = result[session.outputNames[0]!]!;
    const [, steps = 1, classes = 1] = out.dims;
    const probs = out.data as Float32Array;
    batch.forEach((c, n) => {
      const chars = greedyDecode(
        probs.subarray(n * steps * classes, (n + 1) * steps * classes),
        steps,
        classes,
        keys,
      );
      lines[order[start + n]!] = toLine(c, chars, width / steps);
    });
    out.dispose();
  }
  // PaddleOCR's drop_score: lines read with less confidence are mostly noise.
  return lines.filter((l): l is OcrLine => l !== undefined && l.text !== '' && l.confidence >= 0.5);
}

/** Bilinear crop + resize to 48 px high, straight from the RGB buffer (no sharp call per line). */
function crop(image: RgbImage, box: TextBox): Crop {
  const width = Math.max(8, Math.min(MAX_WIDTH, Math.round((box.w * HEIGHT) / box.h)));
  const plane = HEIGHT * width;
  const pixels = new Float32Array(3 * plane);
  const grey = new Uint8Array(plane);
  const fx = box.w / width;
  const fy = box.h / HEIGHT;
  const { data, width: iw, height: ih } = image;
  for (let y = 0; y < HEIGHT; y++) {
    const sy = Math.min(ih - 1, Math.max(0, box.y + (y + 0.5) * fy - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(ih - 1, y0 + 1);
    const wy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(iw - 1, Math.max(0, box.x + (x + 0.5) * fx - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(iw - 1, x0 + 1);
      const wx = sx - x0;
      let g = 0;
      for (let c = 0; c < 3; c++) {
        const a = data[(y0 * iw + x0) * 3 + c]!;
        const b = data[(y0 * iw + x1) * 3 + c]!;
        const d = data[(y1 * iw + x0) * 3 + c]!;
        const e = data[(y1 * iw + x1) * 3 + c]!;
        const v = (a * (1 - wx) + b * wx) * (1 - wy) + (d * (1 - wx) + e * wx) * wy;
        // BGR planes, as the model was trained on OpenCV images.
        pixels[(2 - c) * plane + y * width + x] = v / 127.5 - 1;
        g += v;
      }
      grey[y * width + x] = Math.round(g / 3);
    }
  }
  return { box, width, pixels, grey };
}

interface DecodedChar {
  text: string;
  step: number;
  prob: number;
  /** True when the model itself put a space before this character. */
  spaceBefore: boolean;
}

/** CTC greedy decoding: best class per step, merge repeats, drop blanks (class 0). */
function greedyDecode(probs: Float32Array, steps: number, classes: number, keys: string[]): DecodedChar[] {
  const chars: DecodedChar[] = [];
  let prev = 0;
  let space = false;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestP = -1;
    const row = t * classes;
    for (let k = 0; k < classes; k++) {
      const p = probs[row + k]!;
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    if (best !== 0 && best !== prev) {
      // Classes are blank, the keys file, then a space (use_space_char).
      // Full-width and ideographic marks from the Chinese half of the model, as plain Latin ones.
      const text = latinText(keys[best - 1] ?? ' ').replace(/^\s+$/u, ' ');
      if (text === ' ') space = chars.length > 0;
      else {
        chars.push({ text, step: t, prob: bestP, spaceBefore: space });
        space = false;
      }
    }
    prev = best;
  }
  return chars;
}

/** Columns of the crop that hold ink, judged against the crop's own background. */
function inkProfile(c: Crop): { cols: Uint8Array; top: number; bottom: number } {
  const n = c.grey.length;
  const hist = new Uint32Array(256);
  for (let i = 0; i < n; i++) hist[c.grey[i]!]!++;
  // The background is the most common grey: text covers far less of a line box than paper.
  let bg = 0;
  for (let v = 1; v < 256; v++) if (hist[v]! > hist[bg]!) bg = v;
  let lo = 0;
  while (hist[lo] === 0) lo++;
  let hi = 255;
  while (hist[hi] === 0) hi--;
  const contrast = Math.max(30, 0.35 * Math.max(bg - lo, hi - bg));
  const colInk = new Uint16Array(c.width);
  const rowInk = new Uint16Array(HEIGHT);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < c.width; x++) {
      if (Math.abs(c.grey[y * c.width + x]! - bg) > contrast) {
        colInk[x]!++;
        rowInk[y]!++;
      }
    }
  }
  const cols = new Uint8Array(c.width);
  for (let x = 0; x < c.width; x++) cols[x] = colInk[x]! > 1 ? 1 : 0;
  let top = 0;
  while (top < HEIGHT - 1 && rowInk[top]! < 2) top++;
  let bottom = HEIGHT - 1;
  while (bottom > top && rowInk[bottom]! < 2) bottom--;
  return { cols, top, bottom };
}

/**
 * Turns decoded characters into words. PP-OCR rarely emits spaces, but it says where each
 * character is (its CTC step, 8 px of the 48-px-high crop). Between two neighbouring characters
 * the longest run of empty columns is the gap; a word break is a gap that is wide for the text
 * height and clearly wider than the line's usual letter gap (scans differ a lot in how tightly
 * letters sit). A '.' or ',' between digits never splits, so "1,234.56" stays one word even in
 * the monospaced print of receipts.
 */
function toLine(c: Crop, chars: DecodedChar[], pxPerStep: number): OcrLine | undefined {
  if (chars.length === 0) return undefined;
  const { cols, top, bottom } = inkProfile(c);
  const inkHeight = bottom - top + 1;
  const centre = (ch: DecodedChar) => Math.min(c.width - 1, (ch.step + 0.5) * pxPerStep);
  const gaps = chars.slice(1).map((ch, i) => {
    const a = centre(chars[i]!);
    const b = centre(ch);
    let best = 0;
    let mid = (a + b) / 2;
    let run = 0;
    for (let x = Math.floor(a); x <= Math.ceil(b) && x < c.width; x++) {
      run = cols[x] ? 0 : run + 1;
      if (run > best) {
        best = run;
        mid = x - (run - 1) / 2;
      }
    }
    return { run: best, mid };
  });
  const runs = gaps.map((g) => g.run).sort((a, b) => a - b);
  const usual = runs[Math.floor(runs.length / 2)] ?? 0;
  const minRun = Math.max(3, 0.22 * inkHeight, 1.6 * usual + 1);
  const NUMERIC = /^[\d/:.,-]$/;
  const isDigit = (ch: DecodedChar | undefined) => ch !== undefined && /^\d$/.test(ch.text);

  const groups: DecodedChar[][] = [[chars[0]!]];
  const splits: number[] = [];
  for (let i = 1; i < chars.length; i++) {
    const ch = chars[i]!;
    const prev = chars[i - 1]!;
    const gap = gaps[i - 1]!;
    const inNumber =
      (/^[.,]$/.test(ch.text) && isDigit(prev) && isDigit(chars[i + 1])) ||
      (/^[.,]$/.test(prev.text) && isDigit(chars[i - 2]) && isDigit(ch));
    // Between digits (and the / : - of dates and times) receipts print monospaced, where a
    // narrow '1' leaves half a cell empty on each side: only a whole empty cell is a space.
    const numeric = NUMERIC.test(prev.text) && NUMERIC.test(ch.text);
    const needed = numeric ? Math.max(minRun, 0.5 * inkHeight) : minRun;
    if (ch.spaceBefore || (gap.run >= needed && !inNumber)) {
      groups.push([ch]);
      splits.push(gap.mid);
    } else groups[groups.length - 1]!.push(ch);
  }

  const sx = c.box.w / c.width;
  const sy = c.box.h / HEIGHT;
  const words: OcrWord[] = groups.map((g, i) => {
    let left = Math.floor(splits[i - 1] ?? 0);
    let right = Math.ceil(splits[i] ?? c.width - 1);
    // Tighten to the ink, so the box is where the word is printed.
    while (left < right && !cols[left]) left++;
    while (right > left && !cols[right]) right--;
    return {
      text: g.map((ch) => ch.text).join(''),
      confidence: g.reduce((s, ch) => s + ch.prob, 0) / g.length,
      box: {
        x: c.box.x + left * sx,
        y: c.box.y + top * sy,
        w: (right - left + 1) * sx,
        h: inkHeight * sy,
      },
    };
  });
  return {
    text: words.map((w) => w.text).join(' '),
    confidence: chars.reduce((s, ch) => s + ch.prob, 0) / chars.length,
    box: { x: c.box.x, y: c.box.y, w: c.box.w, h: c.box.h },
    words,
  };
}
