import { createRequire } from 'node:module';
import path from 'node:path';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { usageError } from '../../shared/errors.ts';
import type { OcrLine } from '../providers/local/ocr.ts';
import { outsideAsar } from '../unpacked.ts';
import { linesFromRuns, type TextRun } from './text-lines.ts';

/**
 * Page pixels per PDF point: pages are measured, read and drawn at 144 dpi (less for a page over
 * MAX_PAGE_PIXELS), so a value's box from the text layer and the page as rendered (for OCR, a
 * model, the History window) agree.
 */
export const PDF_SCALE = 2;

/**
 * The most pixels a page is drawn or measured at (25 MP, a 100 MB canvas): a poster-sized page,
 * or a hostile one claiming to be miles wide, is scaled down to it rather than exhausting memory.
 */
const MAX_PAGE_PIXELS = 25_000_000;

/** Pixels per point for a page: PDF_SCALE, or less for a page too large for MAX_PAGE_PIXELS. */
function scaleOf(page: PDFPageProxy): number {
  const { width, height } = page.getViewport({ scale: 1 });
  const area = Math.max(1, width * height);
  return Math.min(PDF_SCALE, Math.sqrt(MAX_PAGE_PIXELS / area));
}

/** A PDF starts with this within its first kilobyte (some writers put bytes before it). */
export function isPdf(data: Buffer): boolean {
  return data.subarray(0, 1024).includes('%PDF-');
}

/** pdf.js's Node build (no DOM); loaded on first use, so image-only runs never pay for it. */
async function pdfjs() {
  return import('pdfjs-dist/legacy/build/pdf.mjs');
}

/** pdf.js's own data files (fonts a PDF names but does not embed, CJK maps), read from disk. */
function dataFolder(name: 'standard_fonts' | 'cmaps'): string {
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return `${outsideAsar(path.join(root, name))}${path.sep}`;
}

export interface PdfPage {
  /** 1-based. */
  number: number;
  /** In page pixels (PDF_SCALE). */
  width: number;
  height: number;
  /** The text layer as lines and words in page pixels; empty when the page carries none. */
  lines: OcrLine[];
  /** Whether the text layer can be read instead of the pixels (see hasUsableText). */
  hasText: boolean;
}

export interface PdfFile {
  pageCount: number;
  page(number: number): Promise<PdfPage>;
  /** The page drawn as PNG at PDF_SCALE (white background, as printed). */
  render(number: number): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Opens a PDF from its bytes. A PDF that needs a password, or that pdf.js cannot make sense of,
 * is one sentence naming the file (a usage error: there is nothing to read).
 */
export async function openPdf(data: Buffer, file: string): Promise<PdfFile> {
  const { getDocument } = await pdfjs();
  let doc: PDFDocumentProxy;
  try {
    doc = await getDocument({
      // pdf.js takes ownership of the array it is given: a copy keeps the caller's buffer intact.
      data: new Uint8Array(data),
      verbosity: 0,
      standardFontDataUrl: dataFolder('standard_fonts'),
      cMapUrl: dataFolder('cmaps'),
    }).promise;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'PasswordException') throw usageError('pdf.encrypted', { file }, error);
    throw usageError('pdf.damaged', { file }, error);
  }
  if (doc.numPages < 1) {
    await doc.loadingTask.destroy();
    throw usageError('pdf.noPages', { file });
  }
  const pageProxy = async (number: number): Promise<PDFPageProxy> => {
    try {
      return await doc.getPage(number);
    } catch (error) {
      throw usageError('pdf.pageDamaged', { file, page: String(number) }, error);
    }
  };
  return {
    pageCount: doc.numPages,
    async page(number) {
      const page = await pageProxy(number);
      const scale = scaleOf(page);
      const viewport = page.getViewport({ scale });
      const content = await page.getTextContent().catch((error: unknown) => {
        throw usageError('pdf.pageDamaged', { file, page: String(number) }, error);
      });
      const runs: TextRun[] = [];
      const { Util } = await pdfjs();
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const run = textRun(item, viewport.transform, Util.transform, scale);
        if (run) runs.push(run);
      }
      const lines = linesFromRuns(runs);
      // Little text is a scan's stamp (a page number) when the page also draws a picture.
      const hasText = hasUsableText(lines) || (lines.length > 0 && !(await drawsPicture(page)));
      return {
        number,
        width: Math.round(viewport.width),
        height: Math.round(viewport.height),
        lines,
        hasText,
      };
    },
    async render(number) {
      const page = await pageProxy(number);
      const viewport = page.getViewport({ scale: scaleOf(page) });
      const { createCanvas } = await import('@napi-rs/canvas');
      const canvas = createCanvas(Math.round(viewport.width), Math.round(viewport.height));
      try {
        // @napi-rs/canvas implements the part of the DOM canvas pdf.js draws with.
        await page.render({ canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
      } catch (error) {
        throw usageError('pdf.pageDamaged', { file, page: String(number) }, error);
      }
      return canvas.encode('png');
    },
    close: () => doc.loadingTask.destroy(),
  };
}

/** A horizontal text item in page pixels; rotated or vertical text is left out (rare on invoices). */
function textRun(
  item: TextItem,
  viewport: number[],
  transform: (a: number[], b: number[]) => number[],
  scale: number,
): TextRun | undefined {
  const [a, b, c, d, e, f] = transform(viewport, item.transform) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (a <= 0 || Math.abs(b) > 0.05 * a) return undefined;
  return { text: item.str, x: e, baseline: f, width: item.width * scale, size: Math.hypot(c, d) };
}

/** Whether a page paints an image (a scan, a photo): read from its drawing operators. */
async function drawsPicture(page: PDFPageProxy): Promise<boolean> {
  const { OPS } = await pdfjs();
  const pictures = new Set<number>([
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageXObjectRepeat,
  ]);
  const { fnArray } = await page.getOperatorList();
  return fnArray.some((op) => pictures.has(op));
}

/**
 * Whether a page's text layer alone says what the page shows (short text may too: see page()). A scan carries none (or a page number);
 * a PDF whose fonts lack a character map gives replacement or private-use characters. Either way
 * the page is read from its pixels.
 */
export function hasUsableText(lines: readonly OcrLine[]): boolean {
  const chars = lines.flatMap((l) => [...l.text.replace(/\s/g, '')]);
  const readable = chars.filter((ch) => /[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) && !/[\uFFFD\p{Co}]/u.test(ch));
  const alnum = readable.filter((ch) => /[\p{L}\p{N}]/u.test(ch)).length;
  return alnum >= 16 && readable.length >= 0.9 * chars.length;
}
