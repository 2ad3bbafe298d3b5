import { describe, expect, it } from 'vitest';
import { combinePages, respace } from '../../src/core/providers/local/combine.ts';
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
});
