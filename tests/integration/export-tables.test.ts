import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService } from '../../src/app/service.ts';
import { createHandlers } from '../../src/app/ipc-handlers.ts';
import { silentLogger } from '../../src/core/log.ts';
import { parseFieldSpec, type Profile } from '../../src/shared/field.ts';
import type { FieldValue, Result } from '../../src/shared/result.ts';
import { runCli, tempHome } from '../helpers/cli.ts';
import { storedResult } from '../helpers/stored-result.ts';

// Issue 19, part 7: line items in CSV and XLSX, read back with a CSV parser and exceljs.

const invoices: Profile = {
  id: 'invoices',
  name: 'Invoices',
  fields: parseFieldSpec(
    'invoice number, date:date, total:currency, items:table(description, quantity:number, unit price:currency, delivered:date)',
  ),
};
const notes: Profile = { id: 'notes', name: 'Notes', fields: parseFieldSpec('title') };

const IMAGE = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]);

/** A result a model read from an invoice image. */
function result(profile: Profile, fields: Record<string, FieldValue>, at: Date): Result {
  return storedResult(at, profile, fields, {
    source: { kind: 'file', path: '/documents/invoice.png' },
    provider: 'openai',
    model: 'gpt-5.5',
    detail: 'high',
    image: { path: '', width: 10, height: 10, sha256: 'ab'.repeat(32) },
    durationMs: 1,
  });
}

const OLDER = result(
  invoices,
  {
    invoice_number: 'INV-1',
    date: '2026-11-20',
    total: { amount: 40, currency: 'EUR' },
    items: [
      {
        description: 'Bolts, M8',
        quantity: 10,
        unit_price: { amount: 2.5, currency: 'EUR' },
        delivered: '2026-11-24',
      },
      {
        description: 'Nuts "M8"',
        quantity: 12,
        unit_price: { amount: 1.25, currency: 'EUR' },
        delivered: null,
      },
    ],
  },
  new Date('2026-11-30T10:00:00Z'),
);
const NEWER = result(
  invoices,
  {
    invoice_number: 'INV-2',
    date: '2026-11-28',
    total: { amount: 9, currency: 'USD' },
    items: [
      {
        description: 'Washers',
        quantity: 3,
        unit_price: { amount: 3, currency: 'USD' },
        delivered: '2026-11-29',
      },
    ],
  },
  new Date('2026-12-01T10:00:00Z'),
);
const NOTE = result(notes, { title: 'Meeting' }, new Date('2026-12-01T11:00:00Z'));
const NO_ROWS = result(
  invoices,
  { invoice_number: 'INV-3', date: null, total: null, items: null },
  new Date('2026-12-01T12:00:00Z'),
);

/** The CSV as rows of strings, through exceljs's CSV reader (fast-csv), values left as text. */
async function readCsv(file: string): Promise<string[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = await book.csv.read(createReadStream(file), { map: (value: unknown) => value });
  const rows = sheet.getSheetValues().slice(1) as unknown[][];
  return rows.map((r) => r.slice(1).map((v) => (v === undefined || v === null ? '' : String(v))));
}

async function readXlsx(file: string): Promise<Map<string, unknown[][]>> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheets = new Map<string, unknown[][]>();
  // Row arrays are 1-based in exceljs: drop the empty slot 0.
  book.eachSheet((sheet) =>
    sheets.set(
      sheet.name,
      (sheet.getSheetValues().slice(1) as unknown[][]).map((r) => r.slice(1)),
    ),
  );
  return sheets;
}

