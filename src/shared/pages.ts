import { usageError } from './errors.ts';

/**
 * Which pages of a document to read, as a person writes them: "2", "1-3", "1,4-6", "5-" (to the
 * end). Kept as the parts written, so it can be said back and applied to any page count.
 */
export interface PageRange {
  /** Inclusive, 1-based; `to` absent means "to the last page". */
  parts: ReadonlyArray<{ from: number; to?: number }>;
}

const PART = /^(\d{1,6})(?:\s*-\s*(\d{1,6})?)?$/;

/** Parses `--pages`; a malformed range is one sentence that shows the forms that work. */
export function parsePageRange(text: string): PageRange {
  const parts = text.split(',').map((raw) => {
    const m = PART.exec(raw.trim());
    const from = m ? Number(m[1]) : 0;
    const to = m?.[2] === undefined ? undefined : Number(m[2]);
    const open = m !== null && m[2] === undefined && raw.includes('-');
    if (!m || from < 1 || (to !== undefined && to < from))
      throw usageError('pages.badRange', { pages: text });
    return open ? { from } : { from, to: to ?? from };
  });
  return { parts };
}

/** The page numbers a range picks from a document of `count` pages, in order, each once. */
export function pagesIn(range: PageRange | undefined, count: number): number[] {
  if (!range) return Array.from({ length: count }, (_, i) => i + 1);
  const picked = new Set<number>();
  for (const { from, to } of range.parts) {
    for (let page = from; page <= Math.min(to ?? count, count); page++) picked.add(page);
  }
  return [...picked];
}

/** Page numbers written back compactly: [1,2,3,5] -> "1-3, 5". */
export function formatPages(pages: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < pages.length; i++) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j]! + 1) j++;
    out.push(j === i ? String(pages[i]) : `${pages[i]}-${pages[j]}`);
    i = j;
  }
  return out.join(', ');
}

/** A range said back as written: "1-3, 5-". */
export function formatRange(range: PageRange): string {
  return range.parts
    .map(({ from, to }) => (to === undefined ? `${from}-` : to === from ? `${from}` : `${from}-${to}`))
    .join(', ');
}

/** The `page` of an image URL (`…/image/<id>?page=2`): a page number, or undefined for the first. */
export function pageOf(url: URL): number | undefined {
  const page = Number(url.searchParams.get('page'));
  return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : undefined;
}
