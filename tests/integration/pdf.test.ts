import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import { silentLogger } from '../../src/core/log.ts';
import type { RetryPolicy } from '../../src/core/providers/retry.ts';
import { parseFieldSpec, type Profile } from '../../src/shared/field.ts';
import { asTable, reviewReasons, type Result } from '../../src/shared/result.ts';
import { runCli, tempHome } from '../helpers/cli.ts';
import { FakeApi, openaiResponse, type RecordedRequest } from '../helpers/fake-apis.ts';
import {
  INVOICE_FIELDS,
  LAYOUTS,
  layoutNamed,
  openInvoiceBrowser,
  printInvoice,
  renderInvoice,
  type InvoiceTruth,
  type PrintedInvoice,
} from '../helpers/invoices.ts';
import { encryptedPdf, handMadePdf, jpegPdf, longPdf, scannedPdf } from '../helpers/pdfs.ts';

// Issue 20: PDFs as invoicing software prints them (Chromium's print to PDF of generated invoices
// with known values), a scan, a long document and broken ones, through the real AppService and CLI.

const RECEIPT = path.resolve(import.meta.dirname, '../../../shared/data/sroie/img/X00016469670.jpg');
const FAST: RetryPolicy = { retries: 0, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 200 };
const profile: Profile = { id: 'inv', name: 'Invoices', fields: parseFieldSpec(INVOICE_FIELDS) };

function expectInvoice(result: Result, truth: InvoiceTruth): void {
  expect(result.status).toBe('ok');
  const { items, ...fields } = result.fields;
  expect(fields).toEqual({
    invoice_number: truth.invoice_number,
    date: truth.date,
    subtotal: truth.subtotal,
    tax: truth.tax,
    total: truth.total,
  });
  // The text layer is exact: accents, spaces and every figure as printed.
  expect(asTable(items)).toEqual(truth.rows);
}

