import type { Field } from '../../shared/field.ts';
import { asTable, type Box, type FieldValue } from '../../shared/result.ts';
import { cellKey } from '../../shared/roles.ts';
import type { OcrPage } from '../providers/local/ocr.ts';
import { boxOf, confidenceOf, prepareLines, type Line, type Span } from '../providers/local/match-text.ts';
import { findAmounts, findDates, foldText, parsePhone } from '../values/index.ts';

/** Where a value was found on the page, or that it was not. */
export interface Grounding {
  grounded: boolean;
  /** The box it was read from, in the pixels of the image that was read. */
  evidence?: Box;
  /** The mean OCR confidence of the words under the evidence. */
  confidence?: number;
  /** The page's text there, as read. */
  text?: string;
}

/** The most lines a wrapped text value is looked for over. */
const WRAPPED_LINES = 4;

/** A place on the page: spans of lines (a text value may run over several). */
type Place = Array<{ line: Line; span: Span }>;

/**
 * Looks for each value a model returned among the words of the same image read by the local OCR,
 * by type: an amount in any printed form (1,234.56 = 1234.56 = 1.234,56), a date in any printed
 * form, text ignoring case, spacing, accents and punctuation, and a few OCR slips in longer text.
 * Keys are the fields' keys and, for a table, each cell's (items[2].amount). A value that is null,
 * or of a kind the page cannot show (yes / no), gets no entry: there is nothing to ground.
 */
export function groundValues(
  page: OcrPage,
  fields: readonly Pick<Field, 'key' | 'type' | 'columns'>[],
  values: Record<string, FieldValue>,
): Record<string, Grounding> {
  const reader = new PageReader(page);
  const out: Record<string, Grounding> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (value === null || value === undefined) continue;
    if (field.type === 'table') {
      asTable(value)?.forEach((row, i) => {
        for (const column of field.columns ?? []) {
          const found = reader.ground(column.type, row[column.key] ?? null);
          if (found) out[cellKey(field.key, i, column.key)] = found;
        }
      });
      continue;
    }
    if (field.type === 'list' && Array.isArray(value)) {
      const items = value.map((item) => reader.ground('text', typeof item === 'string' ? item : null));
      const found = items.filter((g): g is Grounding => g !== undefined);
      if (found.length === 0) continue;
      const boxes = found.flatMap((g) => (g.evidence ? [g.evidence] : []));
      const sure = found.flatMap((g) => (g.confidence === undefined ? [] : [g.confidence]));
      out[field.key] = {
        grounded: found.every((g) => g.grounded),
        ...(boxes.length > 0 ? { evidence: union(boxes) } : {}),
        // Its least sure item: one misread item makes the list wrong.
        ...(sure.length > 0 ? { confidence: Math.min(...sure) } : {}),
      };
      continue;
    }
    const found = reader.ground(field.type, value);
    if (found) out[field.key] = found;
  }
  return out;
}

class PageReader {
  private readonly lines: Line[];
  /** Every line's text folded to letters and digits, one stream, with where each char came from. */
  private stream = '';
  private readonly origin: Array<{ line: number; at: number }> = [];
  /** The stream with look-alike letters as digits, made when text first needs it. */
  private alikeStream: string | undefined;
  /** Where each line's folded text starts and ends in the stream. */
  private readonly bounds: Array<{ start: number; end: number }> = [];

  constructor(page: OcrPage) {
    this.lines = prepareLines(page);
    this.lines.forEach((line, l) => {
      const start = this.stream.length;
      for (let at = 0; at < line.text.length; at++) {
        for (const ch of fold(line.text[at]!)) {
          this.stream += ch;
          this.origin.push({ line: l, at });
        }
      }
      this.bounds.push({ start, end: this.stream.length });
    });
  }

  private folded(l: number): string {
    return this.stream.slice(this.bounds[l]!.start, this.bounds[l]!.end);
  }

  ground(type: Field['type'], value: FieldValue): Grounding | undefined {
    if (value === null) return undefined;
    switch (type) {
      case 'number':
      case 'currency': {
        const n =
          typeof value === 'number'
            ? value
            : typeof value === 'object' && 'amount' in value
              ? value.amount
              : NaN;
        return Number.isFinite(n) ? this.found(this.amount(n)) : undefined;
      }
      case 'date':
        return typeof value === 'string' ? this.found(this.date(value)) : undefined;
      case 'phone':
        return typeof value === 'string' ? this.found(this.digits(value)) : undefined;
      case 'boolean':
      case 'list':
      case 'table':
        return undefined;
      case 'text':
      case 'email':
        return typeof value === 'string' || typeof value === 'number'
          ? this.found(this.text(String(value)))
          : undefined;
    }
  }

