import sharp from 'sharp';
import { combinePages } from './combine.ts';
import type { OcrEngine, OcrPage } from './ocr.ts';
import { PaddleEngine } from './paddle.ts';
import { TesseractEngine } from './tesseract.ts';

/**
 * The header of a page (where company names and addresses are printed) is what tesseract is
 * asked to read: measured on real receipts, the header lines sit in the top 45%.
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
    const [paddle, header] = await Promise.all([
      this.paddle.recognize(image, options),
      headerCrop(image).then((crop) => this.tesseract.recognize(crop, options)),
    ]);
    return combinePages(paddle, header);
  }

  async close(): Promise<void> {
    await Promise.all([this.paddle.close(), this.tesseract.close()]);
  }
}

/** The top of the page, upright and grey, as a PNG whose pixels are the original's (y from 0). */
async function headerCrop(image: Buffer): Promise<Buffer> {
  const meta = await sharp(image).metadata();
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  const top = Math.max(1, Math.round(height * HEADER_SHARE));
  // Grey PNG at fast compression: tesseract binarises anyway, and encoding is then ~free.
  return sharp(image)
    .rotate()
    .extract({ left: 0, top: 0, width, height: top })
    .greyscale()
    .png({ compressionLevel: 1 })
    .toBuffer();
}
