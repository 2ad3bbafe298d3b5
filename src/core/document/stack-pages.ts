import type { FieldMeta } from '../../shared/result.ts';
import type { OcrLine, OcrPage } from '../providers/local/ocr.ts';

/** A document's pages, each read (from its text layer or by OCR), one under the other. */
export interface StackedPages {
  page: OcrPage;
  /** Where each page starts in the stacked page, in page order. */
  offsets: ReadonlyArray<{ number: number; top: number; height: number }>;
}

/**
 * Puts the pages' lines one under the other, so the matcher sees the document as one long page:
 * a field may come from any page, and a table that runs on over a page break stays one table.
 */
export function stackPages(
  pages: ReadonlyArray<{ number: number; width: number; height: number; lines: OcrLine[] }>,
  engine: string,
): StackedPages {
  const lines: OcrLine[] = [];
  const offsets: Array<{ number: number; top: number; height: number }> = [];
  let top = 0;
  for (const p of pages) {
    offsets.push({ number: p.number, top, height: p.height });
    for (const line of p.lines) {
      lines.push({
        ...line,
        box: { ...line.box, y: line.box.y + top },
        words: line.words.map((w) => ({ ...w, box: { ...w.box, y: w.box.y + top } })),
      });
    }
    top += p.height;
  }
  return {
    page: {
      width: Math.max(...pages.map((p) => p.width)),
      height: top,
      lines,
      pageBreaks: offsets.slice(1).map((o) => o.top),
      engine,
    },
    offsets,
  };
}

/** Evidence boxes of the stacked page back on their own page: the page number, and its pixels. */
export function unstackMeta(
  meta: Record<string, FieldMeta>,
  offsets: StackedPages['offsets'],
): Record<string, FieldMeta> {
  const out: Record<string, FieldMeta> = {};
  for (const [key, m] of Object.entries(meta)) {
    const box = m.evidence;
    if (!box) {
      out[key] = m;
      continue;
    }
    const middle = box.y + box.h / 2;
    const at = offsets.find((o) => middle >= o.top && middle < o.top + o.height) ?? offsets.at(-1)!;
    out[key] = { ...m, page: at.number, evidence: { ...box, y: box.y - at.top } };
  }
  return out;
}
