import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import { silentLogger } from '../../src/core/log.ts';
import { confidenceLevel } from '../../src/shared/confidence.ts';
import { parseFieldSpec } from '../../src/shared/field.ts';
import type { Box } from '../../src/shared/result.ts';
import { runCli, tempHome } from '../helpers/cli.ts';
import { FakeApi, openaiResponse } from '../helpers/fake-apis.ts';

const KEY = 'sk-test-GROUND-0123456789';
const SIZE = { width: 1200, height: 700 };
const FONT = 'font-family="DejaVu Sans" font-size="30" fill="#111"';

/** What the invoice prints, and where: the text of each line, and the part that is the value. */
const PRINTED = [
  { x: 60, y: 90, text: 'Northwind Traders Ltd', value: 'Northwind Traders Ltd' },
  { x: 60, y: 180, text: 'Invoice no. NW-55817', value: 'NW-55817' },
  { x: 60, y: 250, text: 'Date: 14/03/2026', value: '14/03/2026' },
  { x: 60, y: 320, text: 'Due: 13/04/2026', value: '13/04/2026' },
  { x: 700, y: 560, text: 'Total EUR 1.234,50', value: '1.234,50' },
];

const svg = (texts: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE.width}" height="${SIZE.height}"><rect width="100%" height="100%" fill="#fff"/>${texts}</svg>`;

/** The ink box of a value as drawn: its line drawn with everything before it invisible, trimmed. */
async function inkBox(line: (typeof PRINTED)[number]): Promise<Box> {
  const at = line.text.indexOf(line.value);
  const text = `<text x="${line.x}" y="${line.y}" ${FONT} xml:space="preserve"><tspan fill-opacity="0">${line.text.slice(0, at)}</tspan>${line.value}</text>`;
  const { info } = await sharp(Buffer.from(svg(text)))
    .trim()
    .toBuffer({ resolveWithObject: true });
  return { x: -info.trimOffsetLeft!, y: -info.trimOffsetTop!, w: info.width, h: info.height };
}

function iou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  return (w * h) / (a.w * a.h + b.w * b.h - w * h);
}

// Issue 21's "Done when": a value on the image gets a box over the drawn text and grounded: true; a
// value that is not on it gets grounded: false and is listed by `extracto history --review`.
describe('grounding a cloud answer in the page', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let api: FakeApi;
  let app: AppService;
  const file = () => path.join(home, 'invoice.png');

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    api = await FakeApi.start();
    const texts = PRINTED.map((l) => `<text x="${l.x}" y="${l.y}" ${FONT}>${l.text}</text>`).join('');
    await writeFile(
      file(),
      await sharp(Buffer.from(svg(texts)))
        .png()
        .toBuffer(),
    );
    app = await AppService.open({ home, logger: silentLogger, env: { OPENAI_API_KEY: KEY } });
  });
  afterAll(async () => {
    await app.close();
    await api.close();
    await cleanup();
  });

  const fields = parseFieldSpec('company, invoice number, date:date, due:date, total:currency');
  const profile = { id: 'inv', name: 'Invoices', fields };

  it('boxes each value the model read where it was drawn, and flags an invented one', async () => {
    api.always('POST /v1/responses', {
      json: openaiResponse({
        text: JSON.stringify({
          company: 'Northwind Traders Ltd',
          invoice_number: 'NW-55817',
          date: '2026-03-14',
          // Not on the page: the model made it up.
          due: '2026-04-30',
          total: { amount: 1234.5, currency: 'EUR' },
        }),
      }),
    });
    const result = await app.extract(
      { kind: 'file', path: file() },
      { profile, provider: 'openai', baseUrl: api.url('/v1'), detail: 'original' },
    );
    expect(result.status).toBe('ok');
    const drawn = await Promise.all(PRINTED.map(inkBox));
    const expected: Record<string, Box> = {
      company: drawn[0]!,
      invoice_number: drawn[1]!,
      date: drawn[2]!,
      total: drawn[4]!,
    };
    for (const [key, box] of Object.entries(expected)) {
      const meta = result.fieldMeta[key]!;
      expect(meta.grounded, key).toBe(true);
      expect(
        iou(meta.evidence!, box),
        `${key}: ${JSON.stringify(meta.evidence)} vs ${JSON.stringify(box)}`,
      ).toBeGreaterThanOrEqual(0.5);
    }
    // Printed clearly and read by the offline engine as the same: high.
    for (const key of ['invoice_number', 'date', 'total'])
      expect(confidenceLevel(result.fieldMeta[key]), key).toBe('high');
    expect(result.fieldMeta.date!.secondOpinion).toEqual({ value: '2026-03-14', agrees: true });
    // Not on the page; the offline engine read the due date that is.
    expect(result.fieldMeta.due).toEqual({
      grounded: false,
      confidence: 0.1,
      secondOpinion: { value: '2026-04-13', agrees: false },
    });
    // The value stays (flag, not drop): the person decides.
    expect(result.fields.due).toBe('2026-04-30');

    const review = await runCli(['history', '--review'], { home });
    expect(review.stdout).toContain(result.id);
    expect(review.stdout).toMatch(/ok!/);
    expect(review.stdout).toContain('! "due" (2026-04-30) is not on the page');

    const shown = await runCli(['show', result.id], { home });
    expect(JSON.parse(shown.stdout)).toEqual(result);
    expect(shown.stderr).toMatch(
      /date: 2026-03-14 — high confidence \((0\.9\d|1\.00)\), on the page; the offline engine read the same/,
    );
    expect(shown.stderr).toContain(
      'due: 2026-04-30 — low confidence (0.10), not on the page: needs review; the offline engine read 2026-04-13',
    );
  });

  it('leaves a value not on the page empty where the profile says so, keeping what the model read', async () => {
    const dropping = { ...profile, notOnPage: 'null' as const };
    const result = await app.extract(
      { kind: 'file', path: file() },
      { profile: dropping, provider: 'openai', baseUrl: api.url('/v1'), detail: 'original' },
    );
    expect(result.fields.due).toBeNull();
    expect(result.fieldMeta.due).toMatchObject({ grounded: false, dropped: '2026-04-30' });
    expect(result.fields.date).toBe('2026-03-14');

    const review = await runCli(['history', '--review'], { home });
    expect(review.stdout).toContain(`${result.id}`);
    expect(review.stdout).toContain('! "due" (2026-04-30) is not on the page');
    const shown = await runCli(['show', result.id], { home });
    expect(shown.stderr).toContain('due: — — low confidence (0.10), left empty: the model read 2026-04-30');
  });

  it('is skipped when Settings turn it off, to save the OCR time', async () => {
    const settings = app.getSettings();
    await app.saveSettings({ ...settings, provider: { ...settings.provider, groundAnswers: false } });
    const result = await app.extract(
      { kind: 'file', path: file() },
      { profile, provider: 'openai', baseUrl: api.url('/v1'), detail: 'original' },
    );
    expect(result.status).toBe('ok');
    expect(result.fieldMeta).toEqual({});
  });
});
