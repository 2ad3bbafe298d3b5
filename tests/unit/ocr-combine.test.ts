import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { combinePages, respace } from '../../src/core/providers/local/combine.ts';
import { contentRegion, inkBounds } from '../../src/core/providers/local/page-region.ts';
import type { OcrLine, OcrPage, OcrWord } from '../../src/core/providers/local/ocr.ts';

/** Words laid out left to right from x, 10 px per character and one character between words. */
function words(text: string, x: number, y: number, confidence = 0.9): OcrWord[] {
  let cx = x;
  return text.split(' ').map((w) => {
    const word = { text: w, confidence, box: { x: cx, y, w: w.length * 10, h: 20 } };
    cx += (w.length + 1) * 10;
    return word;
  });
}

function line(text: string, x: number, y: number, confidence = 0.9): OcrLine {
  const ws = words(text, x, y, confidence);
  const last = ws[ws.length - 1]!;
  return { text, confidence, box: { x, y, w: last.box.x + last.box.w - x, h: 20 }, words: ws };
}

function page(engine: string, ...lines: OcrLine[]): OcrPage {
  return { width: 800, height: 600, lines, engine };
}

describe('respace', () => {
  it("puts tesseract's word breaks into Paddle's run-together line", () => {
    const paddle = line('NO.5,JALANPERMAS10/8', 20, 40);
    const out = respace(paddle, words('NO.5, JALAN PERMAS 10/8', 20, 40));
    expect(out.text).toBe('NO.5, JALAN PERMAS 10/8');
    expect(out.words.map((w) => w.text)).toEqual(['NO.5,', 'JALAN', 'PERMAS', '10/8']);
    // Word boxes stay inside the line, left to right.
    for (const [a, b] of out.words.slice(0, -1).map((w, i) => [w, out.words[i + 1]!] as const)) {
      expect(b.box.x).toBeGreaterThan(a.box.x + a.box.w - 1);
    }
    expect(out.words.at(-1)!.box.x + out.words.at(-1)!.box.w).toBeLessThanOrEqual(
      paddle.box.x + paddle.box.w + 1,
    );
  });

  it("keeps Paddle's characters where the two readings differ by a letter", () => {
    // Tesseract misread S as 5; the spacing is still its, the letters Paddle's.
    const out = respace(line('SYARIKATPERNIAGAANGIN', 20, 40), words('5YARIKAT PERNIAGAAN GIN', 20, 40));
    expect(out.text).toBe('SYARIKAT PERNIAGAAN GIN');
  });

  it('puts no space where tesseract lost a comma that Paddle read', () => {
    // The gap tesseract saw is the comma's own place: "3/2 Taman" is "3/2,Taman" in print.
    const out = respace(
      line('8,LorongCempaka3/2,TamanSari', 20, 40),
      words('8, Lorong Cempaka 3/2 Taman Sari', 20, 40),
    );
    expect(out.text).toBe('8, Lorong Cempaka 3/2,Taman Sari');
  });

  it("takes the commas Paddle dropped from tesseract's words, inside and at the end of a line", () => {
    const out = respace(
      line('LOT5JALANKENANGA2BANDARBARU', 20, 40),
      words('LOT 5, JALAN KENANGA 2, BANDAR BARU', 20, 40),
    );
    expect(out.text).toBe('LOT 5, JALAN KENANGA 2, BANDAR BARU');
    expect(respace(line('TAMANMEWAH', 20, 40), words('TAMAN MEWAH,', 20, 40)).text).toBe('TAMAN MEWAH,');
  });

  it("reads Paddle's stop as tesseract's comma where a word ends, not inside one", () => {
    const out = respace(line('JALANMAWAR7.TAMANSARI', 20, 40), words('JALAN MAWAR 7, TAMAN SARI', 20, 40));
    expect(out.text).toBe('JALAN MAWAR 7, TAMAN SARI');
    expect(respace(line('NO.8JALANMAWAR', 20, 40), words('NO,8 JALAN MAWAR', 20, 40)).text).toBe(
      'NO.8 JALAN MAWAR',
    );
  });

  it("keeps Paddle's letter with the accent tesseract saw, and a bracket's space after it", () => {
    // Paddle lost the accent, tesseract saw one on the wrong vowel.
    expect(respace(line('InésGarcíaLopez', 20, 40), words('Inés Garcia Lépez', 20, 40)).text).toBe(
      'Inés García López',
    );
    expect(respace(line('PAPELERIA(VLC)SL', 20, 40), words('PAPELERIA (VLC SL', 20, 40)).text).toBe(
      'PAPELERIA (VLC) SL',
    );
  });

  it('leaves the line alone when the readings disagree too much to align', () => {
    const paddle = line('TOTALINCLGST', 20, 40);
    expect(respace(paddle, words('THANK YOU PLEASE', 20, 40))).toBe(paddle);
    expect(respace(paddle, [])).toBe(paddle);
  });
});