  private found(place: Place | undefined): Grounding {
    if (!place || place.length === 0) return { grounded: false };
    const boxes = place.map(({ line, span }) => boxOf(line, span));
    const confidence = place.reduce((s, { line, span }) => s + confidenceOf(line, span), 0) / place.length;
    return {
      grounded: true,
      evidence: union(boxes),
      confidence: Math.round(confidence * 100) / 100,
      text: place.map(({ line, span }) => line.text.slice(span.start, span.end)).join(' '),
    };
  }

  /** An amount printed in either convention, a trailing or bracketed minus taken as the same number. */
  private amount(n: number): Place | undefined {
    for (const line of this.lines) {
      for (const a of findAmounts(line.text)) {
        const readings = [a.amount, ...otherReading(a.text)];
        if (readings.some((r) => Math.abs(Math.abs(r) - Math.abs(n)) < 0.0005))
          return [{ line, span: { start: a.index, end: a.index + a.length } }];
      }
    }
    return undefined;
  }

  /**
   * A date printed in any form the date reader knows, day or month first; else a numeric date whose
   * separators OCR misread ("11/022017", "02A01/16"): a token of digits broken by a separator or
   * letter or two, whose digits are exactly the date's, in a day-month or month-day order.
   */
  private date(iso: string): Place | undefined {
    for (const line of this.lines) {
      for (const monthFirst of [false, true]) {
        const d = findDates(line.text, { monthFirst }).find((m) => m.iso === iso);
        if (d) return [{ line, span: { start: d.index, end: d.index + d.length } }];
      }
    }
    const orders = numericForms(iso);
    for (const line of this.lines) {
      for (const m of line.text.matchAll(SLIPPED_DATE)) {
        const digits = m[0].replace(/\D/g, '');
        const breaks = m[0].length - digits.length;
        if (breaks < 1 || breaks > 3 || !orders.has(digits)) continue;
        return [{ line, span: { start: m.index, end: m.index + m[0].length } }];
      }
    }
    return undefined;
  }

  /** A phone number: its digits in a row, whatever separates them on the page. */
  private digits(value: string): Place | undefined {
    const wanted = (parsePhone(value) ?? value).replace(/\D/g, '');
    if (wanted.length < 5) return undefined;
    // The stream keeps digits; a country code the page does not print may lead the value.
    for (const tail of [wanted, wanted.slice(-9), wanted.slice(-7)]) {
      const at = this.stream.indexOf(tail);
      if (at >= 0) return this.place(at, at + tail.length);
    }
    return undefined;
  }

  /**
   * Text: exactly, once folded; else with OCR slips — at most one edit in eight characters (none
   * under five characters, where one edit is another word), the best-matching stretch of the page,
   * compared with the letters OCR confuses with digits made alike (O/0, I/l/1, S/5, B/8), and then
   * only if its digits are the value's digits: RE-0043 for RE-0042 is another invoice, not a slip.
   */
  private text(value: string): Place | undefined {
    const wanted = fold(value);
    if (wanted === '') return undefined;
    const at = this.stream.indexOf(wanted);
    if (at >= 0) return this.place(at, at + wanted.length);
    const wrapped = this.wrapped(value.split(/\s+/).map(fold).filter(Boolean));
    if (wrapped) return wrapped;
    const allowed = wanted.length < 5 ? 0 : Math.floor(wanted.length / 8);
    if (allowed === 0) return undefined;
    const alike = lookAlike(wanted);
    const best = closestStretch((this.alikeStream ??= lookAlike(this.stream)), alike);
    if (best.distance > allowed) return undefined;
    const digits = (s: string) => s.replace(/\D/g, '');
    if (digits(this.alikeStream.slice(best.start, best.end)) !== digits(alike)) return undefined;
    return this.place(best.start, best.end);
  }

  /**
   * Text wrapped onto the lines under its first, as a description in a table cell is: its first
   * words end a line, the next ones start a line just below it at about the same left edge (and so
   * on, up to WRAPPED_LINES lines). In reading order the row's other cells come in between, which
   * is why the stream alone does not find it.
   */
  private wrapped(words: string[]): Place | undefined {
    for (let k = 1; k < words.length; k++) {
      const head = words.slice(0, k).join('');
      for (let l = 0; l < this.lines.length; l++) {
        if (!this.folded(l).endsWith(head)) continue;
        const rest = this.below(l, words.slice(k), 2);
        if (rest) return [...this.place(this.bounds[l]!.end - head.length, this.bounds[l]!.end), ...rest];
      }
    }
    return undefined;
  }

