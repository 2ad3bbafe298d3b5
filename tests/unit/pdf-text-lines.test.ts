import { describe, expect, it } from 'vitest';
import { linesFromRuns, type TextRun } from '../../src/core/document/text-lines.ts';
import { hasUsableText } from '../../src/core/document/pdf.ts';

const run = (text: string, x: number, baseline: number, size = 20): TextRun => ({
  text,
  x,
  baseline,
  size,
  width: text.length * size * 0.5,
});

describe('a PDF text layer as OCR lines', () => {
  it('joins runs on one baseline into a line, and splits it where a column gap opens', () => {
    const lines = linesFromRuns([
      run('Total', 600, 101),
      run('Invoice number:', 40, 100),
      run('INV-7', 40 + 15 * 10 + 10, 100),
      run('1,234.00', 900, 100.5),
    ]);
    expect(lines.map((l) => l.text)).toEqual(['Invoice number: INV-7', 'Total', '1,234.00']);
    expect(lines[0]!.words.map((w) => w.text)).toEqual(['Invoice', 'number:', 'INV-7']);
    expect(lines.every((l) => l.confidence === 1)).toBe(true);
  });

  it('joins the pieces of a kerned word, and keeps the words of a run boxed by their share', () => {
    const [line] = linesFromRuns([run('Subto', 40, 50), run('tal', 40 + 5 * 10 + 0.5, 50)]);
    expect(line!.text).toBe('Subtotal');
    const [two] = linesFromRuns([run('ab cd', 0, 50)]);
    expect(two!.words.map((w) => [w.text, w.box.x, w.box.w])).toEqual([
      ['ab', 0, 20],
      ['cd', 30, 20],
    ]);
    // Boxes stand on the baseline: 0.8 of the size above it, the size tall.
    expect(two!.words[0]!.box.y).toBe(50 - 16);
  });

  it('puts lines a font size apart on lines of their own, top to bottom', () => {
    const lines = linesFromRuns([run('second', 40, 130), run('first', 40, 100)]);
    expect(lines.map((l) => l.text)).toEqual(['first', 'second']);
  });

  it('trusts a text layer only when it says something readable', () => {
    const say = (text: string) => linesFromRuns([run(text, 0, 20)]);
    expect(hasUsableText(say('Invoice INV-2026-001 total 12.00'))).toBe(true);
    // A scan with a page number only.
    expect(hasUsableText(say('1'))).toBe(false);
    // Fonts without a character map: replacement and private-use characters.
    expect(hasUsableText(say('\uFFFD\uFFFD\uE001\uE002 \uE003\uE004 ab12 cd34 ef56 gh78 ij'))).toBe(false);
  });

  it('reads a hostile page of 300,000 words on one line without stalling', () => {
    const runs = Array.from({ length: 300_000 }, (_, i) => run('x', i * 15, 100, 20));
    const started = performance.now();
    const lines = linesFromRuns(runs);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.words).toHaveLength(300_000);
  });
});
