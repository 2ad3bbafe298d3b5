import { describe, expect, it } from 'vitest';
import { parseFieldSpec, type Field } from '../../src/shared/field.ts';
import { matchFields } from '../../src/core/providers/local/matcher.ts';
import type { OcrLine, OcrPage } from '../../src/core/providers/local/ocr.ts';

/** A line of words laid out left to right from x, 10 px per character, 20 px tall. */
function line(text: string, x: number, y: number, confidence = 0.9): OcrLine {
  let cx = x;
  const words = text.split(' ').map((w) => {
    const word = { text: w, confidence, box: { x: cx, y, w: w.length * 10, h: 20 } };
    cx += (w.length + 1) * 10;
    return word;
  });
  return { text, confidence, box: { x, y, w: cx - x - 10, h: 20 }, words };
}

/** A line whose right edge is at `right` (right-aligned figures). */
function right(text: string, rightEdge: number, y: number): OcrLine {
  return line(text, rightEdge - text.length * 10, y);
}

function page(lines: OcrLine[], height = 800): OcrPage {
  return { width: 800, height, lines, engine: 'test' };
}

const FIELDS = parseFieldSpec(
  'items:table(description, quantity:number, unit price:number, amount:number), subtotal:number, total:number',
);

/** A header and rows at 30 px pitch: [description, quantity, unit price, amount] per row. */
function table(
  headers: [string, string, string, string],
  rows: Array<[string, string, string, string]>,
  top = 100,
): OcrLine[] {
  const out = [line(headers[0], 40, top), right(headers[1], 430, top), right(headers[2], 560, top)];
  out.push(right(headers[3], 720, top));
  rows.forEach(([d, q, p, a], i) => {
    const y = top + 40 + i * 30;
    out.push(line(d, 40, y), right(q, 430, y), right(p, 560, y), right(a, 720, y));
  });
  return out;
}

