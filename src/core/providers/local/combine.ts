import type { Box } from '../../../shared/result.ts';
import type { OcrLine, OcrPage, OcrWord } from './ocr.ts';

/**
 * Two engines' readings of one page made into one. PaddleOCR reads characters and numbers better
 * (dates 94% vs 73%, totals 97% vs 77% on real receipts) but drops most spaces between words;
 * tesseract.js keeps them. So Paddle's lines are the backbone, and where tesseract read the same
 * stretch of the page, its word breaks are copied into Paddle's text by aligning the two
 * character sequences. Tesseract's lines that Paddle missed altogether are added as they are.
 */
export function combinePages(paddle: OcrPage, tesseract: OcrPage): OcrPage {
  const used = new Set<OcrLine>();
  const lines = paddle.lines.map((line) => {
    const overlapping = tesseract.lines.filter((t) => overlap(line.box, t.box) > 0);
    const words = overlapping
      .flatMap((t) => t.words)
      .filter((w) => verticalOverlap(line.box, w.box) > 0.5 && horizontalInside(line.box, w.box))
      .sort((a, b) => a.box.x - b.box.x);
    const respaced = respace(line, words);
    if (respaced !== line) for (const t of overlapping) used.add(t);
    return respaced;
  });
  // Tesseract lines with no Paddle lines over them: text Paddle's detector never found.
  for (const t of tesseract.lines) {
    if (used.has(t)) continue;
    // Covered by Paddle's lines, even when split among several ("Full name:" | "Ana Lopez").
    const covered = paddle.lines.reduce((sum, p) => sum + overlap(p.box, t.box), 0);
    if (covered > 0.3 * area(t.box)) continue;
    if (t.confidence < 0.6 || t.text.replace(/\W/g, '').length < 3) continue;
    lines.push(t);
  }
  return {
    width: paddle.width,
    height: paddle.height,
    lines,
    engine: `${paddle.engine}+${tesseract.engine}`,
  };
}

/**
 * Paddle's line with spaces where tesseract put them. The two readings are aligned character by
 * character (spaces ignored); the line is left as it was when they differ too much to trust the
 * alignment (more than one edit in four characters).
 */
export function respace(line: OcrLine, words: OcrWord[]): OcrLine {
  if (words.length === 0) return line;
  const source = [...line.text.replace(/\s+/g, '')];
  const target: string[] = [];
  /** For each tesseract character, whether a word starts right after it. */
  const breakAfter: boolean[] = [];
  for (const word of words) {
    const chars = [...word.text.replace(/\s+/g, '')];
    for (let i = 0; i < chars.length; i++) {
      target.push(chars[i]!);
      breakAfter.push(i === chars.length - 1);
    }
  }
  if (source.length < 4 || target.length === 0) return line;
  const { distance, pairs } = align(source, target);
  if (distance > Math.max(1, source.length / 4)) return line;
  // A space goes after source character i when its aligned tesseract character ends a word.
  const spaceAfter = new Array<boolean>(source.length).fill(false);
  const matched = new Array<string | undefined>(source.length);
  for (const [i, j] of pairs) {
    matched[i] = target[j];
    if (breakAfter[j] && j < target.length - 1) spaceAfter[i] = true;
  }
  for (let i = 0; i < source.length - 1; i++) {
    // Where tesseract missed a comma or stop that Paddle read ("7/4 Kawasan" for "7/4,Kawasan"),
    // the gap it saw is that mark's own place, not a space.
    if (!spaceAfter[i] || matched[i + 1] === source[i + 1]) continue;
    if (/^[,.;:]$/.test(source[i + 1]!)) spaceAfter[i] = false;
    // A closing bracket it missed: the space it saw is the one after the bracket ("(KL) SDN").
    if (source[i + 1] === ')' && i + 1 < source.length - 1) {
      spaceAfter[i] = false;
      spaceAfter[i + 1] = true;
    }
  }
  const commas = commasMissed(source, target, pairs, breakAfter);
  // Paddle's own spaces are dropped: where it keeps any, it also puts some inside words, around
  // narrow letters ("Mahkot a Cher as"), and tesseract's word breaks are the better guide.
  const parts: string[][] = [[]];
  source.forEach((ch, i) => {
    // Paddle reads a small comma as a stop more often than tesseract does the reverse.
    const stop = ch === '.' && matched[i] === ',' && (i === source.length - 1 || spaceAfter[i]);
    parts[parts.length - 1]!.push(stop ? ',' : withAccentOf(ch, matched[i]));
    const comma = commas.get(i);
    if (comma !== undefined) parts[parts.length - 1]!.push(',');
    if ((comma ?? spaceAfter[i]) && i < source.length - 1) parts.push([]);
  });
  const texts = parts.map((p) => p.join('')).filter((t) => t !== '');
  const text = texts.join(' ');
  if (text === line.text) return line;
  return { ...line, text, words: splitBox(line, texts) };
}