  /** The words starting a line just under line `l` at its left edge, or filling it and going on. */
  private below(l: number, words: string[], lineNumber: number): Place | undefined {
    const above = this.lines[l]!.box;
    for (let m = 0; m < this.lines.length; m++) {
      const box = this.lines[m]!.box;
      const gap = box.y - (above.y + above.h);
      if (box.y <= above.y || gap > 0.8 * above.h || Math.abs(box.x - above.x) > 2 * above.h) continue;
      const text = this.folded(m);
      const all = words.join('');
      if (text.startsWith(all)) return this.place(this.bounds[m]!.start, this.bounds[m]!.start + all.length);
      if (lineNumber >= WRAPPED_LINES) continue;
      // The whole line is the next few words: the value goes on under it.
      for (let j = 1; j < words.length; j++) {
        if (words.slice(0, j).join('') !== text) continue;
        const rest = this.below(m, words.slice(j), lineNumber + 1);
        if (rest) return [...this.place(this.bounds[m]!.start, this.bounds[m]!.end), ...rest];
      }
    }
    return undefined;
  }

  /** Stream offsets back to spans of lines. */
  private place(start: number, end: number): Place {
    const spans = new Map<number, Span>();
    for (let i = start; i < end; i++) {
      const { line, at } = this.origin[i]!;
      const span = spans.get(line);
      if (span) span.end = at + 1;
      else spans.set(line, { start: at, end: at + 1 });
    }
    return [...spans].map(([l, span]) => ({ line: this.lines[l]!, span }));
  }
}

/** A run of digits with separators or letters inside, as a numeric date with OCR slips reads. */
const SLIPPED_DATE = /(?<![\p{L}\p{N}])\d[\d\p{L}/.-]{4,10}\d(?![\p{L}\p{N}])/gu;

/** The digits of a date printed numerically: day-month and month-day, four- and two-digit years. */
function numericForms(iso: string): Set<string> {
  const [y, m, d] = iso.split('-');
  if (!y || !m || !d) return new Set();
  const yy = y.slice(2);
  return new Set([`${d}${m}${y}`, `${m}${d}${y}`, `${d}${m}${yy}`, `${m}${d}${yy}`, `${y}${m}${d}`]);
}

/** Letters and digits only, upper case, accents removed: what survives OCR and retyping alike. */
export function fold(text: string): string {
  return foldText(text).replace(/[^\p{L}\p{N}]/gu, '');
}

/** Letters OCR reads for digits and back, as the digit (lengths unchanged: offsets still map). */
function lookAlike(folded: string): string {
  return folded
    .replace(/[OQD]/g, '0')
    .replace(/[IL]/g, '1')
    .replace(/S/g, '5')
    .replace(/B/g, '8')
    .replace(/Z/g, '2');
}

/**
 * "1,234" is 1234 or 1.234 and "1.234" the other way round, depending on the country: an amount
 * with one separator followed by exactly three digits is also read the other way.
 */
function otherReading(text: string): number[] {
  const m = /^\D*?(\d{1,3})([.,])(\d{3})\D*$/.exec(text.trim());
  if (!m) return [];
  return [Number(`${m[1]}${m[3]}`), Number(`${m[1]}.${m[3]}`)];
}

/**
 * The stretch of `text` closest to `pattern` by edit distance, any start (Sellers' algorithm):
 * O(text × pattern), a few hundred thousand steps for a page and an address.
 */
function closestStretch(text: string, pattern: string): { distance: number; start: number; end: number } {
  const m = pattern.length;
  let prev = new Array<number>(m + 1);
  let prevStart = new Array<number>(m + 1);
  for (let i = 0; i <= m; i++) {
    prev[i] = i;
    prevStart[i] = 0;
  }
  let best = { distance: prev[m]!, start: 0, end: 0 };
  for (let j = 1; j <= text.length; j++) {
    const cur = new Array<number>(m + 1);
    const curStart = new Array<number>(m + 1);
    cur[0] = 0;
    curStart[0] = j;
    for (let i = 1; i <= m; i++) {
      const sub = prev[i - 1]! + (pattern[i - 1] === text[j - 1] ? 0 : 1);
      const del = prev[i]! + 1;
      const ins = cur[i - 1]! + 1;
      if (sub <= del && sub <= ins) {
        cur[i] = sub;
        curStart[i] = prevStart[i - 1]!;
      } else if (del <= ins) {
        cur[i] = del;
        curStart[i] = prevStart[i]!;
      } else {
        cur[i] = ins;
        curStart[i] = curStart[i - 1]!;
      }
    }
    if (cur[m]! < best.distance) best = { distance: cur[m]!, start: curStart[m]!, end: j };
    prev = cur;
    prevStart = curStart;
  }
  return best;
}

function union(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.w));
  const bottom = Math.max(...boxes.map((b) => b.y + b.h));
  return { x, y, w: right - x, h: bottom - y };
}
