import { isAmountType, type Column, type Field } from '../../../shared/field.ts';
import type { Box, CellValue, FieldMeta, TableValue } from '../../../shared/result.ts';
import { cellKey } from '../../../shared/roles.ts';
import { coerceValue, findAmounts } from '../../values/index.ts';
import { compactLabel, findLabel, unionBoxes, type Line } from './match-text.ts';
import type { OcrPage } from './ocr.ts';
import { isNumberText, piecesOf, subPiece, visualRows, type Piece, type VisualRow } from './table-cells.ts';
import { findHeader, type Header, type HeaderCell } from './table-header.ts';

/**
 * Where a table's rows end: the lines printed under it. Only a piece that is such a label and
 * little else ends the table ("IVA 21%" does, "Tax advisory services" does not).
 */
const SUMMARY_LABELS = [
  'subtotal',
  'sub total',
  'total',
  'grand total',
  'amount due',
  'balance due',
  'balance',
  'net',
  'neto',
  'suma',
  'base imponible',
  'tax',
  'sales tax',
  'vat',
  'gst',
  'iva',
  'igv',
  'impuesto',
  'impuestos',
  'discount',
  'descuento',
];
/** Letters a summary piece may hold besides its label ("Total factura", "Tax (incl.)"). */
const SUMMARY_EXTRA_LETTERS = 8;
/** A word gap wider than this many line heights is more than a space between words. */
const SPACE = 0.45;
/** A blank stretch taller than this many line heights ends the table. */
const END_GAP = 2.6;
/**
 * Rows of page furniture a table may skip where it runs on over a page break: a footer, the next
 * page's letterhead or "Page 2 of 3".
 */
const PAGE_FURNITURE = 3;

export interface TableMatch {
  rows: TableValue;
  /** Each cell's meta under cellKey(table, row, column), and the table's own under its key. */
  meta: Record<string, FieldMeta>;
  /** The header and the rows on the page: no other field's value is read inside it. */
  region: Box;
}

/**
 * A table field read from the page: the header row by the columns' labels, the columns from the
 * header's x-extents, rows by baseline, wrapped description lines joined to their row, the table
 * ending at its subtotal or total lines or a wide blank. Null when no header is found.
 */
export function matchTable(page: OcrPage, lines: readonly Line[], field: Field): TableMatch | null {
  const columns = field.columns ?? [];
  if (columns.length === 0) return null;
  const rows = visualRows(piecesOf(lines));
  const header = findHeader(rows, columns);
  if (!header) return null;
  const cells = header.cells;
  for (const row of rows) row.pieces = row.pieces.flatMap((p) => figuresApart(p, cells));
  const lineHeight = median(header.row.pieces.map((p) => p.box.h));
  const body = tableBody(rows.slice(rows.indexOf(header.row) + 1), header, lineHeight, page);
  const items = groupRows(body, cells);
  const out: TableValue = [];
  const meta: Record<string, FieldMeta> = {};
  const confidences: number[] = [];
  for (const item of items) {
    const row: Record<string, CellValue> = {};
    const rowMeta: Record<string, FieldMeta> = {};
    for (const column of columns) {
      const at = cells.findIndex((c) => c.column === column);
      const pieces = at < 0 ? [] : item.filter((p) => columnOf(p.box, cells) === at);
      const cell = cellValue(column, pieces);
      row[column.key] = cell?.value ?? null;
      if (cell) rowMeta[column.key] = cell.meta;
    }
    if (Object.values(row).every((v) => v === null)) continue;
    for (const [key, m] of Object.entries(rowMeta)) {
      meta[cellKey(field.key, out.length, key)] = m;
      confidences.push(m.confidence ?? 0);
    }
    out.push(row);
  }
  const region = unionBoxes([...header.row.pieces, ...body.flatMap((r) => r.pieces)].map((p) => p.box));
  meta[field.key] = {
    confidence: round2(confidences.length > 0 ? mean(confidences) : 0),
    evidence: region,
  };
  return { rows: out, meta, region };
}

