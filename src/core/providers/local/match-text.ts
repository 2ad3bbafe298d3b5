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
  let known = compactLabels.get(label);
  if (known === undefined) {
    known = [...label].map(compactChar).join('');
    if (compactLabels.size >= COMPACTED_KEPT) compactLabels.clear();
    compactLabels.set(label, known);
  }
  return known;
}
const compactLabels = new Map<string, string>();

/**
 * A line's letters as findLabel compares them, each with its place in the text. Every field's
 * every label is looked for in every line, so each text is compacted once (a long document has
 * hundreds of lines: this was most of the matcher's time).
 */
interface Compacted {
  /** The compacted letters, one per kept character: a window of it is one slice. */
  letters: string;
  /** Where each letter is in the text. */
  pos: number[];
}
const compacted = new Map<string, Compacted>();
const COMPACTED_KEPT = 5000;

function compactedText(text: string): Compacted {
  const known = compacted.get(text);
  if (known) return known;
  let letters = '';
  const pos: number[] = [];
  [...text].forEach((ch, i) => {
    // Digits are read as letters only inside words of letters: "T0TAL" yes, "106.00" never.
    const inWord = /\p{L}/u.test(text[i - 1] ?? '') || /\p{L}/u.test(text[i + 1] ?? '');
    const c = /\d/.test(ch) && !inWord ? ch : compactChar(ch);
    if (c !== '') {
      letters += c;
      pos.push(i);
    }
  });
  const out = { letters, pos };
  if (compacted.size >= COMPACTED_KEPT) compacted.clear();
  compacted.set(text, out);
  return out;
}

/**
 * Where a label occurs in a line, tolerating OCR slips (one wrong, missing or extra letter per five)
 * and missing or extra spaces. A hit must start at a word boundary so "SUBTOTAL" is not "TOTAL";
 * short labels must also end at one ("TEL" is not "TELUK").
 */
export function findLabel(line: Pick<Line, 'text'>, label: string, strict = false): LabelHit[] {
  const target = compactLabel(label);
  if (target === '') return [];
  const { letters, pos } = compactedText(line.text);
  // Exclusions are matched strictly: a loose one would veto true labels that differ by a word.
  const allowed = target.length <= 4 ? 0 : Math.floor(target.length / (strict ? 10 : 5));
  const hits: LabelHit[] = [];
  for (let i = 0; i < letters.length; i++) {
    const startPos = pos[i]!;
    if (/\p{L}/u.test(line.text[startPos - 1] ?? ' ')) continue;
    let best: LabelHit | null = null;
    for (let len = target.length - allowed; len <= target.length + allowed; len++) {
      if (len < 1 || i + len > letters.length) continue;
      const window = letters.slice(i, i + len);
      const dist =
        allowed === 0
          ? Number(window !== target)
          : bagDistance(window, target) > allowed
            ? allowed + 1
            : levenshtein(window, target, allowed);
      if (dist > allowed) continue;
      const endPos = pos[i + len - 1]! + 1;
      if (target.length <= 4 && /\p{L}/u.test(line.text[endPos] ?? ' ')) continue;
      const similarity = 1 - dist / target.length;
      if (!best || similarity > best.similarity) best = { start: startPos, end: endPos, similarity };
    }
    if (best) {
      hits.push(best);
      while (i + 1 < letters.length && pos[i + 1]! < best.end) i++;
    }
  }
  return hits;
}

/**
 * A lower bound of the edit distance that costs one pass: the letters one string has beyond the
 * other's. Most windows of a line share few letters with a label and are ruled out by it.
 */
function bagDistance(a: string, b: string): number {
  const counts = new Map<string, number>();
  for (const c of a) counts.set(c, (counts.get(c) ?? 0) + 1);
  let onlyB = 0;
  for (const c of b) {
    const n = counts.get(c) ?? 0;
    if (n > 0) counts.set(c, n - 1);
    else onlyB++;
  }
  let onlyA = 0;
  for (const n of counts.values()) onlyA += n;
  return Math.max(onlyA, onlyB);
}

/** Edit distance, or more than `max` as soon as it is sure to exceed it (most windows are far off). */
function levenshtein(a: string, b: string, max: number): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      least = Math.min(least, row[j]!);
      prev = tmp;
    }
    if (least > max) return max + 1;
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
