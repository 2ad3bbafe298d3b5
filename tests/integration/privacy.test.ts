import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import { silentLogger } from '../../src/core/log.ts';
import { runCli, tempHome } from '../helpers/cli.ts';
import { FakeApi, openaiResponse } from '../helpers/fake-apis.ts';
import { createOcrEngine } from '../../src/core/providers/local/engines.ts';
import type { OcrEngine } from '../../src/core/providers/local/ocr.ts';
import { screenFrame } from '../helpers/auto-frames.ts';
import { kindsAskedFor, redactImage, type Redaction } from '../../src/core/privacy/redact.ts';
import { compilePatterns, findSensitive, ibanValid, luhnValid } from '../../src/core/privacy/patterns.ts';

const LINES = [
  'INVOICE INV-0042',
  'Card: 4111 1111 1111 1111',
  'Order ref 1234 5678 9012 3456',
  'IBAN: DE89 3704 0044 0532 0130 00',
  'Contact: ana.lopez@example.com',
  'Phone: +34 612 345 678',
  'Customer id X-77821-Q',
  'Total: 123.45 EUR',
];

/** A generated document: one line of known text per row, black on white. */
async function documentPng(lines: string[]): Promise<Buffer> {
  const rows = lines
    .map(
      (l, i) =>
        `<text x="40" y="${70 + i * 56}" font-family="DejaVu Sans" font-size="26" fill="#111">${l}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="${70 + lines.length * 56}"><rect width="100%" height="100%" fill="#fff"/>${rows}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function rgb(png: Buffer) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function inside(x: number, y: number, r: Redaction, pad = 3): boolean {
  const { box } = r;
  return (
    x >= box.x - pad - 1 && x < box.x + box.w + pad + 1 && y >= box.y - pad - 1 && y < box.y + box.h + pad + 1
  );
}

const digits = (s: string) => s.replace(/\D/g, '');

describe('sensitive patterns', () => {
  it('checks card numbers with Luhn and IBANs with mod 97', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('1234567890123456')).toBe(false);
    expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(ibanValid('DE88 3704 0044 0532 0130 00')).toBe(false);
    const kinds = ['card', 'iban', 'email', 'phone'] as const;
    expect(findSensitive('Order ref 1234 5678 9012 3456', kinds)).toEqual([]);
    expect(findSensitive('Total 1,234.56 EUR on 2026-11-25', kinds)).toEqual([]);
    expect(findSensitive('Tel (555) 123-4567', kinds).map((m) => m.kind)).toEqual(['phone']);
    expect(findSensitive('id X-77821-Q', [], compilePatterns(['X-\\d{5}-[A-Z]']))[0]?.text).toBe('X-77821-Q');
    expect(() => compilePatterns(['('])).toThrow(/is not a valid regular expression/);
  });

  it('keeps the kinds a profile asks for', () => {
    const asked = kindsAskedFor({
      id: 'p',
      name: 'p',
      fields: [
        { key: 'email', label: 'email', type: 'email' },
        { key: 'iban', label: 'IBAN', type: 'text' },
      ],
    });
    expect([...asked].sort()).toEqual(['email', 'iban']);
  });
});

// Real OCR (the offline engine's PP-OCR) on generated images, read before and after.
describe('redaction with the local OCR', () => {
  let ocr: OcrEngine;
  let png: Buffer;

  beforeAll(async () => {
    ocr = createOcrEngine('paddle');
    png = await documentPng(LINES);
  });
  afterAll(async () => {
    await ocr.close();
  });

  it('blacks out card, IBAN, e-mail, phone and a user pattern; the rest of the pixels are untouched', async () => {
    const started = performance.now();
    const out = await redactImage(png, ocr, {
      kinds: ['card', 'iban', 'email', 'phone'],
      patterns: compilePatterns(['X-\\d{5}-[A-Z]']),
    });
    console.log(
      `redaction (OCR + black out) of a ${LINES.length}-line page: ${Math.round(performance.now() - started)} ms`,
    );
    expect(out.redactions.map((r) => r.kind).sort()).toEqual(['card', 'custom', 'email', 'iban', 'phone']);

    const before = await rgb(png);
    const after = await rgb(out.png);
    expect([after.width, after.height]).toEqual([before.width, before.height]);
    let changedInside = 0;
    let changedOutside = 0;
    for (let y = 0; y < before.height; y++) {
      for (let x = 0; x < before.width; x++) {
        const i = (y * before.width + x) * 3;
        const same =
          before.data[i] === after.data[i] &&
          before.data[i + 1] === after.data[i + 1] &&
          before.data[i + 2] === after.data[i + 2];
        const covered = out.redactions.some((r) => inside(x, y, r));
        if (covered && !same) changedInside++;
        if (!covered && !same) changedOutside++;
      }
    }
    expect(changedInside).toBeGreaterThan(1000);
    expect(changedOutside).toBe(0);
    // Each box is solid black.
    for (const r of out.redactions) {
      const x0 = Math.ceil(r.box.x);
      const y0 = Math.ceil(r.box.y);
      const x1 = Math.floor(r.box.x + r.box.w);
      const y1 = Math.floor(r.box.y + r.box.h);
      let notBlack = 0;
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) {
          const i = (y * after.width + x) * 3;
          if (after.data[i]! + after.data[i + 1]! + after.data[i + 2]! !== 0) notBlack++;
        }
      expect(notBlack, r.kind).toBe(0);
    }

    const text = (await ocr.recognize(out.png)).lines.map((l) => l.text).join('\n');
    expect(digits(text)).not.toContain('4111111111111111');
    expect(digits(text)).not.toContain('370400440532013000');
    expect(text).not.toMatch(/example\.com/);
    expect(digits(text)).not.toContain('612345678');
    expect(text).not.toContain('77821');
    // What is not sensitive is still there to extract.
    expect(text).toMatch(/INV-0042/);
    expect(text).toMatch(/123\.45/);
    expect(digits(text)).toContain('1234567890123456');
  });

  it('leaves a kind alone when it is not asked to black it out', async () => {
    const out = await redactImage(png, ocr, { kinds: ['card'] });
    expect(out.redactions.map((r) => r.kind)).toEqual(['card']);
    const text = (await ocr.recognize(out.png)).lines.map((l) => l.text).join('\n');
    expect(text).toMatch(/ana\.lopez@example\.com/);
  });
});

/** The image in an OpenAI Responses request, decoded. */
function sentPng(body: unknown): Buffer {
  const m = /data:image\/(?:png|jpeg);base64,([A-Za-z0-9+/=]+)/.exec(JSON.stringify(body));
  if (!m) throw new Error('no image in the request');
  return Buffer.from(m[1]!, 'base64');
}

describe('privacy guards in the app', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  let api: FakeApi;
  let app: AppService;
  let ocr: OcrEngine;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    api = await FakeApi.start();
    app = await AppService.open({
      home,
      logger: silentLogger,
      env: { OPENAI_API_KEY: 'sk-test-PRIV-0123456789' },
    });
    await writeFile(path.join(home, 'doc.png'), await documentPng(LINES));
    ocr = createOcrEngine('paddle');
  });
  afterAll(async () => {
    await app.close();
    await ocr.close();
    await api.close();
    await cleanup();
  });

  it('sends and stores the redacted image, keeping the kinds the profile asks for', async () => {
    const settings = app.getSettings();
    await app.saveSettings({
      ...settings,
      privacy: {
        ...settings.privacy,
        redact: { ...settings.privacy.redact, enabled: true, patterns: ['X-\\d{5}-[A-Z]'] },
      },
    });
    api.always('POST /v1/responses', {
      json: openaiResponse({ text: JSON.stringify({ total: 123.45, email: 'ana.lopez@example.com' }) }),
    });
    const profile = {
      id: 'contact',
      name: 'Contact',
      fields: [
        { key: 'total', label: 'total', type: 'number' as const },
        { key: 'email', label: 'email', type: 'email' as const },
      ],
    };
    const result = await app.extract(
      { kind: 'file', path: path.join(home, 'doc.png') },
      {
        profile,
        provider: 'openai',
        baseUrl: api.url('/v1'),
        detail: 'original',
      },
    );
    expect(result.status).toBe('ok');
    const sent = sentPng(api.calls('POST /v1/responses')[0]!.body);
    const text = (await ocr.recognize(sent)).lines.map((l) => l.text).join('\n');
    expect(digits(text)).not.toContain('4111111111111111');
    expect(digits(text)).not.toContain('370400440532013000');
    expect(digits(text)).not.toContain('612345678');
    expect(text).not.toContain('77821');
    // The profile asks for an e-mail: that one is kept.
    expect(text).toMatch(/ana\.lopez@example\.com/);
    // The stored image is the redacted one, not the original file.
    const stored = readFileSync(result.image.path);
    expect(stored.equals(readFileSync(path.join(home, 'doc.png')))).toBe(false);
    expect((await rgb(stored)).data.equals((await rgb(sent)).data)).toBe(true);
    const original = readFileSync(path.join(home, 'doc.png'));
    expect(result.image.capturedSha256).toBe(createHash('sha256').update(original).digest('hex'));

    // Automatic capture of the same screen later: known by the capture's hash, not extracted again.
    const calls = api.calls('POST /v1/responses').length;
    const stop = new AbortController();
    let looks = 0;
    const summary = await app.watch({
      profile,
      provider: 'openai',
      baseUrl: api.url('/v1'),
      mode: 'interval',
      intervalMs: 20,
      signal: stop.signal,
      capture: async () => {
        if (++looks >= 3) stop.abort();
        return screenFrame(original, { width: 960, height: 518 });
      },
    });
    expect(summary).toMatchObject({ extracted: 0 });
    expect(summary.duplicates).toBeGreaterThan(0);
    expect(api.calls('POST /v1/responses')).toHaveLength(calls);
  });

  it('local-only refuses every cloud provider with a sentence, and lets the local engine run', async () => {
    const settings = app.getSettings();
    await writeFile(
      path.join(home, 'settings.json'),
      JSON.stringify({ ...settings, privacy: { ...settings.privacy, localOnly: true } }),
    );
    const run = await runCli(
      ['extract', 'doc.png', '--fields', 'total:number', '--provider', 'anthropic', '--base-url', api.url()],
      { home, env: { ANTHROPIC_API_KEY: 'sk-ant-test-0123456789' } },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'Local-only mode is on (Settings > Privacy), so nothing may be sent to anthropic',
    );
    const local = await runCli(['extract', 'doc.png', '--fields', 'total:number', '--json'], { home });
    expect(local.code).toBe(0);
    expect(JSON.parse(local.stdout)).toMatchObject({ status: 'ok', provider: 'local' });
  });
});
