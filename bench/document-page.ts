import path from 'node:path';
import sharp from 'sharp';
import { paintRoot } from '../tests/helpers/xvfb.ts';

/** An invoice-like page: many lines of small text, rules and a table, so PNG sizes are realistic. */
function documentSvg(width: number, height: number): string {
  const scale = width / 1920;
  const lines: string[] = [];
  for (let i = 0; i < 60; i++) {
    const y = Math.round((80 + i * 16) * scale);
    lines.push(
      `<text x="${Math.round(120 * scale)}" y="${y}" font-size="${Math.round(13 * scale)}" font-family="sans-serif">Item ${i + 1} · Widget type ${String.fromCharCode(65 + (i % 26))}-${1000 + i * 37}  qty ${(i % 7) + 1}  unit 12.${i % 10}0 EUR  total ${(i * 13.7).toFixed(2)} EUR</text>`,
      `<line x1="${Math.round(110 * scale)}" x2="${Math.round(1300 * scale)}" y1="${y + 4}" y2="${y + 4}" stroke="#ddd"/>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <rect width="100%" height="100%" fill="#f3f4f6"/><rect x="${100 * scale}" y="${40 * scale}" width="${1240 * scale}" height="${1000 * scale}" fill="#fff"/>
  <rect x="${1400 * scale}" y="0" width="${520 * scale}" height="${height}" fill="#1f2937"/>
  <text x="${1430 * scale}" y="${80 * scale}" font-size="${Math.round(22 * scale)}" fill="#fff" font-family="sans-serif">INVOICE 2026-11-0042</text>
  ${lines.join('\n')}</svg>`;
}

/** Paints the page over an X server's whole root window. */
export async function paintDocument(
  display: string,
  width: number,
  height: number,
  dir: string,
): Promise<void> {
  const file = path.join(dir, `page-${width}.png`);
  await sharp(Buffer.from(documentSvg(width, height)))
    .flatten({ background: '#fff' })
    .png()
    .toFile(file);
  paintRoot(display, file);
}
