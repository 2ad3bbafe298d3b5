import type { Box, FieldValue } from '../../../shared/result.ts';
import { foldText, latinText } from '../../values/index.ts';
import type { OcrLine, OcrPage, OcrWord } from './ocr.ts';

/** A line of the page prepared for matching: its text rebuilt from its words, with offsets. */
export interface Line {
  index: number;
  text: string;
  words: OcrWord[];
  /** Where each word starts in `text`. */
  starts: number[];
  box: Box;
  confidence: number;
  cy: number;
}

export interface Span {
  start: number;
  end: number;
}

export interface LabelHit extends Span {
  /** 0..1: 1 for an exact match, less for each OCR slip. */
  similarity: number;
}

/** Lines in reading order (top to bottom, then left to right), text rebuilt from words. */
export function prepareLines(page: OcrPage): Line[] {
  const lines = page.lines
    .filter((l) => l.text.trim() !== '' || l.words.length > 0)
    .map((line) => prepare(line))
    .sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  lines.forEach((l, i) => (l.index = i));
  return lines;
}

function prepare(line: OcrLine): Line {
  const words = (
    line.words.length > 0 ? line.words : [{ text: line.text, confidence: line.confidence, box: line.box }]
  ).map((w) => ({ ...w, text: latinText(w.text) }));
  const starts: number[] = [];
  let text = '';
  for (const word of words) {
    if (text !== '') text += ' ';
    starts.push(text.length);
    text += word.text;
  }
  return {
    index: 0,
    text,
    words,
    starts,
    box: line.box,
    confidence: line.confidence,
    cy: line.box.y + line.box.h / 2,
  };
}

/** The union of the word boxes a span of the line's text came from (partial words cut by share). */
export function boxOf(line: Line, span: Span): Box {
  const boxes: Box[] = [];
  line.words.forEach((word, i) => {
    const ws = line.starts[i]!;
    const we = ws + word.text.length;
    if (span.end <= ws || span.start >= we) return;
    const len = Math.max(1, word.text.length);
    const from = Math.max(0, span.start - ws) / len;
    const to = Math.min(len, span.end - ws) / len;
    boxes.push({
      x: word.box.x + word.box.w * from,
      y: word.box.y,
      w: word.box.w * (to - from),
      h: word.box.h,
    });
  });
  return boxes.length > 0 ? unionBoxes(boxes) : line.box;
}

/** The mean OCR confidence of the words under a span. */
export function confidenceOf(line: Line, span: Span): number {
  const confs = line.words.filter((_, i) => {
    const ws = line.starts[i]!;
    return span.end > ws && span.start < ws + line.words[i]!.text.length;
  });
  if (confs.length === 0) return line.confidence;
  return confs.reduce((s, w) => s + w.confidence, 0) / confs.length;
}

export function unionBoxes(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const x2 = Math.max(...boxes.map((b) => b.x + b.w));
  const y2 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: round(x), y: round(y), w: round(x2 - x), h: round(y2 - y) };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * The letters of a label as OCR may print them: upper-cased, accents and punctuation dropped, and
 * digits that OCR confuses with letters read as those letters ("T0TAL" -> "TOTAL").
 */
function compactChar(ch: string): string {
  const folded = foldText(ch);
  if (folded === '0') return 'O';
  if (folded === '1' || folded === '|' || folded === '!') return 'I';
  if (folded === '5') return 'S';
  if (folded === 'º' || folded === '°') return 'O';
  return /^[A-Z0-9#]$/.test(folded) ? folded : '';
}

export function compactLabel(label: string): string {
  return [...label].map(compactChar).join('');
}

/**
 * Where a label occurs in a line, tolerating OCR slips (one wrong, missing or extra letter per five)
 * and missing or extra spaces. A hit must start at a word boundary so "SUBTOTAL" is not "TOTAL";
 * short labels must also end at one ("TEL" is not "TELUK").
 */
export function findLabel(line: Line, label: string, strict = false): LabelHit[] {
  const target = compactLabel(label);
  if (target === '') return [];
  const chars: Array<{ c: string; pos: number }> = [];
  const text = line.text;
  [...text].forEach((ch, i) => {
    // Digits are read as letters only inside words of letters: "T0TAL" yes, "106.00" never.
    const inWord = /\p{L}/u.test(text[i - 1] ?? '') || /\p{L}/u.test(text[i + 1] ?? '');
    const c = /\d/.test(ch) && !inWord ? ch : compactChar(ch);
    if (c !== '') chars.push({ c, pos: i });
  });
  // Exclusions are matched strictly: a loose one would veto true labels that differ by a word.
  const allowed = target.length <= 4 ? 0 : Math.floor(target.length / (strict ? 10 : 5));
  const hits: LabelHit[] = [];
  for (let i = 0; i < chars.length; i++) {
    const startPos = chars[i]!.pos;
    if (/\p{L}/u.test(line.text[startPos - 1] ?? ' ')) continue;
    let best: LabelHit | null = null;
    for (let len = target.length - allowed; len <= target.length + allowed; len++) {
      if (len < 1 || i + len > chars.length) continue;
      const window = chars.slice(i, i + len);
      const dist = levenshtein(window.map((x) => x.c).join(''), target);
      if (dist > allowed) continue;
      const endPos = window[window.length - 1]!.pos + 1;
      if (target.length <= 4 && /\p{L}/u.test(line.text[endPos] ?? ' ')) continue;
      const similarity = 1 - dist / target.length;
      if (!best || similarity > best.similarity) best = { start: startPos, end: endPos, similarity };
    }
    if (best) {
      hits.push(best);
      while (i + 1 < chars.length && chars[i + 1]!.pos < best.end) i++;
    }
  }
  return hits;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** A plausible value for a field, with what speaks for it. */
export interface Candidate {
  value: Exclude<FieldValue, null>;
  /** 0..1 before OCR confidence: how well label, place and shape fit. */
  score: number;
  /** OCR confidence of the words it came from. */
  ocr: number;
  box: Box;
  text: string;
  /** Index of the line it came from, for position rules. */
  line: number;
}
