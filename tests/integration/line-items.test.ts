import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asTable, parseResult, type Result } from '../../src/shared/result.ts';
import { runCli, tempHome } from '../helpers/cli.ts';
import {
  INVOICE_FIELDS,
  layoutNamed,
  renderInvoice,
  type GeneratedInvoice,
  type InvoiceRow,
} from '../helpers/invoices.ts';

/**
 * Descriptions as the offline engine can read them: PaddleOCR drops most accents and some spaces
 * (combine.ts), which is the OCR's weakness, not the table reader's; figures must be exact.
 */
const folded = (s: unknown) =>
  String(s).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, '');

function expectRows(result: Result, truth: InvoiceRow[]): void {
  const rows = asTable(result.fields.items) ?? [];
  expect(rows.map((r) => ({ ...r, description: folded(r.description) }))).toEqual(
    truth.map((r) => ({ ...r, description: folded(r.description) })),
  );
}

// The promise through the real command: line items read offline from invoices of layouts
// the table reader's rules were not written against (tests/helpers/invoices.ts, held-out), checked.
describe('extracto extract reads line items with the offline engine', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let right: GeneratedInvoice;
  let wrong: GeneratedInvoice;
  let results: Result[];

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    // A Spanish layout (1.234,56 €, descriptions wrapped onto two lines with their figures centred
    // beside them), read right once, and again with its subtotal misprinted. SVG, so no browser:
    // the HTML layouts are measured by bench/tables.ts.
    const layout = layoutNamed('articulo');
    right = await renderInvoice({ layout, seed: 15, rows: 4 });
    wrong = await renderInvoice({ layout, seed: 16, rows: 3, wrongSum: true });
    await writeFile(path.join(home, 'right.png'), right.png);
    await writeFile(path.join(home, 'wrong.png'), wrong.png);
    const run = await runCli(['extract', 'right.png', 'wrong.png', '--fields', INVOICE_FIELDS, '--json'], {
      home,
    });
    expect(run.stderr).not.toMatch(/error|could not/i);
    expect(run.code).toBe(0);
    results = run.stdout
      .trim()
      .split('\n')
      .map((l) => parseResult(JSON.parse(l)));
  }, 120_000);
  afterAll(() => cleanup());

  it('reads every row, the sums, and the checks agree', () => {
    const [result] = results;
    expect(result!.status).toBe('ok');
    expectRows(result!, right.truth.rows);
    expect(right.truth.rows.some((r) => r.description.length > 45)).toBe(true); // one wraps
    expect(result!.fields).toMatchObject({
      invoice_number: right.truth.invoice_number,
      date: right.truth.date,
      subtotal: right.truth.subtotal,
      tax: right.truth.tax,
      total: right.truth.total,
    });
    // Each cell keeps where it was read, inside the image.
    const cell = result!.fieldMeta['items[0].amount']!;
    expect(cell.confidence).toBeGreaterThan(0.5);
    expect(cell.evidence!.x + cell.evidence!.w).toBeLessThanOrEqual(right.width);
    expect((result!.checks ?? []).map((c) => [c.id, c.ok]).sort()).toEqual([
      ['line_math', true],
      ['line_sum', true],
      ['subtotal_tax_total', true],
    ]);
  });

  it('flags a subtotal that is not the sum of the lines, and history --review says so', async () => {
    const result = results[1]!;
    expectRows(result, wrong.truth.rows);
    const sum = wrong.truth.rows.reduce((s, r) => s + r.amount, 0);
    expect(result.fields.subtotal).toBe(wrong.truth.subtotal);
    expect(wrong.truth.subtotal).not.toBeCloseTo(sum, 2);
    const failed = (result.checks ?? []).filter((c) => !c.ok);
    expect(failed.map((c) => c.id)).toEqual(['line_sum']);
    expect(failed[0]!.message).toMatch(
      /^The 3 line amounts add up to .+, but the subtotal says .+ \(off by .+\)\.$/,
    );

    const review = await runCli(['history', '--review'], { home });
    expect(review.code).toBe(0);
    const lines = review.stdout.trim().split('\n');
    expect(lines[0]).toContain(result.id);
    expect(lines.slice(1)).toEqual([`    ! ${failed[0]!.message}`]);
  });

  it('exports one CSV row per line item, though the --fields list was never saved as a profile', async () => {
    const run = await runCli(
      ['export', '--format', 'csv', '--rows', 'items', '--with', 'invoice_number', '--out', 'lines.csv'],
      {
        home,
      },
    );
    expect(run.stderr).not.toMatch(/No profile/);
    expect(run.code).toBe(0);
    const csv = (await readFile(path.join(home, 'lines.csv'), 'utf8')).trim().split(/\r?\n/);
    expect(csv[0]).toBe('id,createdAt,invoice_number,description,quantity,unit_price,amount');
    expect(csv).toHaveLength(1 + right.truth.rows.length + wrong.truth.rows.length);
    const typo = await runCli(['export', '--format', 'csv', '--rows', 'itmes'], { home });
    expect(typo).toMatchObject({ code: 2 });
    expect(typo.stderr).toMatch(/^No profile or result has a table "itmes"; tables: items\./);
  });
});
