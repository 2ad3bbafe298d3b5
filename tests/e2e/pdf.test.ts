import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFieldSpec } from '../../src/shared/field.ts';
import type { Result } from '../../src/shared/result.ts';
import { layoutProblems } from '../helpers/geometry.ts';
import { INVOICE_FIELDS, layoutNamed, printInvoice, type PrintedInvoice } from '../helpers/invoices.ts';
import {
  hasChromium,
  seriousAxeViolations,
  startRenderer,
  type RendererHarness,
  poll,
} from '../helpers/renderer.ts';

/** Screenshots of the PDF's pages for a person to look at (the README does not show them). */
const SHOTS = process.env.EXTRACTO_SHOTS ?? path.join(tmpdir(), 'extracto-pdf-shots');

/** The page's globals this file reads (the node tsconfig has no DOM lib). */
type Images = {
  document: { querySelectorAll(s: string): ArrayLike<{ naturalWidth: number; complete: boolean }> };
};

/**
 * A PDF in History, against a real AppService: a two-page invoice read from its text layer shows
 * both pages, drawn by the app from the stored PDF, each captioned, and "Open PDF" beside them.
 */
describe.skipIf(!hasChromium)('History shows the pages of a PDF', () => {
  let r: RendererHarness;
  let page: Page;
  let invoice: PrintedInvoice;
  let result: Result;

  beforeAll(async () => {
    r = await startRenderer();
    invoice = await printInvoice({ layout: layoutNamed('classic'), seed: 31, rows: 40 }, r.browser);
    const file = path.join(r.home, 'invoice.pdf');
    await writeFile(file, invoice.pdf);
    const profile = await r.app.saveProfile(
      { name: 'Invoices', fields: parseFieldSpec(INVOICE_FIELDS) },
      { activate: true },
    );
    result = await r.app.extract({ kind: 'file', path: file }, { profile, provider: 'local' });
    page = await r.open('#/history', { viewport: { width: 1280, height: 800 } });
    await mkdir(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(() => r?.close());

  it('draws each page read, captioned, with a button that opens the PDF itself', async () => {
    expect(invoice.pages).toBe(2);
    expect(result.document?.pages.map((p) => p.from)).toEqual(['text', 'text']);
    const option = page.getByRole('listbox').getByRole('option').first();
    await poll(() => option.textContent()).toContain(invoice.truth.invoice_number);
    await option.click();
    const detail = page.locator('.detail-pane');
    await poll(() => detail.locator('figure figcaption').allTextContents()).toEqual([
      'Page 1 of 2',
      'Page 2 of 2',
    ]);
    expect(
      await detail.getByRole('img', { name: `Page 2 of the document of result ${result.id}` }).count(),
    ).toBe(1);
    // Every picture arrived and was decoded: the list's thumbnail and both pages.
    await poll(() =>
      page.evaluate(() =>
        Array.from((globalThis as unknown as Images).document.querySelectorAll('img')).every(
          (img) => img.complete && img.naturalWidth > 0,
        ),
      ),
    ).toBe(true);
    expect(await detail.getByRole('button', { name: 'Open PDF' }).count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'history-pdf-light.png') });
  });

  it("draws each value's box on its own page; a value focused far down scrolls the pages to its box", async () => {
    const detail = page.locator('.detail-pane');
    const meta = result.fieldMeta.total!;
    expect(meta.page).toBe(2);
    const pageTwo = detail.locator('figure').nth(1);
    const box = pageTwo.locator('.ev-box[data-key="total"]');
    expect(await box.count()).toBe(1);
    expect(await detail.locator('figure').first().locator('.ev-box[data-key="total"]').count()).toBe(0);

    // A shorter window: the total, at the foot of page 2, is out of sight.
    await page.setViewportSize({ width: 1280, height: 600 });
    const shots = detail.locator('.shot-view');
    const inSight = async () => {
      const pane = (await shots.boundingBox())!;
      const drawn = (await box.boundingBox())!;
      // Within a pixel: the pane scrolls by whole pixels, the box is placed in fractions of one.
      return drawn.y >= pane.y - 1 && drawn.y + drawn.height <= pane.y + pane.height + 1;
    };
    await poll(inSight).toBe(false);

    await detail.getByRole('button', { name: /^Edit Total \(/i }).focus();
    await poll(() => box.getAttribute('class')).toContain('ev-active');
    // The pages' own pane scrolled to it, the values' column stayed where it was.
    await poll(inSight).toBe(true);
    expect(await shots.evaluate((el) => (el as unknown as { scrollTop: number }).scrollTop)).toBeGreaterThan(
      0,
    );
    // Where the evidence says, on that page's picture.
    const image = (await pageTwo.locator('img').boundingBox())!;
    const drawn = (await box.boundingBox())!;
    const size = result.document!.pages[1]!;
    expect(Math.abs((drawn.x - image.x) / image.width - meta.evidence!.x / size.width)).toBeLessThan(0.004);
    expect(Math.abs((drawn.y - image.y) / image.height - meta.evidence!.y / size.height)).toBeLessThan(0.004);
  });

  it('zooms both pages alike, each still drawn and captioned, in a small window too', async () => {
    const detail = page.locator('.detail-pane');
    const pages = detail.locator('.shot-view img');
    /** Each page's drawn width over its natural width. */
    const scales = async () => {
      const out: number[] = [];
      for (const [i, size] of result.document!.pages.entries())
        out.push((await pages.nth(i).boundingBox())!.width / size.width);
      return out;
    };
    await page.setViewportSize({ width: 1280, height: 800 });
    await detail.locator('.shot-view').focus();
    await page.keyboard.press('0');
    const [fit] = await scales();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await poll(async () => (await scales())[0]).toBeGreaterThan(fit! * 1.3);
    const [one, two] = await scales();
    expect(Math.abs(one! - two!)).toBeLessThan(0.001);
    expect(await detail.locator('figure figcaption').allTextContents()).toEqual([
      'Page 1 of 2',
      'Page 2 of 2',
    ]);
    // The second page, drawn by the app from the stored PDF, is there at the new zoom too.
    await pages.nth(1).scrollIntoViewIfNeeded();
    await poll(() =>
      pages.nth(1).evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(0);

    // A window beside the documents: the picture above the table, nothing over anything.
    await page.setViewportSize({ width: 900, height: 600 });
    await page.keyboard.press('0');
    expect(await layoutProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'history-pdf-900-light.png') });
  });
});
