import type { Box } from '../../../shared/result.ts';
import { parseAmount } from '../../values/index.ts';
import { unionBoxes, type Line } from './match-text.ts';

/**
 * The pieces a table is built from. OCR engines cut a printed row into lines in their own way
 * (PaddleOCR: one box per stretch of text, which may hold two cells printed close together), so
 * lines are cut again wherever two words stand further apart than a space: each piece is the text
 * of one cell, or one line of it.
 */

/** A word gap wider than this many line heights separates two cells (a space is ~0.3). */
const CELL_GAP = 0.9;

/** A piece of one cell: a Line of its own, so label search and boxes work on it unchanged. */
export type Piece = Line;

export function piecesOf(lines: readonly Line[]): Piece[] {
  return withoutRereads(lines.flatMap(cut));
}

/**
 * One piece where two engines read the same text (the combined engine adds tesseract's lines that
 * PaddleOCR missed, and some are Paddle's own seen again): of pieces that mostly overlap, the one
 * read with more confidence.
 */
function withoutRereads(pieces: Piece[]): Piece[] {
  const kept: Piece[] = [];
  for (const p of [...pieces].sort((a, b) => b.confidence - a.confidence)) {
    if (!kept.some((k) => overlapShare(k.box, p.box) > 0.5)) kept.push(p);
  }
  return kept;
}

/** The overlap of two boxes as a share of the smaller one. */
function overlapShare(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / Math.max(1, Math.min(a.w * a.h, b.w * b.h));
}

function cut(line: Line): Piece[] {
  const out: Piece[] = [];
  let start = 0;
  for (let i = 1; i <= line.words.length; i++) {
    const prev = line.words[i - 1]!;
    const next = line.words[i];
    const gap = next ? next.box.x - (prev.box.x + prev.box.w) : Infinity;
    if (gap <= CELL_GAP * Math.max(1, line.box.h)) continue;
    out.push(subPiece(line, start, i));
    start = i;
  }
  return out;
}

/** Words from..to of a line or piece, as a piece of its own. */
export function subPiece(line: Line, from: number, to: number): Piece {
  const words = line.words.slice(from, to);
  if (from === 0 && to === line.words.length) return line;
  const starts: number[] = [];
  let text = '';
  for (const word of words) {
    if (text !== '') text += ' ';
    starts.push(text.length);
    text += word.text;
  }
  const box = unionBoxes(words.map((w) => w.box));
  return {
    index: line.index,
    text,
    words,
    starts,
    box,
    confidence: words.reduce((s, w) => s + w.confidence, 0) / words.length,
    cy: box.y + box.h / 2,
  };
}

/** Pieces printed on one baseline, left to right. */
export interface VisualRow {
  pieces: Piece[];
  top: number;
  bottom: number;
  cy: number;
}

/**
 * Pieces grouped by baseline: a piece joins a row when its middle lies within half a line height
 * of the row's. Rows come out top to bottom.
 */
export function visualRows(pieces: readonly Piece[]): VisualRow[] {
  const rows: VisualRow[] = [];
  for (const p of [...pieces].sort((a, b) => a.cy - b.cy)) {
    const row = rows.at(-1);
    const h = Math.max(1, p.box.h);
    if (row && Math.abs(p.cy - row.cy) < 0.5 * Math.min(h, row.bottom - row.top)) {
      row.pieces.push(p);
      row.top = Math.min(row.top, p.box.y);
      row.bottom = Math.max(row.bottom, p.box.y + p.box.h);
      row.cy = row.pieces.reduce((s, x) => s + x.cy, 0) / row.pieces.length;
    } else rows.push({ pieces: [p], top: p.box.y, bottom: p.box.y + h, cy: p.cy });
  }
  for (const row of rows) row.pieces.sort((a, b) => a.box.x - b.box.x);
  return rows;
}

/** A number as a cell prints it: an amount with or without its currency, a count, a percentage. */
export function isNumberText(text: string): boolean {
  const t = text.trim().replace(/\s*%$/, '');
  return t !== '' && parseAmount(t) !== null;
}
