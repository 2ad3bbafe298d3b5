import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';

/**
 * PDFs that are not invoices from software (those are printInvoice in invoices.ts): a scan (a
 * page that is one picture, no text), a very long document, and a password-protected copy.
 */

/** A PDF whose one page is a picture only, as a scanner makes it: no text layer at all. */
export async function scannedPdf(
  png: Buffer,
  width: number,
  height: number,
  browser: Browser,
): Promise<Buffer> {
  return printHtml(
    browser,
    `<img src="data:image/png;base64,${png.toString('base64')}" style="display:block;width:${width}px;height:${height}px">`,
    width,
    height,
  );
}

/** A document of `pages` pages, an invoice's few lines on the first and "Page n" on each. */
export async function longPdf(pages: number, browser: Browser): Promise<Buffer> {
  const body = Array.from(
    { length: pages },
    (_, i) =>
      `<section style="break-after:page">${i === 0 ? '<p>Invoice number: LONG-500</p><p>Total: 12.50</p>' : ''}<p>Page ${i + 1} of ${pages}</p></section>`,
  ).join('');
  return printHtml(browser, body, 600, 800);
}

/** The same PDF that opens only with a password (AES-256, by qpdf). */
export async function encryptedPdf(pdf: Buffer): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'extracto-pdf-'));
  try {
    await writeFile(path.join(dir, 'in.pdf'), pdf);
    execFileSync('qpdf', ['--encrypt', 'secret', 'owner', '256', '--', 'in.pdf', 'out.pdf'], { cwd: dir });
    return await readFile(path.join(dir, 'out.pdf'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function printHtml(browser: Browser, body: string, width: number, height: number): Promise<Buffer> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.setContent(
      `<html><body style="margin:0;font-family:'DejaVu Sans';font-size:18px">${body}</body></html>`,
    );
    return await page.pdf({
      width: `${width}px`,
      height: `${height}px`,
      printBackground: true,
      pageRanges: '',
    });
  } finally {
    await context.close();
  }
}
