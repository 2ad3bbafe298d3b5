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

/**
 * A one-page PDF written by hand, byte for byte (objects, cross-reference table, trailer): for
 * pages no printer makes, such as one claiming to be `size` points square, with `lines` of text
 * in Helvetica (a standard font, not embedded) from its top left.
 */
export function handMadePdf(size: number, lines: readonly string[]): Buffer {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const text = lines
    .map((l, i) => `BT /F1 12 Tf 40 ${size - 60 - i * 18} Td (${escape(l)}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${size} ${size}] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>`,
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/**
 * A scan as a scanner saves it: the JPEG itself embedded as the page's one image (DCTDecode, no
 * text layer), the page sized so the image is `dpi` dots per inch. `jpg` must be an RGB JPEG.
 */
export function jpegPdf(jpg: Buffer, width: number, height: number, dpi = 200): Buffer {
  const [pw, ph] = [(width * 72) / dpi, (height * 72) / dpi].map((n) => n.toFixed(2));
  const content = `q ${pw} 0 0 ${ph} 0 0 cm /Im0 Do Q`;
  const objects: Array<Array<string | Buffer>> = [
    ['<< /Type /Catalog /Pages 2 0 R >>'],
    ['<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
    [
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pw} ${ph}] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>`,
    ],
    [`<< /Length ${content.length} >>\nstream\n${content}\nendstream`],
    [
      `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpg.length} >>\nstream\n`,
      jpg,
      '\nendstream',
    ],
  ];
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n', 'latin1')];
  let length = chunks[0]!.length;
  const push = (part: string | Buffer) => {
    const chunk = typeof part === 'string' ? Buffer.from(part, 'latin1') : part;
    chunks.push(chunk);
    length += chunk.length;
  };
  const offsets: number[] = [];
  objects.forEach((parts, i) => {
    offsets.push(length);
    push(`${i + 1} 0 obj\n`);
    parts.forEach(push);
    push('\nendobj\n');
  });
  const xref = length;
  push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  push(offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join(''));
  push(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(chunks);
}
