import sharp from 'sharp';
import type { Box } from '../../../shared/result.ts';
import { combinePages } from './combine.ts';
import type { OcrEngine, OcrPage } from './ocr.ts';
import { PaddleEngine } from './paddle.ts';
import { contentRegion } from './page-region.ts';
import { TesseractEngine } from './tesseract.ts';

/**
 * The header of a page (where company names and addresses are printed) is what tesseract is
 * asked to read: measured on real receipts, the header lines sit in the top 45% (of the printed
 * part, on a scan larger than the document: see page-region.ts).
 */
const HEADER_SHARE = 0.45;
/**
 * The header crop is shrunk to at most this many pixels: the scale the whole page had at 2 MP,
 * which read as well as 4 MP; tesseract's wasm heap grows with the image.
 */
const HEADER_MAX_PIXELS = 1_000_000;

/**
 * PaddleOCR for the whole page, tesseract.js for its header, at the same time: Paddle reads
 * characters and numbers better but drops spaces between words; tesseract's words put them back
 * into the company and address lines (see combine.ts). Tesseract runs in its own worker thread
 * while Paddle's sessions use the cores, and only on the header, so the pair costs little more
 * wall time than Paddle alone and stays well under a gigabyte.
 */
export class CombinedEngine implements OcrEngine {
  readonly name = 'combined';
  // Not spinning: onnxruntime's idle threads would busy-wait on the cores tesseract needs.
  private readonly paddle = new PaddleEngine({ threads: 2, spin: false });
  private readonly tesseract = new TesseractEngine({ maxPixels: HEADER_MAX_PIXELS });

  async recognize(image: Buffer, options: { signal?: AbortSignal } = {}): Promise<OcrPage> {
    const { paddle, header } = await this.readParts(image, options);
    return combinePages(paddle, header);
  }

  /** The two engines' own readings, before they are combined (the benchmark caches these). */
  async readParts(
    image: Buffer,
    options: { signal?: AbortSignal } = {},
  ): Promise<{ paddle: OcrPage; header: OcrPage }> {
    const found = contentRegion(image, this.paddle.detectMaxPixels);
    const [paddle, header] = await Promise.all([
      this.paddle.recognize(image, { ...options, region: found.then((f) => f.region) }),
      found.then(async ({ width, height, region }) => {
        const part = region ?? { x: 0, y: 0, w: width, h: height };
        const page = await this.tesseract.recognize(await headerCrop(image, part), options);
        return shiftPage(page, part, width, height);
      }),
    ]);
    return { paddle, header };
  }

  async close(): Promise<void> {
    await Promise.all([this.paddle.close(), this.tesseract.close()]);
  }
}

/** The top of the printed part, upright and grey, as a PNG at the original's resolution. */
async function headerCrop(image: Buffer, part: Box): Promise<Buffer> {
  const height = Math.max(1, Math.round(part.h * HEADER_SHARE));
  // Grey PNG at fast compression: tesseract binarises anyway, and encoding is then ~free.
  return sharp(image)
    .rotate()
    .extract({ left: part.x, top: part.y, width: part.w, height })
    .greyscale()
    .png({ compressionLevel: 1 })
    .toBuffer();
}

/** A page read from a crop, with its boxes moved back to where the crop lies on the page. */
function shiftPage(page: OcrPage, part: Box, width: number, height: number): OcrPage {
  const shift = (b: Box): Box => ({ ...b, x: b.x + part.x, y: b.y + part.y });
  return {
    ...page,
    width,
    height,
    lines: page.lines.map((l) => ({
      ...l,
      box: shift(l.box),
      words: l.words.map((w) => ({ ...w, box: shift(w.box) })),
    })),
  };
}