describe('matchFields on a table', () => {
  it('finds the header by Spanish synonyms and reads 1.234,56 figures', () => {
    const out = matchFields(
      page(
        table(
          ['Concepto', 'Cant.', 'Precio', 'Importe'],
          [
            ['Papel A4', '2', '1.250,00 €', '2.500,00 €'],
            ['Tóner negro', '1', '89,90 €', '89,90 €'],
          ],
        ),
      ),
      FIELDS,
    );
    expect(out.fields.items).toEqual([
      { description: 'Papel A4', quantity: 2, unit_price: 1250, amount: 2500 },
      { description: 'Tóner negro', quantity: 1, unit_price: 89.9, amount: 89.9 },
    ]);
  });

  it('reads 1,234.56 figures under English headers, with each cell’s meta', () => {
    const out = matchFields(
      page(table(['Item', 'Qty', 'Rate', 'Line total'], [['Consulting', '10', '$1,200.50', '$12,005.00']])),
      FIELDS,
    );
    expect(out.fields.items).toEqual([
      { description: 'Consulting', quantity: 10, unit_price: 1200.5, amount: 12005 },
    ]);
    expect(out.fieldMeta['items[0].amount']).toEqual({
      confidence: 0.9,
      evidence: { x: 620, y: 140, w: 100, h: 20 },
      text: '$12,005.00',
    });
    expect(out.fieldMeta.items!.evidence).toMatchObject({ x: 40, y: 100 });
  });

  it('joins a wrapped description to its row, whether the figures are topped or centred', () => {
    const topped = [
      ...table(
        ['Description', 'Qty', 'Unit price', 'Amount'],
        [['Annual maintenance of', '1', '300.00', '300.00']],
      ),
      line('the printers', 40, 162),
      line('Toner', 40, 200),
      right('2', 430, 200),
      right('50.00', 560, 200),
      right('100.00', 720, 200),
    ];
    const centred = [
      line('Description', 40, 100),
      right('Qty', 430, 100),
      right('Unit price', 560, 100),
      right('Amount', 720, 100),
      line('Annual maintenance of', 40, 140),
      right('1', 430, 152),
      right('300.00', 560, 152),
      right('300.00', 720, 152),
      line('the printers', 40, 164),
      line('Toner', 40, 200),
      right('2', 430, 200),
      right('50.00', 560, 200),
      right('100.00', 720, 200),
    ];
    for (const lines of [topped, centred]) {
      const rows = matchFields(page(lines), FIELDS).fields.items;
      expect(rows).toEqual([
        { description: 'Annual maintenance of the printers', quantity: 1, unit_price: 300, amount: 300 },
        { description: 'Toner', quantity: 2, unit_price: 50, amount: 100 },
      ]);
    }
  });

  it('ends at the subtotal, and no scalar field is read inside the table', () => {
    const lines = [
      ...table(
        ['Description', 'Qty', 'Price', 'Total'],
        [
          ['Pens', '3', '2.00', '6.00'],
          ['Paper', '1', '4.00', '4.00'],
        ],
      ),
      line('Subtotal', 450, 220),
      right('10.00', 720, 220),
      line('Total', 450, 250),
      right('10.60', 720, 250),
      line('Notes 5 1.00 2.00', 40, 280),
    ];
    const out = matchFields(page(lines), FIELDS);
    expect(out.fields.items).toHaveLength(2);
    expect(out.fields.subtotal).toBe(10);
    expect(out.fields.total).toBe(10.6);
    // Alone, the total's label "Total" heads the amounts: their first would be the total.
    const noTable = matchFields(page(lines.slice(0, 12)), [{ key: 'total', label: 'Total', type: 'number' }]);
    expect(noTable.fields.total).toBe(6);
    const withTable = matchFields(page(lines.slice(0, 12)), [FIELDS[0]!, FIELDS[2]!]);
    expect(withTable.fields.total).toBeNull();
  });

  it('leaves the unit price empty where the document prints none, and skips columns nobody asked for', () => {
    const lines = [
      line('#', 10, 100),
      line('Description', 40, 100),
      right('VAT %', 330, 100),
      right('Quantity', 430, 100),
      right('Amount', 720, 100),
      line('1', 10, 140),
      line('Hosting', 40, 140),
      right('20%', 330, 140),
      right('12', 430, 140),
      right('£120.00', 720, 140),
    ];
    expect(matchFields(page(lines), FIELDS).fields.items).toEqual([
      { description: 'Hosting', quantity: 12, unit_price: null, amount: 120 },
    ]);
  });

  it('finds a column by its own label, and by the labels in its hints', () => {
    const sku: Field = {
      key: 'items',
      label: 'Items',
      type: 'table',
      columns: [
        { key: 'sku', label: 'SKU', type: 'text' },
        { key: 'code', label: 'Code', type: 'text', hints: { labels: ['Ref.'] } },
        { key: 'amount', label: 'Amount', type: 'number' },
      ],
    };
    const out = matchFields(
      page([
        line('SKU', 40, 100),
        line('Ref.', 200, 100),
        right('Amount', 720, 100),
        line('AB-112', 40, 140),
        line('X9', 200, 140),
        right('15.00', 720, 140),
      ]),
      [sku],
    );
    expect(out.fields.items).toEqual([{ sku: 'AB-112', code: 'X9', amount: 15 }]);
  });

  it('keeps only the rows a screen shows whole when the table runs off its bottom', () => {
    const rows = Array.from({ length: 8 }, (_, i): [string, string, string, string] => [
      `Item ${String.fromCharCode(65 + i)}`,
      '1',
      '5.00',
      '5.00',
    ]);
    // Rows at 140, 170, ... 350: a screen 362 px tall cuts the last one through its middle.
    const out = matchFields(page(table(['Description', 'Qty', 'Price', 'Amount'], rows), 362), FIELDS);
    expect((out.fields.items as unknown[]).length).toBe(7);
  });

  it('is null when no header names the columns', () => {
    const out = matchFields(page([line('Pens 3 2.00 6.00', 40, 100)]), FIELDS);
    expect(out.fields.items).toBeNull();
  });
});
