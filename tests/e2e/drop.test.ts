import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocument, type SyntheticDocument } from '../helpers/documents.ts';
import { layoutNamed, printInvoice, type PrintedInvoice } from '../helpers/invoices.ts';
import {
  hasChromium,
  seriousAxeViolations,
  startRenderer,
  type RendererHarness,
} from '../helpers/renderer.ts';

/** Chromium and the app share a loaded machine here: allow more than expect.poll's default second. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000, interval: 100 });

/** The drop target's screenshot, for a person to look at. */
const SHOTS = process.env.EXTRACTO_SHOTS ?? path.join(tmpdir(), 'extracto-drop-shots');

interface Dropped {
  name: string;
  type: string;
  base64: string;
}

/**
 * A person dragging files from the file manager onto History: a real DataTransfer holding real
 * File objects, carried by dragenter, dragover and (unless only hovering) drop on the window.
 * (As a string: the node tsconfig that checks this file has no DOM types.)
 */
function drag(page: Page, files: Dropped[], events: string[]): Promise<void> {
  return page.evaluate(`(() => {
    const data = new DataTransfer();
    for (const f of ${JSON.stringify(files)}) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], f.name, { type: f.type }));
    }
    const target = document.querySelector('main.history');
    for (const type of ${JSON.stringify(events)})
      target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
  })()`);
}

describe.skipIf(!hasChromium)('dropping files on History', () => {
  let h: RendererHarness;
  let doc: SyntheticDocument;
  let invoice: Dropped;
  let printed: PrintedInvoice;
  let pdf: Dropped;
  const notes: Dropped = {
    name: 'notes.txt',
    type: 'text/plain',
    base64: Buffer.from('hello').toString('base64'),
  };

  beforeAll(async () => {
    h = await startRenderer();
    doc = await renderDocument({ kind: 'invoice', seed: 3 });
    invoice = { name: 'invoice-0042.png', type: 'image/png', base64: doc.png.toString('base64') };
    printed = await printInvoice({ layout: layoutNamed('factura'), seed: 4, rows: 3 }, h.browser);
    pdf = { name: 'factura.pdf', type: 'application/pdf', base64: printed.pdf.toString('base64') };
    await h.app.saveProfile({ name: 'Invoices', fields: doc.fields }, { activate: true });
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(() => h.close());

  it('shows a drop target naming the active profile while files are dragged over, and hides it after', async () => {
    const page = await h.open('#/history');
    await page.locator('.list-pane .empty').waitFor();
    const target = page.locator('.drop-target');
    expect(await target.count()).toBe(0);
    await drag(page, [invoice], ['dragenter', 'dragover']);
    await target.waitFor();
    expect(await target.innerText()).toBe('Drop images or PDFs to extract them with “Invoices”');
    await page.screenshot({ path: path.join(SHOTS, 'history-drop-target.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await drag(page, [invoice], ['dragleave']);
    await target.waitFor({ state: 'detached' });
    expect(h.errors).toEqual([]);
  });

  it('extracts each image and PDF dropped with the active profile and shows it as it arrives; the rest is said', async () => {
    const page = await h.open('#/history', { locale: 'es-ES' });
    await page.getByRole('status').first().waitFor({ state: 'attached' });
    // The profiles have arrived (the filter lists them): the drop target can name the active one.
    await page.getByLabel('Perfil', { exact: true }).locator('option', { hasText: 'Invoices' }).waitFor({
      state: 'attached',
    });
    await drag(page, [invoice, notes], ['dragenter', 'dragover']);
    expect(await page.locator('.drop-target').innerText()).toBe(
      'Suelta imágenes o PDF para extraerlos con «Invoices»',
    );
    await drag(page, [invoice, pdf, notes], ['drop']);
    await poll(() => page.getByRole('alert').innerText()).toBe(
      '2 archivos extraídos. Se omitieron, no son imágenes ni PDF: notes.txt.',
    );
    expect(await page.locator('.drop-target').count()).toBe(0);
    // Stored by the real AppService with the profile's fields, and on screen: in the list and
    // open in the detail.
    const { items } = h.app.store.list({ limit: 10 });
    expect(items).toHaveLength(2);
    // Newest first: the PDF, read from its text layer, then the image.
    const fromPdf = (await h.app.store.get(items[0]!.id))!;
    expect(fromPdf).toMatchObject({ status: 'ok', document: { pages: [{ from: 'text' }] } });
    expect(fromPdf.fields).toMatchObject({
      invoice_number: printed.truth.invoice_number,
      total: printed.truth.total,
    });
    const result = (await h.app.store.get(items[1]!.id))!;
    expect(result).toMatchObject({ status: 'ok', profile: { name: 'Invoices' } });
    expect(result.fields.invoice_number).toBe(doc.truth.invoice_number);
    await poll(() => page.locator('.vrow').count()).toBe(2);
    // The newest, the PDF, open in the detail with its page.
    await poll(() => page.locator('.detail-wrap').innerText()).toContain(printed.truth.invoice_number);
    expect(await page.locator('.detail-wrap').innerText()).toContain('Página 1 de 1');
    expect(h.errors).toEqual([]);
  });
});
