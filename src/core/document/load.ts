import { usageError } from '../../shared/errors.ts';
import { formatRange, pagesIn, type PageRange } from '../../shared/pages.ts';
import type { Source } from '../../shared/result.ts';
import type { DocumentPage } from '../providers/types.ts';
import { openPdf } from './pdf.ts';

/**
 * Pages read when no --pages is given: enough for any invoice, and a 500-page file still ends in
 * seconds with a result and a sentence saying what was left (DocumentPages.pageCount).
 */
export const DEFAULT_PAGE_LIMIT = 20;
/** The most pages one extraction reads even when more are asked for (--pages 1-): one result. */
export const MAX_PAGES = 200;

/** A document as loaded: its pages' text layers read, their pixels drawn only when asked for. */
export interface LoadedDocument {
  kind: 'document';
  /** Kept as the file itself: the person's own document, every page of it. */
  stored: { data: Buffer; ext: 'pdf' };
  source: Source;
  pageCount: number;
  /** The pages to read, in order. */
  pages: DocumentPage[];
}

/**
 * Opens a PDF and reads the text layer of the pages asked for (up to MAX_PAGES), or of its first
 * DEFAULT_PAGE_LIMIT pages when none are named. A page is drawn (for OCR or a model) only when render() is called; the file is
 * opened again for that, which costs a few milliseconds and keeps nothing open meanwhile.
 */
export async function loadPdf(file: string, data: Buffer, range?: PageRange): Promise<LoadedDocument> {
  const pdf = await openPdf(data, file);
  try {
    const numbers = pagesIn(range, pdf.pageCount).slice(0, range ? MAX_PAGES : DEFAULT_PAGE_LIMIT);
    if (numbers.length === 0) {
      throw usageError('pdf.noPageSelected', {
        file,
        count: String(pdf.pageCount),
        pages: formatRange(range!),
      });
    }
    const pages: DocumentPage[] = [];
    for (const number of numbers) {
      const page = await pdf.page(number);
      pages.push({
        number,
        width: page.width,
        height: page.height,
        ...(page.hasText ? { lines: page.lines } : {}),
        render: () => renderPage(file, data, number),
      });
    }
    return {
      kind: 'document',
      stored: { data, ext: 'pdf' },
      source: { kind: 'file', path: file },
      pageCount: pdf.pageCount,
      pages,
    };
  } finally {
    await pdf.close();
  }
}

/** One page of a PDF drawn as PNG (the History window shows a stored document's pages so). */
export async function renderPage(file: string, data: Buffer, number: number): Promise<Buffer> {
  const pdf = await openPdf(data, file);
  try {
    return await pdf.render(number);
  } finally {
    await pdf.close();
  }
}

/**
 * The pages drawn one under the other, as one PNG: what a provider that reads pixels is sent
 * (and what redaction and the preview see). Width: the widest page; the others on white.
 */
export async function drawPages(
  doc: LoadedDocument,
): Promise<{ png: Buffer; width: number; height: number }> {
  const { default: sharp } = await import('sharp');
  const drawn = [];
  let top = 0;
  for (const page of doc.pages) {
    drawn.push({ input: await page.render(), top, left: 0 });
    top += page.height;
  }
  const width = Math.max(...doc.pages.map((p) => p.width));
  if (drawn.length === 1) return { png: drawn[0]!.input, width, height: top };
  const png = await sharp({ create: { width, height: top, channels: 3, background: '#ffffff' } })
    .composite(drawn)
    .png()
    .toBuffer();
  return { png, width, height: top };
}
