import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { createWorker, PSM, type Worker } from 'tesseract.js';
import { outsideAsar } from '../../unpacked.ts';
import type { OcrEngine, OcrLine, OcrPage, OcrWord } from './ocr.ts';

export interface TesseractOptions {
  /**
   * Images above this many pixels are shrunk first (boxes are scaled back). A 600-dpi A4 scan is
   * 35 MP: tesseract's wasm heap would grow past a gigabyte and take seconds longer for no gain.
   */
  maxPixels?: number;
  /** Tesseract page segmentation mode; 3 (fully automatic) is the measured baseline. */
  pageSegMode?: PSM;
}

// Measured on the 100 SROIE receipts: 2 MP reads as well as 4 MP with ~20% less CPU.
const DEFAULT_MAX_PIXELS = 2_000_000;

/**
 * A margin of the page's own background added around every image. Text that touches the edge (a
 * header crop cuts through a line; a screenshot of a window) sends tesseract's layout analysis
 * boxes past the image, and Leptonica, inside tesseract's wasm, then prints "Error in
 * boxClipToRectangle: box outside rectangle" and "Error in pixScanForForeground: invalid box" on
 * the process's stderr (its own messages, which tesseract's debug_file does not catch). With a
 * margin there is nothing to clip, as tesseract's maintainers advise. Measured on the 100 SROIE
 * receipts: 4 px silences all of them (8 lines before) with the same accuracy on every field;
 * 10 px read one company better and two addresses worse. Boxes are moved back by it.
 */
const MARGIN = 4;

/**
 * Where tesseract's worker thread finds its script and the traineddata shipped inside node_modules
 * (nothing is fetched from a CDN at run time). The worker reads them as plain files, so in a
 * packaged app they are named by their unpacked copies.
 */
function files(): { langPath: string; workerPath: string } {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@tesseract.js-data/eng/package.json');
  const tesseract = path.dirname(require.resolve('tesseract.js/package.json'));
  return {
    langPath: outsideAsar(path.join(path.dirname(pkg), '4.0.0_best_int')),
    workerPath: outsideAsar(path.join(tesseract, 'src', 'worker-script', 'node', 'index.js')),
  };
}

interface Bbox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The most common value of the first channel of raw pixels. */
function commonest(data: Buffer, channels: number): number {
  const counts = new Uint32Array(256);
  for (let i = 0; i < data.length; i += channels) counts[data[i]!]!++;
  let best = 0;
  for (let v = 1; v < 256; v++) if (counts[v]! > counts[best]!) best = v;
  return best;
}

export class TesseractEngine implements OcrEngine {
  readonly name = 'tesseract';
  private readonly maxPixels: number;
  private readonly psm: PSM;
  private worker: Promise<Worker> | undefined;
  /** Tesseract's worker runs one job at a time; queue calls so their parameters never mix. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: TesseractOptions = {}) {
    this.maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
    this.psm = options.pageSegMode ?? PSM.AUTO;
  }

  private getWorker(): Promise<Worker> {
    this.worker ??= (async () => {
      const worker = await createWorker('eng', 1, {
        ...files(),
        gzip: true,
        // 'none': read the traineddata from langPath every time and never write a cache file
        // into the current directory.
        cacheMethod: 'none',
      });
      // debug_file: tesseract's own chatter ("Detected 70 diacritics") would otherwise go to stderr.
      await worker.setParameters({ tessedit_pageseg_mode: this.psm, debug_file: '/dev/null' });
      return worker;
    })();
    return this.worker;
  }

  recognize(image: Buffer, options: { signal?: AbortSignal } = {}): Promise<OcrPage> {
    const run = this.queue.then(() => this.run(image, options.signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(image: Buffer, signal: AbortSignal | undefined): Promise<OcrPage> {
    signal?.throwIfAborted();
    const meta = await sharp(image).metadata();
    const width = meta.autoOrient?.width ?? meta.width;
    const height = meta.autoOrient?.height ?? meta.height;
    const scale = Math.min(1, Math.sqrt(this.maxPixels / (width * height)));
    const grey = await sharp(image)
      .rotate()
      .resize(scale < 1 ? { width: Math.round(width * scale) } : undefined)
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    // The margin in the page's most common grey (its paper, or a dark theme's background). Grey
    // PNG at fast compression: tesseract binarises anyway, and encoding is then ~free.
    const paper = commonest(grey.data, grey.info.channels);
    const input = await sharp(grey.data, { raw: grey.info })
      .extend({
        top: MARGIN,
        bottom: MARGIN,
        left: MARGIN,
        right: MARGIN,
        background: { r: paper, g: paper, b: paper },
      })
      .png({ compressionLevel: 1 })
      .toBuffer();
    const worker = await this.getWorker();
    signal?.throwIfAborted();
    const { data } = await worker.recognize(input, {}, { blocks: true, text: false });
    const back = 1 / scale;
    // Back from the margin and the scale to the page's pixels.
    const toBox = (b: Bbox) => {
      const x0 = Math.max(0, b.x0 - MARGIN);
      const y0 = Math.max(0, b.y0 - MARGIN);
      return {
        x: x0 * back,
        y: y0 * back,
        w: Math.max(0, b.x1 - MARGIN - x0) * back,
        h: Math.max(0, b.y1 - MARGIN - y0) * back,
      };
    };
    const lines: OcrLine[] = [];
    for (const block of data.blocks ?? []) {
      for (const paragraph of block.paragraphs) {
        for (const line of paragraph.lines) {
          const words: OcrWord[] = line.words
            .filter((w) => w.text.trim() !== '')
            .map((w) => ({ text: w.text.trim(), confidence: w.confidence / 100, box: toBox(w.bbox) }));
          if (words.length === 0) continue;
          lines.push({
            text: words.map((w) => w.text).join(' '),
            confidence: line.confidence / 100,
            box: toBox(line.bbox),
            words,
          });
        }
      }
    }
    return { width, height, lines, engine: this.name };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await (await worker).terminate();
  }
}
