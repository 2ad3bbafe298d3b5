import type { OcrLine, OcrWord } from '../providers/local/ocr.ts';

/** A run of text from a PDF's text layer (pdf.js `TextItem`), in page pixels already. */
export interface TextRun {
  text: string;
  /** Left end of the baseline. */
  x: number;
  baseline: number;
  width: number;
  /** The font's size in pixels. */
  size: number;
}

/**
 * Share of the font size two runs' baselines may differ by and still be one line (subscripts and
 * mixed fonts sit a little off; the next line is a whole size away).
 */
const SAME_BASELINE = 0.35;
/** A gap under this share of the font size joins two runs into one word (kerned pieces of a word). */
const SAME_WORD = 0.12;
/**
 * A gap over this many font sizes ends a line, as OCR sees it: columns and a label far from its
 * value are lines of their own, which the matcher pairs by row as it does for OCR lines.
 */
const COLUMN_GAP = 1.6;
/** Ascent over the font size: where a word's box starts above the baseline. */
const ASCENT = 0.8;

/**
 * Turns a page's text layer into the lines and words the offline matcher reads from OCR: runs on
 * one baseline make a line until a column-wide gap; words get boxes from their share of the run
 * (the layer gives a run's width, not each glyph's) and confidence 1, since nothing was guessed.
 */
export function linesFromRuns(runs: readonly TextRun[]): OcrLine[] {
  const sorted = runs
    .filter((r) => r.text.trim() !== '' && r.size > 0)
    .toSorted((a, b) => a.baseline - b.baseline || a.x - b.x);
  const rows: TextRun[][] = [];
  // In baseline order a run can only join the last row (a page of a million runs stays n log n).
  for (const run of sorted) {
    const row = rows.at(-1);
    if (row && Math.abs(row[0]!.baseline - run.baseline) <= SAME_BASELINE * run.size) row.push(run);
    else rows.push([run]);
  }
  const lines: OcrLine[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    let words: OcrWord[] = [];
    let end = -Infinity;
    let size = row[0]!.size;
    const flush = () => {
      if (words.length > 0) lines.push(lineOf(words));
      words = [];
    };
    for (const run of row) {
      const gap = run.x - end;
      if (gap > COLUMN_GAP * Math.max(size, run.size)) flush();
      const pieces = wordsOf(run);
      // A run that starts where the last ended continues its word (pdf.js splits kerned words).
      if (words.length > 0 && gap < SAME_WORD * run.size && !/^\s/.test(run.text) && pieces.length > 0) {
        const last = words.pop()!;
        const first = pieces.shift()!;
        words.push(joinWords(last, first));
      }
      words.push(...pieces);
      end = Math.max(end, run.x + run.width);
      size = run.size;
    }
    flush();
  }
  return lines;
}

/** The words of one run, each boxed by its share of the run's characters. */
function wordsOf(run: TextRun): OcrWord[] {
  const perChar = run.width / Math.max(1, run.text.length);
  const top = run.baseline - ASCENT * run.size;
  const words: OcrWord[] = [];
  for (const m of run.text.matchAll(/\S+/g)) {
    words.push({
      text: m[0],
      confidence: 1,
      box: { x: run.x + m.index * perChar, y: top, w: m[0].length * perChar, h: run.size },
    });
  }
  return words;
}

function joinWords(a: OcrWord, b: OcrWord): OcrWord {
  const x = Math.min(a.box.x, b.box.x);
  const y = Math.min(a.box.y, b.box.y);
  return {
    text: a.text + b.text,
    confidence: 1,
    box: {
      x,
      y,
      w: Math.max(a.box.x + a.box.w, b.box.x + b.box.w) - x,
      h: Math.max(a.box.y + a.box.h, b.box.y + b.box.h) - y,
    },
  };
}

function lineOf(words: OcrWord[]): OcrLine {
  // A loop, not Math.min(...): a hostile page can put more words on a line than a call takes arguments.
  let [x, y, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { box } of words) {
    x = Math.min(x, box.x);
    y = Math.min(y, box.y);
    right = Math.max(right, box.x + box.w);
    bottom = Math.max(bottom, box.y + box.h);
  }
  return {
    text: words.map((w) => w.text).join(' '),
    confidence: 1,
    box: { x, y, w: right - x, h: bottom - y },
    words,
  };
}