describe('exporting tables', () => {
  let home: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ home, cleanup } = await tempHome());
    const app = await AppService.open({ home, logger: silentLogger, env: {} });
    await app.saveSettings({
      ...app.getSettings(),
      profiles: [invoices, notes],
      activeProfileId: 'invoices',
    });
    for (const r of [OLDER, NEWER, NOTE, NO_ROWS]) await app.store.save(r, { data: IMAGE, ext: 'png' });
    await app.close();
  });
  afterAll(() => cleanup());

  it('CSV: a table column holds its number of rows, never "[object Object]"', async () => {
    const run = await runCli(['export', '--format', 'csv', '--profile', 'Invoices', '--out', 'all.csv'], {
      home,
    });
    expect(run.stderr).toMatch(/Exported 3 results/);
    const [header, ...rows] = await readCsv(path.join(home, 'all.csv'));
    expect(header).toEqual([
      'id',
      'createdAt',
      'profile',
      'status',
      'invoice_number',
      'date',
      'total',
      'total_currency',
      'items_rows',
      'image',
    ]);
    expect(rows.map((r) => [r[0], r[8]])).toEqual([
      [NO_ROWS.id, ''],
      [NEWER.id, '1'],
      [OLDER.id, '2'],
    ]);
    expect(await readFile(path.join(home, 'all.csv'), 'utf8')).not.toContain('[object');
  });

  it('CSV --rows items: one row per line item, the document fields repeated', async () => {
    const run = await runCli(['export', '--format', 'csv', '--rows', 'items', '--out', 'lines.csv'], {
      home,
    });
    expect(run.code).toBe(0);
    const [header, ...rows] = await readCsv(path.join(home, 'lines.csv'));
    expect(header).toEqual([
      'id',
      'createdAt',
      // Every scalar field of the results exported (the notes' title too), as first seen.
      'invoice_number',
      'date',
      'total',
      'total_currency',
      'title',
      'description',
      'quantity',
      'unit_price',
      'unit_price_currency',
      'delivered',
    ]);
    expect(rows).toEqual([
      [
        NEWER.id,
        NEWER.createdAt,
        'INV-2',
        '2026-11-28',
        '9',
        'USD',
        '',
        'Washers',
        '3',
        '3',
        'USD',
        '2026-11-29',
      ],
      [
        OLDER.id,
        OLDER.createdAt,
        'INV-1',
        '2026-11-20',
        '40',
        'EUR',
        '',
        'Bolts, M8',
        '10',
        '2.5',
        'EUR',
        '2026-11-24',
      ],
      [
        OLDER.id,
        OLDER.createdAt,
        'INV-1',
        '2026-11-20',
        '40',
        'EUR',
        '',
        'Nuts "M8"',
        '12',
        '1.25',
        'EUR',
        '',
      ],
    ]);
  });

  it('CSV --rows with --with: only the fields chosen are repeated', async () => {
    const run = await runCli(
      [
        'export',
        '--rows',
        'items',
        '--with',
        'invoice_number, date',
        '--profile',
        'Invoices',
        '--out',
        'few.csv',
      ],
      { home },
    );
    expect(run.code).toBe(0);
    const [header, first] = await readCsv(path.join(home, 'few.csv'));
    expect(header!.slice(0, 5)).toEqual(['id', 'createdAt', 'invoice_number', 'date', 'description']);
    expect(first!.slice(2, 5)).toEqual(['INV-2', '2026-11-28', 'Washers']);
  });

  it('says a table, a field or a format that cannot be used', async () => {
    const wrong = await runCli(['export', '--rows', 'lines', '--out', 'x.csv'], { home });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('No profile or result has a table "lines"; tables: items.\n');
    const field = await runCli(['export', '--rows', 'items', '--with', 'invoice', '--out', 'x.csv'], {
      home,
    });
    expect(field.stderr).toMatch(/^No profile or result has a field "invoice" \(--with takes field keys/);
    const xlsx = await runCli(['export', '--format', 'xlsx', '--rows', 'items', '--out', 'x.xlsx'], { home });
    expect(xlsx.stderr).toMatch(/^--rows is for CSV/);
    const spanish = await runCli(['export', '--rows', 'lines', '--out', 'x.csv'], {
      home,
      env: { LANG: 'es_ES.UTF-8' },
    });
    expect(spanish.stderr).toBe('Ningún perfil ni resultado tiene una tabla «lines»; tablas: items.\n');
  });

  it('XLSX: the results sheet counts the rows, and a sheet "items" has one row per line, typed', async () => {
    const run = await runCli(['export', '--format', 'xlsx', '--profile', 'Invoices', '--out', 'all.xlsx'], {
      home,
    });
    expect(run.code).toBe(0);
    const sheets = await readXlsx(path.join(home, 'all.xlsx'));
    expect([...sheets.keys()]).toEqual(['Results', 'items']);
    const [header, ...results] = sheets.get('Results')!;
    expect(header).toContain('items_rows');
    expect(results.map((r) => r[header!.indexOf('items_rows')] ?? null)).toEqual([null, 1, 2]);
    const [lineHeader, ...lines] = sheets.get('items')!;
    expect(lineHeader).toEqual([
      'id',
      'createdAt',
      'invoice_number',
      'date',
      'total',
      'total_currency',
      'description',
      'quantity',
      'unit_price',
      'unit_price_currency',
      'delivered',
    ]);
    expect(lines).toHaveLength(3);
    const [washers, bolts, nuts] = lines;
    expect(washers!.slice(0, 2)).toEqual([NEWER.id, new Date(NEWER.createdAt)]);
    // Numbers as numbers, dates as real dates, currency as amount and code.
    expect(washers!.slice(2)).toEqual([
      'INV-2',
      new Date('2026-11-28T00:00:00Z'),
      9,
      'USD',
      'Washers',
      3,
      3,
      'USD',
      new Date('2026-11-29T00:00:00Z'),
    ]);
    expect(bolts!.slice(6, 8)).toEqual(['Bolts, M8', 10]);
    // A cell with no value stays empty (exceljs reads it as a hole).
    expect(nuts!.slice(6, 10)).toEqual(['Nuts "M8"', 12, 1.25, 'EUR']);
    expect(nuts![10]).toBeUndefined();
  });

  it('JSON keeps the rows nested in each result', async () => {
    await runCli(['export', '--format', 'json', '--profile', 'Invoices', '--out', 'all.json'], { home });
    const exported = JSON.parse(await readFile(path.join(home, 'all.json'), 'utf8')) as Result[];
    expect(exported.find((r) => r.id === OLDER.id)!.fields.items).toEqual(OLDER.fields.items);
  });

  it("the app's export: one row per line item for CSV, from the profile's table", async () => {
    const app = await AppService.open({ home, logger: silentLogger, env: {} });
    try {
      const handlers = createHandlers(app);
      const started = await handlers['results:export']({ format: 'csv', lineItems: true });
      if ('cancelled' in started) throw new Error('no save dialog here to cancel');
      const { job } = started;
      let status = await handlers['results:exportStatus']({ job });
      for (let i = 0; i < 100 && status.path === undefined && status.error === undefined; i++) {
        await new Promise((r) => setTimeout(r, 20));
        status = await handlers['results:exportStatus']({ job });
      }
      const [header, ...rows] = await readCsv(status.path!);
      expect(header!.slice(-5)).toEqual([
        'description',
        'quantity',
        'unit_price',
        'unit_price_currency',
        'delivered',
      ]);
      expect(rows).toHaveLength(3);
      await expect(
        handlers['results:export']({ format: 'csv', lineItems: true, filter: { profileId: 'notes' } }),
      ).rejects.toThrow('The profile Notes has no table, so there are no line items to export.');
    } finally {
      await app.close();
    }
  });
});
