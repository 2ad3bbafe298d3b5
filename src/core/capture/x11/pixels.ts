import { endianness } from 'node:os';

/**
 * BGRX pixels turned into RGBX in place, one 32-bit word a pixel (~12 ms at 1920x1080, ~60 ms at
 * 3840x2160). Measured: sharp's BGR -> RGB recomb, which every later step would otherwise run,
 * costs more than that in the kept PNG's encode alone (3840x2160: 239 -> 74 ms). The word trick
 * reads bytes B,G,R,X as one little-endian word; on a big-endian host nothing is swapped and
 * the frame stays BGRX.
 */
export function bgrxToRgbx(data: ArrayBuffer): 'rgba' | 'bgra' {
  if (endianness() !== 'LE') return 'bgra';
  const words = new Uint32Array(data);
  for (let i = 0; i < words.length; i++) {
    const v = words[i]!;
    words[i] = (v & 0xff00ff00) | ((v >>> 16) & 0xff) | ((v & 0xff) << 16);
  }
  return 'rgba';
}
