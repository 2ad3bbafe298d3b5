import type { Column, ColumnRole } from '../../../shared/field.ts';
import { columnRole } from '../../../shared/roles.ts';
import { compactLabel, findLabel } from './match-text.ts';
import { isNumberText, type Piece, type VisualRow } from './table-cells.ts';

/**
 * The words invoices print over each kind of column, English and Spanish. A column is also found
 * by its own label and its hints' labels (a person's "SKU" column by "SKU").
 */
const ROLE_HEADERS: Record<ColumnRole, readonly string[]> = {
  description: [
    'description',
    'descripcion',
    'item',
    'items',
    'item description',
    'article',
    'articulo',
    'product',
    'producto',
    'concepto',
    'detalle',
    'details',
    'service',
    'servicio',
    'particulars',
    'designacion',
  ],
  quantity: [
    'qty',
    'quantity',
    'cant',
    'cantidad',
    'uds',
    'unidades',
    'units',
    'pcs',
    'hours',
    'horas',
    'ctd',
  ],
  unit_price: [
    'unit price',
    'price',
    'rate',
    'unit cost',
    'cost',
    'precio',
    'precio unitario',
    'precio unit',
    'p unit',
    'p/u',
    'pvp',
    'price each',
    'each',
    'valor unitario',
    'tarifa',
  ],
  amount: [
    'amount',
    'line total',
    'total',
    'importe',
    'subtotal',
    'line amount',
    'net amount',
    'monto',
    'valor',
    'total linea',
    'ext price',
  ],
};

/** A printed column of the table: where its header is, and which requested column it is, if any. */
export interface HeaderCell {
  column: Column | undefined;
  x0: number;
  x1: number;
}

export interface Header {
  row: VisualRow;
  cells: HeaderCell[];
}

interface Hit {
  column: Column;
  piece: Piece;
  start: number;
  end: number;
  x0: number;
  x1: number;
  /** How well the label matches and how much of the piece it covers, 0..1. */
  score: number;
  /** Longer labels are more specific ("unit price" before "price"). */
  length: number;
}

function headerLabels(column: Column): string[] {
  const role = columnRole(column);
  return [column.label, ...(column.hints?.labels ?? []), ...(role ? ROLE_HEADERS[role] : [])];
}

/**
 * The table's header: the row of the page where most of the requested columns are named, each by
 * a piece of text that is mostly its label. Pieces of that row no column claims are columns of the
 * document nobody asked for ("#", "VAT %"): they keep their place, so their values are not taken
 * for a neighbour's. Null when fewer than two columns (one, for a one-column table) are named.
 */
export function findHeader(rows: readonly VisualRow[], columns: readonly Column[]): Header | null {
  const labels = columns.map((c) => ({ column: c, labels: headerLabels(c) }));
  const need = Math.min(2, columns.length);
  let best: { header: Header; score: number } | null = null;
  for (const row of rows) {
    // Headers are words: a row of figures is data, however its words look.
    if (row.pieces.filter((p) => isNumberText(p.text)).length * 2 > row.pieces.length) continue;
    const hits: Hit[] = [];
    for (const piece of row.pieces) {
      const size = Math.max(1, compactLabel(piece.text).length);
      for (const { column, labels: texts } of labels) {
        for (const text of texts) {
          const length = compactLabel(text).length;
          for (const hit of findLabel(piece, text)) {
            const coverage = Math.min(1, length / size);
            if (coverage < 0.5) continue;
            const box = spanBox(piece, hit.start, hit.end);
            hits.push({ column, piece, ...hit, ...box, score: hit.similarity * coverage, length });
          }
        }
      }
    }
    const chosen = assign(hits);
    if (chosen.length < need) continue;
    const score = chosen.reduce((s, h) => s + h.score, 0);
    if (best && score <= best.score) continue;
    best = { header: { row, cells: cellsOf(row, chosen) }, score };
  }
  return best?.header ?? null;
}

/**
 * Best matching hits first, the most specific on a tie ("unit price" before "price"); one per
 * column, never two over the same stretch of the row (two engines may have read it twice).
 */
function assign(hits: Hit[]): Hit[] {
  const chosen: Hit[] = [];
  hits.sort((a, b) => b.score - a.score || b.length - a.length);
  for (const hit of hits) {
    if (chosen.some((c) => c.column === hit.column)) continue;
    if (chosen.some((c) => Math.min(c.x1, hit.x1) - Math.max(c.x0, hit.x0) > 0)) continue;
    chosen.push(hit);
  }
  return chosen;
}

/**
 * The header row's cells: the hits, and every other piece (a column nobody asked for) that is not
 * a second reading of a hit's text (two engines read the top of a page).
 */
function cellsOf(row: VisualRow, hits: Hit[]): HeaderCell[] {
  const cells: HeaderCell[] = hits.map((h) => ({ column: h.column, x0: h.x0, x1: h.x1 }));
  for (const piece of row.pieces) {
    const x0 = piece.box.x;
    const x1 = piece.box.x + piece.box.w;
    if (hits.some((h) => h.piece === piece || Math.min(x1, h.x1) - Math.max(x0, h.x0) > 0)) continue;
    cells.push({ column: undefined, x0, x1 });
  }
  return cells.sort((a, b) => a.x0 - b.x0);
}

/** The horizontal extent of a span of a piece, from its words' boxes. */
function spanBox(piece: Piece, start: number, end: number): { x0: number; x1: number } {
  let x0 = Infinity;
  let x1 = -Infinity;
  piece.words.forEach((word, i) => {
    const ws = piece.starts[i]!;
    const we = ws + word.text.length;
    if (end <= ws || start >= we) return;
    const len = Math.max(1, word.text.length);
    x0 = Math.min(x0, word.box.x + (word.box.w * Math.max(0, start - ws)) / len);
    x1 = Math.max(x1, word.box.x + (word.box.w * Math.min(len, end - ws)) / len);
  });
  return Number.isFinite(x0) ? { x0, x1 } : { x0: piece.box.x, x1: piece.box.x + piece.box.w };
}