/**
 * The rows under the header that belong to the table: up to a summary line (subtotal, tax, total)
 * or a blank taller than END_GAP lines — unless that blank is a document's page break and the
 * table goes on over it (see continuation). Where the table runs off the bottom of the image, a
 * row cut by the edge is left out, and so is a last row too close to the edge to be sure it is whole.
 */
function tableBody(
  rows: readonly VisualRow[],
  header: Header,
  lineHeight: number,
  page: OcrPage,
): VisualRow[] {
  const pageHeight = page.height;
  const body: VisualRow[] = [];
  let ended = false;
  let above = header.row.bottom;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    // The header printed again (over a page break, or a table in parts): not a row, not its end.
    if (sameText(row, header.row)) {
      above = row.bottom;
      continue;
    }
    if (row.pieces.some(isSummary)) {
      ended = true;
      break;
    }
    if (row.top - above > END_GAP * lineHeight) {
      const next = continuation(rows, i, above, page.pageBreaks ?? [], header);
      if (next === undefined) {
        ended = true;
        break;
      }
      // Goes on at a row of figures, or after the header printed again at the top of the page.
      above = next.after;
      i = next.at - 1;
      continue;
    }
    body.push(row);
    above = row.bottom;
  }
  if (ended) return body;
  while (body.length > 0 && body.at(-1)!.bottom >= pageHeight - 2) body.pop();
  const gaps = body.slice(1).map((r, i) => r.top - body[i]!.bottom);
  const last = body.at(-1);
  if (last && gaps.length > 0 && pageHeight - last.bottom < median(gaps)) body.pop();
  return body;
}

/**
 * Where a table that reached a page break goes on: after its header repeated on the next page
 * (most invoicing software and browsers print it again), or at a row with figures under two of
 * its columns. Up to PAGE_FURNITURE rows in between (footer, letterhead) are skipped; a summary
 * line among them means the table had ended.
 */
function continuation(
  rows: readonly VisualRow[],
  from: number,
  above: number,
  breaks: readonly number[],
  header: Header,
): { at: number; after: number } | undefined {
  const pageBreak = breaks.find((b) => b > above);
  if (pageBreak === undefined) return undefined;
  for (let j = from; j < rows.length && j - from <= PAGE_FURNITURE; j++) {
    const row = rows[j]!;
    if (row.top >= pageBreak && sameText(row, header.row)) return { at: j + 1, after: row.bottom };
    if (row.pieces.some(isSummary)) return undefined;
    if (row.top < pageBreak) continue;
    const figures = row.pieces.filter((p) => {
      const column = header.cells[columnOf(p.box, header.cells)]?.column;
      return isNumberText(p.text) && column !== undefined && column.type !== 'text';
    });
    if (figures.length >= 2) return { at: j, after: row.top };
  }
  return undefined;
}

/** Whether two rows print the same words (spacing, case and OCR look-alikes aside). */
function sameText(a: VisualRow, b: VisualRow): boolean {
  const text = (row: VisualRow) => compactLabel(row.pieces.map((p) => p.text).join(''));
  return text(a) === text(b);
}

function isSummary(piece: Piece): boolean {
  return SUMMARY_LABELS.some((label) =>
    findLabel(piece, label, true).some((hit) => {
      if (hit.start > 1) return false;
      const rest = piece.text.slice(hit.end);
      return compactLabel(rest).replace(/[\dIOS]/g, '').length <= SUMMARY_EXTRA_LETTERS || isNumberText(rest);
    }),
  );
}

/**
 * The table's rows. A row is anchored by the figures it prints (any number outside the text
 * columns); lines with text only (a description that wrapped, above or below its figures, as a
 * page centres or tops the cells beside it) join the nearest anchored row, the one above on a tie.
 * A table with no figures at all has one row per line.
 */
