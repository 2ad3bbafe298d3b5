import sharp from 'sharp';
import type { Profile } from '../../shared/field.ts';
import type { Box } from '../../shared/result.ts';
import type { OcrEngine, OcrLine, OcrPage } from '../providers/local/ocr.ts';
import type { UserPattern } from '../../shared/pattern.ts';
import { findSensitive, type SensitiveMatch } from './patterns.ts';
import type { RedactionKind } from '../../shared/settings.ts';

export interface Redaction {
  kind: SensitiveMatch['kind'];
  box: Box;
}

export interface RedactOptions {
  kinds: readonly RedactionKind[];
  patterns?: readonly UserPattern[];
  /** Pixels added around each box, so the edges of glyphs do not survive (default 3). */
  pad?: number;
}

/** The kinds a profile asks for: an e-mail field keeps e-mails readable, and so on. */
export function kindsAskedFor(profile: Profile): Set<RedactionKind> {
  const asked = new Set<RedactionKind>();
  for (const f of profile.fields) {
    const words = `${f.key} ${f.label}`.toLowerCase();
    if (f.type === 'email' || /e-?mail|correo/.test(words)) asked.add('email');
    if (f.type === 'phone' || /phone|tel[eé]fono|mobile|m[oó]vil/.test(words)) asked.add('phone');
    if (/iban|bank account|cuenta/.test(words)) asked.add('iban');
    if (/card|tarjeta/.test(words)) asked.add('card');
  }
  return asked;
}

/** Where each word of a line starts and ends in the line's text (words are joined by spaces). */
function wordSpans(line: OcrLine): Array<{ start: number; end: number; box: Box }> | null {
  const spans: Array<{ start: number; end: number; box: Box }> = [];
  let cursor = 0;
  for (const word of line.words) {
    const at = line.text.indexOf(word.text, cursor);
    if (at < 0 || word.text === '') return null;
    spans.push({ start: at, end: at + word.text.length, box: word.box });
    cursor = at + word.text.length;
  }
  return spans.length > 0 ? spans : null;
}

function union(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.w));
  const bottom = Math.max(...boxes.map((b) => b.y + b.h));
  return { x, y, w: right - x, h: bottom - y };
}

/** The box of a span of a line: the words it touches, or a share of the line when words are unknown. */
function spanBox(line: OcrLine, start: number, end: number): Box {
  const spans = wordSpans(line);
  if (spans) {
    const touched = spans.filter((s) => s.start < end && start < s.end).map((s) => s.box);
    if (touched.length > 0) return union(touched);
  }
  const n = Math.max(1, line.text.length);
  const { x, y, w, h } = line.box;
  return { x: x + (w * start) / n, y, w: (w * (end - start)) / n, h };
}

/** The boxes to black out on an OCR'd page. */
function findRedactions(page: OcrPage, options: RedactOptions): Redaction[] {
  const out: Redaction[] = [];
  for (const line of page.lines) {
    for (const m of findSensitive(line.text, options.kinds, options.patterns)) {
      out.push({ kind: m.kind, box: spanBox(line, m.start, m.end) });
    }
  }
  return out;
}

/** Paints the boxes solid black (padded, clamped to the image); the rest of the pixels are untouched. */
async function blackOut(png: Buffer, boxes: readonly Box[], pad = 3): Promise<Buffer> {
  const meta = await sharp(png).metadata();
  const layers = boxes.flatMap((b) => {
    const left = Math.max(0, Math.floor(b.x - pad));
    const top = Math.max(0, Math.floor(b.y - pad));
    const width = Math.min(meta.width, Math.ceil(b.x + b.w + pad)) - left;
    const height = Math.min(meta.height, Math.ceil(b.y + b.h + pad)) - top;
    if (width <= 0 || height <= 0) return [];
    return [{ input: { create: { width, height, channels: 3 as const, background: '#000000' } }, left, top }];
  });
  if (layers.length === 0) return png;
  return sharp(png).composite(layers).png().toBuffer();
}

/**
 * Reads the image with the local OCR and blacks out what is sensitive. The returned PNG is the
 * one to send and to store; `redactions` says what was hidden (kinds and boxes, never the text).
 */
export async function redactImage(
  png: Buffer,
  ocr: OcrEngine,
  options: RedactOptions,
): Promise<{ png: Buffer; redactions: Redaction[] }> {
  if (options.kinds.length === 0 && (options.patterns ?? []).length === 0) return { png, redactions: [] };
  const page = await ocr.recognize(png);
  const redactions = findRedactions(page, options);
  if (redactions.length === 0) return { png, redactions };
  return {
    png: await blackOut(
      png,
      redactions.map((r) => r.box),
      options.pad,
    ),
    redactions,
  };
}
