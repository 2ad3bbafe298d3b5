import * as ort from 'onnxruntime-node';
import { resizeRgb, type RgbImage } from './paddle-image.ts';

export interface TextBox {
  x: number;
  y: number;
  w: number;
  h: number;
  score: number;
}

export interface DetectOptions {
  /** The detector's input is shrunk to at most this many pixels (sides rounded to 32). */
  maxPixels: number;
  /** A pixel is text when the probability map says more than this (DB's `thresh`). */
  threshold?: number;
  /** A region is kept when its mean probability exceeds this (DB's `box_thresh`). */
  boxThreshold?: number;
  /** How far a shrunk DB region is grown back (DB's `unclip_ratio`). */
  unclipRatio?: number;
}

// ImageNet statistics, applied in BGR order as PaddleOCR does (it reads images with OpenCV).
const MEAN = [0.406, 0.456, 0.485];
const STD = [0.225, 0.224, 0.229];

// Indexes into typed arrays below are in bounds by construction; `!` keeps the hot loops plain.

/** DB text detection: whole page in, axis-aligned text-line boxes (in `image` pixels) out. */
export async function detectText(
  session: ort.InferenceSession,
  image: RgbImage,
  options: DetectOptions,
): Promise<TextBox[]> {
  const threshold = options.threshold ?? 0.3;
  const boxThreshold = options.boxThreshold ?? 0.6;
  const unclipRatio = options.unclipRatio ?? 1.6;
  const scale = Math.min(1, Math.sqrt(options.maxPixels / (image.width * image.height)));
  // The network downsamples five times, so both sides must be multiples of 32.
  const w = Math.max(32, Math.round((image.width * scale) / 32) * 32);
  const h = Math.max(32, Math.round((image.height * scale) / 32) * 32);
  const small = w === image.width && h === image.height ? image : await resizeRgb(image, w, h);
  const input = new Float32Array(3 * w * h);
  const plane = w * h;
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      // BGR channel c reads RGB channel 2 - c.
      input[c * plane + i] = (small.data[i * 3 + (2 - c)]! / 255 - MEAN[c]!) / STD[c]!;
    }
  }
  const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, h, w]) };
  const output = await session.run(feeds);
  const map = output[session.outputNames[0]!]!;
  const prob = map.data as Float32Array;
  map.dispose();
  const boxes = components(prob, w, h, threshold, boxThreshold);
  const sx = image.width / w;
  const sy = image.height / h;
  const out: TextBox[] = [];
  for (const b of boxes) {
    // Unclip: DB predicts a shrunk kernel; grow it by area * ratio / perimeter on every side.
    const d = (b.w * b.h * unclipRatio) / (2 * (b.w + b.h));
    const x0 = Math.max(0, (b.x - d) * sx);
    const y0 = Math.max(0, (b.y - d) * sy);
    const x1 = Math.min(image.width, (b.x + b.w + d) * sx);
    const y1 = Math.min(image.height, (b.y + b.h + d) * sy);
    if (x1 - x0 < 4 || y1 - y0 < 4) continue;
    out.push({ x: x0, y: y0, w: x1 - x0, h: y1 - y0, score: b.score });
  }
  // Reading order: top to bottom, then left to right within a line band.
  out.sort((a, b) => (Math.abs(a.y - b.y) < Math.min(a.h, b.h) / 2 ? a.x - b.x : a.y - b.y));
  return out;
}

/** Connected components (8-neighbour) of the thresholded map, as bounding boxes with mean score. */
function components(
  prob: Float32Array,
  w: number,
  h: number,
  threshold: number,
  boxThreshold: number,
): TextBox[] {
  const label = new Uint8Array(w * h);
  const stack = new Int32Array(w * h);
  const boxes: TextBox[] = [];
  for (let start = 0; start < w * h; start++) {
    if (label[start] || prob[start]! <= threshold) continue;
    let top = 0;
    stack[top++] = start;
    label[start] = 1;
    let minX = w;
    let minY = h;
    let maxX = 0;
    let maxY = 0;
    let sum = 0;
    let count = 0;
    while (top > 0) {
      const p = stack[--top]!;
      const x = p % w;
      const y = (p - x) / w;
      sum += prob[p]!;
      count++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= w) continue;
          const q = ny * w + nx;
          if (!label[q] && prob[q]! > threshold) {
            label[q] = 1;
            stack[top++] = q;
          }
        }
      }
    }
    const bw = maxX - minX + 1;
    const bh = maxY - minY + 1;
    // DB's min_size: specks smaller than 3 px on the short side are noise.
    if (Math.min(bw, bh) < 3 || sum / count < boxThreshold) continue;
    boxes.push({ x: minX, y: minY, w: bw, h: bh, score: sum / count });
  }
  return boxes;
}