function groupRows(body: readonly VisualRow[], cells: readonly HeaderCell[]): Piece[][] {
  const textColumns = new Set(
    cells.map((c, i) => (c.column && c.column.type === 'text' ? i : -1)).filter((i) => i >= 0),
  );
  const anchored = body.map((row) =>
    row.pieces.some((p) => isNumberText(p.text) && !textColumns.has(columnOf(p.box, cells))),
  );
  if (!anchored.includes(true)) return body.map((r) => [...r.pieces]);
  const groups = new Map<VisualRow, Piece[]>();
  body.forEach((row, i) => {
    if (anchored[i]) groups.set(row, [...row.pieces]);
  });
  body.forEach((row, i) => {
    if (anchored[i]) return;
    let nearest: VisualRow | undefined;
    for (let j = 0; j < body.length; j++) {
      if (!anchored[j]) continue;
      const d = Math.abs(body[j]!.cy - row.cy);
      // Strictly nearer only: on a tie the row above keeps it (found first).
      if (!nearest || d < Math.abs(nearest.cy - row.cy) - 0.5) nearest = body[j]!;
    }
    groups.get(nearest!)!.push(...row.pieces);
  });
  return [...groups.values()];
}

/**
 * Which printed column a piece belongs to: the header cell it overlaps most (for its own width or
 * the header's, whichever is narrower: a right-aligned figure under a short header), else the
 * nearest.
 */
function columnOf(box: Box, cells: readonly HeaderCell[]): number {
  const x0 = box.x;
  const x1 = box.x + box.w;
  let best = 0;
  let bestScore = -Infinity;
  cells.forEach((cell, i) => {
    const overlap = Math.min(x1, cell.x1) - Math.max(x0, cell.x0);
    const score = overlap > 0 ? overlap / Math.max(1, Math.min(x1 - x0, cell.x1 - cell.x0)) : overlap;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}

/**
 * A piece cut where a figure follows text in another column's place: a long description printed
 * almost up to the amount beside it ("Training session for the accounting 51,022.51"), closer than
 * the gap that separates cells elsewhere.
 */
function figuresApart(piece: Piece, cells: readonly HeaderCell[]): Piece[] {
  const words = piece.words;
  const first = columnOf(piece.words[0]!.box, cells);
  for (let i = 1; i < words.length; i++) {
    const gap = words[i]!.box.x - (words[i - 1]!.box.x + words[i - 1]!.box.w);
    if (gap < SPACE * piece.box.h || !isNumberText(words[i]!.text) || isNumberText(words[i - 1]!.text))
      continue;
    if (columnOf(words[i]!.box, cells) === first) continue;
    return [subPiece(piece, 0, i), ...figuresApart(subPiece(piece, i, words.length), cells)];
  }
  return [piece];
}

/** A cell's value in its column's type, read from its pieces top to bottom. */
function cellValue(column: Column, pieces: Piece[]): { value: CellValue; meta: FieldMeta } | null {
  if (pieces.length === 0) return null;
  const ordered = [...pieces].sort((a, b) => a.cy - b.cy || a.box.x - b.box.x);
  const numeric = isAmountType(column.type);
  // A figure's column holds one figure: text that strayed into it is not part of the value.
  const used = numeric ? ordered.filter((p) => findAmounts(p.text).length > 0) : ordered;
  if (used.length === 0) return null;
  const text = used.map((p) => p.text).join(' ');
  let coerced = coerceValue(column.type, text);
  if ((!coerced.ok || coerced.value === null) && numeric) {
    const found = findAmounts(text)[0];
    coerced = found ? coerceValue(column.type, found.text) : coerced;
  }
  if (!coerced.ok || coerced.value === null) return null;
  const words = used.flatMap((p) => p.words);
  return {
    value: coerced.value as CellValue,
    meta: {
      confidence: round2(mean(words.map((w) => w.confidence))),
      evidence: unionBoxes(used.map((p) => p.box)),
      text,
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
}

function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