describe('combinePages', () => {
  it('respaces each Paddle line from the tesseract words on its row, and adds lines only tesseract saw', () => {
    const paddle = page('paddle', line('GOLDENKEYMAKER', 20, 40), line('TOTAL 12.50', 20, 300));
    const tesseract = page(
      'tesseract',
      line('GOLDEN KEY MAKER', 20, 41),
      // Another row: must not leak into the first line.
      line('JALAN IPOH', 20, 80, 0.85),
      // Too unsure to add.
      line('~~ ;;', 20, 120, 0.3),
    );
    const out = combinePages(paddle, tesseract);
    expect(out.engine).toBe('paddle+tesseract');
    expect(out.lines.map((l) => l.text)).toEqual(['GOLDEN KEY MAKER', 'TOTAL 12.50', 'JALAN IPOH']);
    expect([out.width, out.height]).toEqual([800, 600]);
  });

  it('adds no tesseract line that Paddle read in pieces', () => {
    // A label and its value: one line for tesseract, two boxes for Paddle.
    const paddle = page('paddle', line('Full name:', 20, 50), line('Marta Ruiz', 130, 50));
    const out = combinePages(paddle, page('tesseract', line('Full name: Marta Ruiz', 20, 41)));
    expect(out.lines.map((l) => l.text)).toEqual(['Full name:', 'Marta Ruiz']);
  });
});

describe('page region', () => {
  /** A white page of w x h with dark blocks (x, y, w, h) on it. */
  function grey(w: number, h: number, blocks: Array<[number, number, number, number]>): Uint8Array {
    const out = new Uint8Array(w * h).fill(250);
    for (const [bx, by, bw, bh] of blocks) {
      for (let y = by; y < by + bh; y++) for (let x = bx; x < bx + bw; x++) out[y * w + x] = 20;
    }
    return out;
  }

  it('finds the printed part and ignores specks in the margins', () => {
    // "Text lines" in the middle, one section break (a gap smaller than a twelfth of the page),
    // and single-pixel specks near the corners.
    const lines: Array<[number, number, number, number]> = [40, 55, 70, 85, 100, 130, 145, 160, 190].map(
      (y) => [60, y, y === 55 ? 40 : 60, 10],
    );
    const page = grey(200, 300, [...lines, [3, 4, 1, 1], [190, 290, 1, 1], [5, 280, 1, 1]]);
    expect(inkBounds(page, 200, 300)).toEqual({ x: 60, y: 40, w: 60, h: 160 });
    expect(inkBounds(grey(50, 50, []), 50, 50)).toBeNull();
  });

  it('crops a small document on a large scan, and reads a full page whole', async () => {
    const png = (rects: string) =>
      sharp(
        Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="2800"><rect width="100%" height="100%" fill="#fff"/>${rects}</svg>`,
        ),
      )
        .png()
        .toBuffer();
    const receipt = [0, 1, 2, 3, 4, 5]
      .map((i) => `<rect x="700" y="${600 + i * 80}" width="500" height="30" fill="#111"/>`)
      .join('');
    const small = await contentRegion(await png(receipt));
    expect([small.width, small.height]).toEqual([2000, 2800]);
    const r = small.region!;
    // The lines with a small margin, nothing of the empty scanner bed.
    expect(r.x).toBeLessThanOrEqual(700);
    expect(r.x).toBeGreaterThan(550);
    expect(r.x + r.w).toBeGreaterThanOrEqual(1200);
    expect(r.x + r.w).toBeLessThan(1350);
    expect(r.y).toBeLessThanOrEqual(600);
    expect(r.y + r.h).toBeGreaterThanOrEqual(1030);
    const full = await contentRegion(
      await png('<rect x="100" y="100" width="1800" height="2600" fill="#111"/>'),
    );
    expect(full.region).toBeNull();
  });
});
