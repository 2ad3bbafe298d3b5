import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine } from '../../src/core/providers/local/engines.ts';
import type { OcrEngine, OcrEngineKind, OcrLine, OcrPage } from '../../src/core/providers/local/ocr.ts';
import { PaddleEngine } from '../../src/core/providers/local/paddle.ts';

const SROIE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/sroie');

// A synthetic page with known text at known places: the boxes must come back where it was drawn.
const WIDTH = 900;
const HEIGHT = 360;
const FONT_SIZE = 36;
const LINES = [
  { text: 'Invoice INV-0042', x: 40, baseline: 80 },
  { text: 'Total 1,234.56', x: 40, baseline: 180 },
  { text: 'Date 2026-11-24', x: 420, baseline: 280 },
];

function svg(): string {
  const texts = LINES.map(
    (l) =>
      `<text x="${l.x}" y="${l.baseline}" font-family="DejaVu Sans" font-size="${FONT_SIZE}">${l.text}</text>`,
  ).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><rect width="100%" height="100%" fill="#fff"/>${texts}</svg>`;
}

const squash = (s: string) => s.toUpperCase().replace(/\s+/g, '');
const fullText = (page: OcrPage) =>
  page.lines
    .map((l) => l.text)
    .join('\n')
    .toUpperCase();
const findLine = (page: OcrPage, text: string): OcrLine | undefined =>
  page.lines.find((l) => squash(l.text).includes(squash(text)));

describe.each<OcrEngineKind>(['tesseract', 'paddle', 'combined'])('%s OCR engine', (kind) => {
  let engine: OcrEngine;
  let page: OcrPage;

  beforeAll(async () => {
    engine = createOcrEngine(kind);
    const png = await sharp(Buffer.from(svg())).png().toBuffer();
    page = await engine.recognize(png);
  });
  afterAll(() => engine.close());

  it('reads generated lines with their words, where they were drawn', () => {
    expect(page.width).toBe(WIDTH);
    expect(page.height).toBe(HEIGHT);
    for (const drawn of LINES) {
      const line = findLine(page, drawn.text);
      expect(line, `${drawn.text} in ${JSON.stringify(page.lines.map((l) => l.text))}`).toBeDefined();
      if (!line) continue;
      // Spaces restored: the words are the drawn words.
      expect(line.words.map((w) => w.text)).toEqual(drawn.text.split(' '));
      expect(line.confidence).toBeGreaterThan(0.5);
      expect(line.confidence).toBeLessThanOrEqual(1);
      // The line's box covers the drawn text: starts near x, straddles the baseline's cap height.
      expect(Math.abs(line.box.x - drawn.x)).toBeLessThan(20);
      expect(line.box.y).toBeLessThan(drawn.baseline - FONT_SIZE * 0.6);
      expect(line.box.y).toBeGreaterThan(drawn.baseline - FONT_SIZE * 1.5);
      expect(line.box.y + line.box.h).toBeGreaterThan(drawn.baseline - 2);
      expect(line.box.y + line.box.h).toBeLessThan(drawn.baseline + FONT_SIZE * 0.6);
      // Each word has its own box, left to right, inside the line's box.
      let previous: OcrLine['box'] | undefined;
      for (const { box: w } of line.words) {
        expect(w.w).toBeGreaterThan(FONT_SIZE / 2);
        expect(w.x).toBeGreaterThanOrEqual(line.box.x - 2);
        expect(w.x + w.w).toBeLessThanOrEqual(line.box.x + line.box.w + 2);
        if (previous) expect(w.x).toBeGreaterThan(previous.x + previous.w);
        previous = w;
      }
    }
  });

  it('reads the true total and date of a real receipt', async () => {
    const id = 'X00016469670';
    const truth = JSON.parse(await readFile(path.join(SROIE, 'key', `${id}.json`), 'utf8')) as {
      date: string;
      total: string;
    };
    const receipt = await engine.recognize(await readFile(path.join(SROIE, 'img', `${id}.jpg`)));
    const text = fullText(receipt);
    expect(text).toContain(truth.total);
    expect(squash(text)).toContain(squash(truth.date));
    // Boxes are in the receipt's own pixels.
    const { width = 0, height = 0 } = await sharp(path.join(SROIE, 'img', `${id}.jpg`)).metadata();
    expect([receipt.width, receipt.height]).toEqual([width, height]);
    for (const line of receipt.lines) {
      expect(line.box.x + line.box.w).toBeLessThanOrEqual(width + 1);
      expect(line.box.y + line.box.h).toBeLessThanOrEqual(height + 1);
    }
  });
});

describe('large scans', () => {
  // A 600-dpi scan (4961 x 7016 px, 35 MP) is shrunk before OCR; boxes come back at full scale.
  it('paddle reads a 600-dpi receipt and reports boxes in its pixels', async () => {
    const engine = createOcrEngine('paddle');
    try {
      const id = 'X51007846392';
      const file = path.join(SROIE, 'img', `${id}.jpg`);
      const { width = 0, height = 0 } = await sharp(file).metadata();
      const truth = JSON.parse(await readFile(path.join(SROIE, 'key', `${id}.json`), 'utf8')) as {
        total: string;
      };
      const page = await engine.recognize(await readFile(file));
      expect([page.width, page.height]).toEqual([width, height]);
      expect(fullText(page)).toContain(truth.total.replace(/[^\d.]/g, ''));
      const right = Math.max(...page.lines.map((l) => l.box.x + l.box.w));
      expect(right).toBeGreaterThan(width / 2);
      expect(right).toBeLessThanOrEqual(width + 1);
    } finally {
      await engine.close();
    }
  });
});

describe('an engine whose models are missing', () => {
  // An install that lost its model files (or a package that left them inside app.asar) must say
  // so, not blame the document.
  it('says it could not load its models, and tries again next time', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'extracto-no-models-'));
    const engine = new PaddleEngine({ modelDir: dir });
    try {
      const png = await sharp(Buffer.from(svg())).png().toBuffer();
      await expect(engine.recognize(png)).rejects.toThrow(/could not load its reading models/);
      await expect(engine.recognize(png)).rejects.toThrow(/could not load its reading models/);
    } finally {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