describe('PDF documents', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let browser: Browser;
  let app: AppService;
  let api: FakeApi;
  let printed: PrintedInvoice[];
  let long: PrintedInvoice;
  const file = (name: string) => path.join(home, name);

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    browser = await openInvoiceBrowser();
    api = await FakeApi.start();
    app = await AppService.open({
      home,
      logger: silentLogger,
      env: { OPENAI_API_KEY: 'sk-test-PDF-0123456789' },
    });
    // Every layout that prints from HTML, the held-out ones included: one page each.
    printed = [];
    for (const layout of LAYOUTS.filter((l) => l.render === 'html')) {
      const invoice = await printInvoice({ layout, seed: 21, rows: 4 }, browser);
      await writeFile(file(`${layout.name}.pdf`), invoice.pdf);
      printed.push(invoice);
    }
    long = await printInvoice({ layout: layoutNamed('codigo'), seed: 22, rows: 40 }, browser);
    await writeFile(file('long.pdf'), long.pdf);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await api?.close();
    await browser?.close();
    await cleanup();
  });

  it('reads a born-digital invoice from its text layer, without OCR, on every layout', async () => {
    for (const invoice of printed) {
      const result = await app.extract(
        { kind: 'file', path: file(`${invoice.layout.name}.pdf`) },
        { profile, provider: 'local' },
      );
      expectInvoice(result, invoice.truth);
      expect(result.document).toEqual({
        pageCount: 1,
        pages: [{ page: 1, from: 'text', width: expect.any(Number), height: expect.any(Number) }],
      });
      expect(result.model).toBe('pdf-text');
      // The stored copy is the document itself; evidence boxes name their page.
      expect(result.image.path).toMatch(/\.pdf$/);
      expect(readFileSync(path.resolve(home, result.image.path))).toEqual(invoice.pdf);
      expect(result.fieldMeta.total?.page).toBe(1);
      expect((result.checks ?? []).every((c) => c.ok)).toBe(true);
    }
  });

  it('reads a table that runs on over a page break, and each value names its page', async () => {
    expect(long.pages).toBe(2);
    const result = await app.extract(
      { kind: 'file', path: file('long.pdf') },
      { profile, provider: 'local' },
    );
    expectInvoice(result, long.truth);
    expect(result.document?.pages.map((p) => [p.page, p.from])).toEqual([
      [1, 'text'],
      [2, 'text'],
    ]);
    expect(result.fieldMeta['items[0].amount']?.page).toBe(1);
    expect(result.fieldMeta['items[39].amount']?.page).toBe(2);
    const box = result.fieldMeta['items[39].amount']!.evidence!;
    expect(box.y + box.h).toBeLessThanOrEqual(result.document!.pages[1]!.height);
  });

  it('reads a scanned PDF (a picture, no text) by OCR', async () => {
    const scan = await renderInvoice({ layout: layoutNamed('articulo'), seed: 23, rows: 3 });
    const pdf = await scannedPdf(scan.png, scan.width / 2, scan.height / 2, browser);
    await writeFile(file('scan.pdf'), pdf);
    const result = await app.extract(
      { kind: 'file', path: file('scan.pdf') },
      { profile, provider: 'local' },
    );
    expect(result.document?.pages.map((p) => p.from)).toEqual(['ocr']);
    expect(result.status).toBe('ok');
    expect(result.fields).toMatchObject({
      invoice_number: scan.truth.invoice_number,
      total: scan.truth.total,
      date: scan.truth.date,
    });
  }, 60_000);

  // A real scan as a scanner saves it, from the team's SROIE receipts (not in the repository: the
  // test says it is skipped where they are absent; bench/pdf.ts reads twenty of them).
  it.skipIf(!existsSync(RECEIPT))(
    'reads a real scanned receipt saved as a PDF by OCR',
    async () => {
      const { default: sharp } = await import('sharp');
      const rgb = await sharp(RECEIPT).toColourspace('srgb').jpeg({ quality: 95 }).toBuffer();
      const { width, height } = await sharp(rgb).metadata();
      await writeFile(file('receipt.pdf'), jpegPdf(rgb, width!, height!, 200));
      const receipt: Profile = {
        id: 'r',
        name: 'Receipts',
        fields: parseFieldSpec('company, date:date, total:number'),
      };
      const result = await app.extract(
        { kind: 'file', path: file('receipt.pdf') },
        { profile: receipt, provider: 'local' },
      );
      expect(result.document?.pages.map((p) => p.from)).toEqual(['ocr']);
      // As the receipt's key says: OJC MARKETING SDN BHD, 15/01/2019, 193.00.
      expect(result.fields).toEqual({ company: 'OJC MARKETING SDN BHD', date: '2019-01-15', total: 193 });
    },
    60_000,
  );

  it('sends a model the pages drawn as an image, keeps the PDF, and retries from it', async () => {
    const route = 'POST /v1/responses';
    const invoice = printed[0]!;
    const answer = { ...invoice.truth, items: invoice.truth.rows };
    await app.provider('openai', { baseUrl: api.url('/v1'), retry: FAST, timeoutMs: 5000 });
    api.script(route, { status: 503, json: { error: { message: 'busy', type: 'server_error' } } });
    const pending = await app.extract(
      { kind: 'file', path: file(`${invoice.layout.name}.pdf`) },
      { profile, provider: 'openai', baseUrl: api.url('/v1') },
    );
    expect(pending.status).toBe('pending');
    expect(pending.image.path).toMatch(/\.pdf$/);
    api.always(route, { json: openaiResponse({ text: JSON.stringify(answer) }) });
    const result = await app.retry(pending.id, { profile, baseUrl: api.url('/v1') });
    expect([result.status, result.error]).toEqual(['ok', undefined]);
    expect(result.fields.total).toBe(invoice.truth.total);
    expect(result.document?.pages).toEqual([
      { page: 1, from: 'image', width: expect.any(Number), height: expect.any(Number) },
    ]);
    expect(readFileSync(path.resolve(home, result.image.path))).toEqual(invoice.pdf);
    // The answer grounded in the PDF's own text (no OCR): each value found, boxed on its page.
    expect(result.fieldMeta.total).toMatchObject({ grounded: true, page: 1 });
    expect(result.fieldMeta['items[1].amount']).toMatchObject({ grounded: true, page: 1 });
    expect(reviewReasons(result)).toEqual([]);
    const sent = sentImage(api.calls(route).at(-1)!);
    // The page, drawn: a PNG of the page's proportions.
    const { default: sharp } = await import('sharp');
    const meta = await sharp(sent).metadata();
    const page = result.document!.pages[0]!;
    expect(meta.format).toBe('png');
    expect(Math.abs(meta.width! / meta.height! - page.width / page.height)).toBeLessThan(0.01);
  });

  it("marks a model's value that is not in the PDF for review", async () => {
    const route = 'POST /v1/responses';
    const invoice = printed[1]!;
    const invented = { ...invoice.truth, items: invoice.truth.rows, total: invoice.truth.total + 1000 };
    api.always(route, { json: openaiResponse({ text: JSON.stringify(invented) }) });
    const result = await app.extract(
      { kind: 'file', path: file(`${invoice.layout.name}.pdf`) },
      { profile, provider: 'openai', baseUrl: api.url('/v1') },
    );
    expect(result.status).toBe('ok');
    expect(result.fieldMeta.total?.grounded).toBe(false);
    expect(result.fieldMeta.invoice_number).toMatchObject({ grounded: true, page: 1 });
    expect(reviewReasons(result).map((r) => r.code)).toContain('review.notOnPage');
  });

  it('extracto extract: reads a PDF, says how its pages were read, and --pages picks them', async () => {
    const run = await runCli(['extract', 'long.pdf', '--fields', 'description:text, total:number'], { home });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Read 2 of 2 pages: 1-2 from the text layer.');
    const second = await runCli(
      ['extract', 'long.pdf', '--fields', INVOICE_FIELDS, '--pages', '2', '--json'],
      {
        home,
      },
    );
    expect(second.code).toBe(0);
    const result = JSON.parse(second.stdout) as Result;
    expect(result.document?.pages.map((p) => p.page)).toEqual([2]);
    // Page 2 alone: its rows (after the header printed again) and the totals under them.
    expect(result.fields.total).toBe(long.truth.total);
    expect(asTable(result.fields.items)?.at(-1)).toEqual(long.truth.rows.at(-1));
    const none = await runCli(['extract', 'long.pdf', '--fields', 'total:number', '--pages', '5-9'], {
      home,
    });
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe(
      `${file('long.pdf')} has 2 pages: none of the pages asked for (5-9) is among them.`,
    );
  });

  it('says one sentence for a PDF with a password or a damaged one, and never hangs on a long one', async () => {
    await writeFile(file('locked.pdf'), await encryptedPdf(printed[0]!.pdf));
    await writeFile(file('cut.pdf'), printed[0]!.pdf.subarray(0, Math.round(printed[0]!.pdf.length * 0.3)));
    await writeFile(file('long500.pdf'), await longPdf(500, browser));
    for (const [name, said] of [
      ['locked.pdf', 'is protected by a password'],
      ['cut.pdf', 'is a damaged or incomplete PDF'],
    ] as const) {
      const run = await runCli(['extract', name, '--fields', 'total:number'], { home });
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(`${file(name)} ${said}`)]);
    }
    const started = Date.now();
    const run = await runCli(['extract', 'long500.pdf', '--fields', 'invoice number, total:number'], {
      home,
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ invoice_number: 'LONG-500', total: 12.5 });
    expect(run.stderr).toContain('Read 20 of 500 pages: 1-20 from the text layer.');
    expect(run.stderr).toContain('Pages 21-500 were not read; choose the pages to read with --pages.');
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);

  it('measures and draws a page claiming to be 50 metres square at a size memory can hold', async () => {
    // 141,732 points a side: 8 gigapixels at 144 dpi, were it drawn as asked.
    await writeFile(file('poster.pdf'), handMadePdf(141_732, ['Invoice number: HUGE-1', 'Total: 99.95']));
    const result = await app.extract(
      { kind: 'file', path: file('poster.pdf') },
      {
        profile: { id: 'p', name: 'Poster', fields: parseFieldSpec('invoice number, total:number') },
        provider: 'local',
      },
    );
    expect(result.fields).toEqual({ invoice_number: 'HUGE-1', total: 99.95 });
    const [page] = result.document!.pages;
    expect(page!.width * page!.height).toBeLessThanOrEqual(25_000_000);
    const picture = await app.picture(result.id);
    const { default: sharp } = await import('sharp');
    const meta = await sharp((picture as { png: Buffer }).png).metadata();
    expect([meta.width, meta.height]).toEqual([page!.width, page!.height]);
  }, 60_000);
});

/** The image an OpenAI Responses request carried, decoded from its data URL. */
function sentImage(request: RecordedRequest): Buffer {
  const text = JSON.stringify(request.body);
  const m = /data:image\/png;base64,([A-Za-z0-9+/=]+)/.exec(text);
  if (!m) throw new Error('no PNG in the request');
  return Buffer.from(m[1]!, 'base64');
}