/**
 * Paddle's letter with the accent tesseract saw on it. Paddle often reads an accented letter as
 * the bare one ("Lopez" for "López"), tesseract sees the accent but not always the letter under it
 * ("Lépez"): the letter is Paddle's, the accent tesseract's, when the two make one letter.
 */
function withAccentOf(ch: string, seen: string | undefined): string {
  if (seen === undefined || seen === ch || !/^[A-Za-z]$/.test(ch)) return ch;
  const marks = seen.normalize('NFD').replace(/^\p{L}/u, '');
  if (!/^\p{M}+$/u.test(marks)) return ch;
  const accented = (ch + marks).normalize('NFC');
  return [...accented].length === 1 ? accented : ch;
}

/**
 * Commas tesseract read between two words that Paddle ran together without one ("SEK. 3 BANDAR"
 * for "SEK. 3, BANDAR"): Paddle drops the small mark more often than tesseract invents one. Keyed
 * by the Paddle character the comma follows; the value says whether a space follows the comma.
 */
function commasMissed(
  source: string[],
  target: string[],
  pairs: Array<[number, number]>,
  breakAfter: boolean[],
): Map<number, boolean> {
  const sourceOf = new Map<number, number>();
  for (const [i, j] of pairs) sourceOf.set(j, i);
  const out = new Map<number, boolean>();
  let last = -1;
  for (let j = 0; j < target.length; j++) {
    const i = sourceOf.get(j);
    if (i !== undefined) {
      last = i;
      continue;
    }
    // Only a comma that ends a tesseract word, between a letter or digit Paddle also read and
    // the next one it read (or the end of both lines), never next to Paddle's own marks.
    if (target[j] !== ',' || !breakAfter[j] || last < 0 || !/[\p{L}\d]/u.test(source[last]!)) continue;
    const atEnd = last === source.length - 1 && j === target.length - 1;
    const between = sourceOf.get(j + 1) === last + 1 && /[\p{L}\d]/u.test(source[last + 1] ?? '');
    if (atEnd || between) out.set(last, !atEnd);
  }
  return out;
}

/** Word boxes cut from the line's box in proportion to their characters. */
function splitBox(line: OcrLine, texts: string[]): OcrWord[] {
  const total = texts.reduce((s, t) => s + t.length, 0) + texts.length - 1;
  const perChar = line.box.w / Math.max(1, total);
  let x = line.box.x;
  return texts.map((t) => {
    const word: OcrWord = {
      text: t,
      confidence: line.confidence,
      box: { x, y: line.box.y, w: t.length * perChar, h: line.box.h },
    };
    x += (t.length + 1) * perChar;
    return word;
  });
}

/**
 * Edit-distance alignment of two character sequences (case-insensitive): the distance and the
 * pairs (i, j) of characters matched or substituted along one optimal path.
 */
function align(a: string[], b: string[]): { distance: number; pairs: Array<[number, number]> } {
  const n = a.length;
  const m = b.length;
  const cost = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = 0; i <= n; i++) cost[at(i, 0)] = i;
  for (let j = 0; j <= m; j++) cost[at(0, j)] = j;
  const same = (i: number, j: number) => a[i - 1]!.toUpperCase() === b[j - 1]!.toUpperCase();
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      cost[at(i, j)] = Math.min(
        cost[at(i - 1, j)]! + 1,
        cost[at(i, j - 1)]! + 1,
        cost[at(i - 1, j - 1)]! + (same(i, j) ? 0 : 1),
      );
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const here = cost[at(i, j)]!;
    if (here === cost[at(i - 1, j - 1)]! + (same(i, j) ? 0 : 1)) {
      pairs.push([i - 1, j - 1]);
      i--;
      j--;
    } else if (here === cost[at(i - 1, j)]! + 1) i--;
    else j--;
  }
  return { distance: cost[at(n, m)]!, pairs: pairs.reverse() };
}

function area(b: Box): number {
  return Math.max(0, b.w) * Math.max(0, b.h);
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Share of the word's height that lies inside the line's rows. */
function verticalOverlap(line: Box, word: Box): number {
  const h = Math.min(line.y + line.h, word.y + word.h) - Math.max(line.y, word.y);
  return h > 0 ? h / Math.max(1, word.h) : 0;
}

/** The word's centre lies within the line's columns (with a little slack for loose boxes). */
function horizontalInside(line: Box, word: Box): boolean {
  const cx = word.x + word.w / 2;
  const slack = line.h * 0.5;
  return cx >= line.x - slack && cx <= line.x + line.w + slack;
}
