import { mkdtemp, mkdir, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newResultId } from '../../src/shared/ids.ts';
import { fieldsToReview, type FieldValue, type Result } from '../../src/shared/result.ts';
import { storedResult } from '../helpers/stored-result.ts';
import { AppService } from '../../src/app/service.ts';
import type { Logger } from '../../src/core/log.ts';
import { IndexDb } from '../../src/core/store/index-db.ts';
import type { ResultSort } from '../../src/shared/result-list.ts';
import { ResultStore, type ListOptions } from '../../src/core/store/store.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'); // the bytes only need to round-trip

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, error() {}, warn: (message: string) => void warnings.push(message) };
}

let seq = 0;
function makeResult(
  at: string,
  overrides: Partial<Result> = {},
  fields: Record<string, FieldValue> = {},
): Result {
  seq++;
  return storedResult(
    at,
    { id: 'invoices', name: 'Supplier invoices' },
    {
      invoice_number: `INV-${seq}`,
      supplier: 'Acme Corp',
      total: { amount: 12.5, currency: 'EUR' },
      ...fields,
    },
    {
      // A random part that repeats with the sequence: the same ids on every run.
      id: newResultId(new Date(at), () => ((seq * 7) % 36) / 36),
      source: { kind: 'file', path: `/docs/invoice-${seq}.png` },
      ...overrides,
    },
  );
}

/** A minimal RFC 4180 reader, enough to check what csv-stringify wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') {
      row.push(cell);
      cell = '';
      if (c === '\n') {
        rows.push(row);
        row = [];
      }
    } else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

let home: string;
let store: ResultStore;
let logger: ReturnType<typeof recordingLogger>;

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'extracto-store-'));
  logger = recordingLogger();
  store = await ResultStore.open(home, { logger });
});

afterEach(async () => {
  store.close();
  await rm(home, { recursive: true, force: true });
});

async function seed(): Promise<Result[]> {
  const saved: Result[] = [];
  saved.push(
    await store.save(makeResult('2026-01-15T10:00:00.000Z', {}, { supplier: 'Müller GmbH' }), {
      data: PNG,
      ext: 'png',
    }),
  );
  saved.push(
    await store.save(makeResult('2026-02-03T09:30:00.000Z', { status: 'failed', error: 'timed out' }), {
      data: PNG,
      ext: 'jpg',
    }),
  );
  saved.push(
    await store.save(
      makeResult(
        '2026-02-20T18:45:10.250Z',
        { profile: { id: 'receipts', name: 'Receipts' } },
        { supplier: 'Globex', items: ['coffee', 'bagel'] },
      ),
    ),
  );
  saved.push(await store.save(makeResult('2026-03-01T00:00:00.000Z', { status: 'pending' })));
  saved.push(
    await store.save(makeResult('2026-03-31T23:59:59.999Z', {}, { supplier: 'Initech "quoted", co' })),
  );
  return saved;
}

describe('ResultStore', () => {
  it('saves a result as a pretty JSON file under results/YYYY/MM with its image, and reads it back', async () => {
    const result = makeResult('2026-11-24T22:03:23.123Z');
    const saved = await store.save(result, { data: PNG, ext: 'png' });
    const file = path.join(home, 'results', '2026', '11', `${result.id}.json`);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('\n  "id": ');
    expect(saved.image.path).toBe(path.join(home, 'images', `${result.id}.png`));
    expect(await readFile(saved.image.path)).toEqual(PNG);
    expect(await store.get(result.id)).toEqual(saved);
    expect(await store.get('20990101T000000-000Z-zzzz')).toBeNull();
    expect(await store.get('../../etc/passwd')).toBeNull();
    // Nothing but the result and its image: no temp files left behind.
    expect(await readdir(path.dirname(file))).toEqual([`${result.id}.json`]);
    expect(await readdir(path.join(home, 'images'))).toEqual([`${result.id}.png`]);
  });

  it('refuses a result that fails the schema, writing nothing', async () => {
    const bad = { ...makeResult('2026-01-01T00:00:00.000Z'), status: 'done' } as unknown as Result;
    await expect(store.save(bad)).rejects.toThrow();
    expect(await readdir(path.join(home, 'results'))).toEqual([]);
  });

  it('lists newest first with offset and cursor paging, filters and totals', async () => {
    const saved = await seed();
    const ids = saved.map((r) => r.id).reverse();
    const all = store.list({ limit: 50 });
    expect(all.total).toBe(5);
    expect(all.items.map((r) => r.id)).toEqual(ids);
    expect(all.items[0]!.fields.supplier).toBe('Initech "quoted", co');
    expect(all.items.find((r) => r.id === saved[0]!.id)!.image.path).toBe(saved[0]!.image.path);

    expect(store.list({ limit: 2 }).items.map((r) => r.id)).toEqual(ids.slice(0, 2));
    expect(store.list({ limit: 2, offset: 2 }).items.map((r) => r.id)).toEqual(ids.slice(2, 4));
    expect(store.list({ limit: 2, before: ids[1] }).items.map((r) => r.id)).toEqual(ids.slice(2, 4));

    expect(store.list({ profileId: 'receipts' }).items.map((r) => r.id)).toEqual([saved[2]!.id]);
    const failed = store.list({ status: 'failed' });
    expect(failed.total).toBe(1);
    expect(failed.items[0]!.error).toBe('timed out');
    expect(store.count({ profileId: 'invoices', status: 'ok' })).toBe(2);
    // A date-only "to" includes the whole day; "from" is inclusive.
    expect(store.list({ from: '2026-02-01', to: '2026-02-28' }).items.map((r) => r.id)).toEqual([
      saved[2]!.id,
      saved[1]!.id,
    ]);
    expect(store.count({ from: '2026-03-31' })).toBe(1);
    expect(store.count({ to: '2026-03-31T23:59:59.998Z' })).toBe(4);
    expect(store.count({ from: '2026-02-01', status: 'ok' })).toBe(2);
    expect(() => store.list({ from: 'last tuesday' })).toThrow(RangeError);
  });

  it('sorts every match before the page is cut: by time, status, and fields of each type', async () => {
    const at = (day: number) => `2026-04-${String(day).padStart(2, '0')}T10:00:00.000Z`;
    const saved = [
      await store.save(
        makeResult(
          at(1),
          {},
          { supplier: 'zorro', total: { amount: 9, currency: 'EUR' }, due: '2026-12-01' },
        ),
      ),
      await store.save(
        makeResult(
          at(2),
          {},
          { supplier: 'Ñandú', total: { amount: 100, currency: 'EUR' }, due: '2026-02-01' },
        ),
      ),
      await store.save(
        makeResult(at(3), { status: 'failed', error: 'timed out' }, { supplier: null, total: null }),
      ),
      await store.save(
        makeResult(
          at(4),
          { fieldMeta: { supplier: { grounded: false } } },
          { supplier: 'árbol', total: { amount: 10, currency: 'EUR' } },
        ),
      ),
      await store.save(
        makeResult(
          at(5),
          {},
          { supplier: 'nube', total: { amount: 1000.5, currency: 'EUR' }, due: '2025-06-30' },
        ),
      ),
      await store.save(makeResult(at(6), { status: 'pending' }, { supplier: 'Obra', total: null })),
    ];
    const [a, b, c, d, e, f] = saved.map((r) => r.id) as [string, string, string, string, string, string];
    const ids = (options: ListOptions) => store.list({ limit: 50, ...options }).items.map((r) => r.id);

    // The default order is unchanged, and createdAt sorts both ways.
    expect(ids({})).toEqual([f, e, d, c, b, a]);
    expect(ids({ sort: { by: 'createdAt', direction: 'desc' } })).toEqual([f, e, d, c, b, a]);
    expect(ids({ sort: { by: 'createdAt', direction: 'asc' } })).toEqual([a, b, c, d, e, f]);
    // OK, Needs review, Pending, Failed; ties newest first.
    expect(ids({ sort: { by: 'status', direction: 'asc' } })).toEqual([e, b, a, d, f, c]);
    expect(ids({ sort: { by: 'status', direction: 'desc' } })).toEqual([c, f, d, e, b, a]);
    // Amounts as numbers (9 < 10 < 100 < 1000.5), empty ones last either way.
    const total = (direction: 'asc' | 'desc') => ids({ sort: { by: 'field', key: 'total', direction } });
    expect(total('asc')).toEqual([a, d, b, e, f, c]);
    expect(total('desc')).toEqual([e, b, d, a, f, c]);
    // Dates as dates; results without the field last.
    expect(ids({ sort: { by: 'field', key: 'due', direction: 'asc' } })).toEqual([e, b, a, f, d, c]);
    // Text in the person's alphabet: Spanish puts Ñ after N, English among the n's.
    const supplier = (locale: string) =>
      ids({ sort: { by: 'field', key: 'supplier', direction: 'asc', locale } });
    expect(supplier('es-ES')).toEqual([d, e, b, f, a, c]);
    expect(supplier('en-US')).toEqual([d, b, e, f, a, c]);
    // Paged by offset, the pages are slices of the one order; filters and search still apply.
    const sort = { by: 'field', key: 'total', direction: 'asc' } as const;
    expect(
      [
        ...store.list({ limit: 2, sort }).items,
        ...store.list({ limit: 2, offset: 2, sort }).items,
        ...store.list({ limit: 2, offset: 4, sort }).items,
      ].map((r) => r.id),
    ).toEqual(total('asc'));
    expect(store.list({ status: 'ok', sort }).items.map((r) => r.id)).toEqual([a, d, b, e]);
    expect(store.list({ search: 'zorro', sort }).items.map((r) => r.id)).toEqual([a]);
    expect(store.list({ status: 'ok', sort: { by: 'status', direction: 'desc' } }).total).toBe(4);

    // The order is kept for the next pages, and computed again when a row changes, here or in
    // another process sharing the data home.
    const g = await store.save(makeResult(at(7), {}, { total: { amount: 5, currency: 'EUR' } }));
    expect(total('asc')[0]).toBe(g.id);
    const other = await ResultStore.open(home, { logger });
    try {
      await other.delete(g.id);
      const h = await other.save(makeResult(at(8), {}, { total: { amount: 1, currency: 'EUR' } }));
      expect(total('asc')).toEqual([h.id, a, d, b, e, f, c]);
    } finally {
      other.close();
    }
  });

  it('marks results whose stored image is the same picture as another', async () => {
    const image = { data: PNG, ext: 'png' } as const;
    const first = await store.save(makeResult('2026-05-01T10:00:00.000Z'), image);
    const again = await store.save(makeResult('2026-05-02T10:00:00.000Z'), image);
    const other = await store.save(
      makeResult('2026-05-03T10:00:00.000Z', {
        image: { path: '', width: 1, height: 1, sha256: 'cd'.repeat(32) },
      }),
      { data: Buffer.from('another picture'), ext: 'png' },
    );
    // Same hash, but no image kept: nothing to compare.
    const notKept = await store.save(makeResult('2026-05-04T10:00:00.000Z'));
    // No hash (written so by hand): nothing to match, even beside another without one.
    const unhashed = { path: '', width: 1, height: 1, sha256: '' };
    const noHash = [
      await store.save(makeResult('2026-05-05T10:00:00.000Z', { image: unhashed }), image),
      await store.save(makeResult('2026-05-06T10:00:00.000Z', { image: unhashed }), image),
    ];
    const byId = new Map(store.list().items.map((r) => [r.id, r]));
    expect(byId.get(first.id)!.duplicateOf).toEqual({ id: again.id, createdAt: again.createdAt });
    expect(byId.get(again.id)!.duplicateOf).toEqual({ id: first.id, createdAt: first.createdAt });
    expect(byId.get(other.id)!.duplicateOf).toBeUndefined();
    expect(byId.get(notKept.id)!.duplicateOf).toBeUndefined();
    for (const r of noHash) expect(byId.get(r.id)!.duplicateOf).toBeUndefined();
    // The index is rebuilt from the files with the hashes.
    store.close();
    await rm(path.join(home, 'index.sqlite'));
    store = await ResultStore.open(home, { logger });
    expect(store.list().items.find((r) => r.id === again.id)!.duplicateOf?.id).toBe(first.id);
  });

  it('searches field values and profile names by word prefix, newest first', async () => {
    const saved = await seed();
    expect(store.list({ search: 'acme' }).items.map((r) => r.id)).toEqual([saved[3]!.id, saved[1]!.id]);
    expect(store.list({ search: 'ac' }).total).toBe(2); // type-ahead
    expect(store.list({ search: 'muller' }).items.map((r) => r.id)).toEqual([saved[0]!.id]); // diacritics folded
    expect(store.list({ search: 'coffee' }).items.map((r) => r.id)).toEqual([saved[2]!.id]); // list items
    expect(store.list({ search: 'receipts' }).items.map((r) => r.id)).toEqual([saved[2]!.id]); // profile name
    expect(store.list({ search: 'EUR 12.5' }).total).toBe(5); // currency and amount
    expect(store.list({ search: 'acme', status: 'failed' }).items.map((r) => r.id)).toEqual([saved[1]!.id]);
    expect(store.list({ search: 'inv', limit: 2 }).items).toHaveLength(2);
    expect(store.list({ search: 'inv', limit: 2 }).total).toBe(5);
  });

  it('treats FTS syntax in user input as plain words', async () => {
    await seed();
    const hostile = [
      '"',
      '""',
      '*',
      'acme*',
      '"acme',
      'AND',
      'acme AND',
      'OR NOT',
      'NEAR(acme corp)',
      '(',
      ')',
      '^acme',
      'supplier:acme',
      '-acme',
      "'; DROP TABLE results; --",
      '🙂',
      '',
      '   ',
      'a'.repeat(5000),
      '{} [] \\ / ? + &',
    ];
    for (const q of hostile) expect(() => store.list({ search: q })).not.toThrow();
    expect(store.list({ search: '"acme' }).total).toBe(2);
    expect(store.list({ search: 'acme*' }).total).toBe(2);
    expect(store.list({ search: 'NEAR(acme corp)' }).total).toBe(0); // "near" is a word like any other
    expect(store.list({ search: 'quoted", co' }).total).toBe(1);
    expect(store.list({ search: '   ' }).total).toBe(5); // no words: no text filter
    expect(store.count()).toBe(5);
  });

  it('keeps the extracted value when a person corrects it, across several edits', async () => {
    const [first] = await seed();
    const id = first!.id;
    const t1 = new Date('2026-04-01T10:00:00.000Z');
    const edited = await store.update(id, { supplier: 'Mueller GmbH', note: 'checked' }, { now: t1 });
    expect(edited.fields.supplier).toBe('Mueller GmbH');
    expect(edited.fieldMeta.supplier).toEqual({ original: 'Müller GmbH', editedAt: t1.toISOString() });
    expect(edited.fieldMeta.note).toEqual({ original: null, editedAt: t1.toISOString() });
    const t2 = new Date('2026-04-02T10:00:00.000Z');
    const again = await store.update(id, { supplier: 'Müller & Co' }, { now: t2 });
    expect(again.fieldMeta.supplier).toEqual({ original: 'Müller GmbH', editedAt: t2.toISOString() });
    expect(await store.get(id)).toEqual(again);
    const summary = store.list({ profileId: 'invoices' }).items.find((r) => r.id === id)!;
    expect(summary.edited).toBe(true);
    expect(summary.fields.supplier).toBe('Müller & Co');
    expect(store.list({ search: 'mueller' }).total).toBe(0);
    expect(store.list({ search: 'muller co' }).items.map((r) => r.id)).toEqual([id]);
    await expect(store.update('20990101T000000-000Z-zzzz', { a: 'b' })).rejects.toThrow(/no result/);
    await expect(store.update(id, { supplier: { nope: 1 } as unknown as FieldValue })).rejects.toThrow();
  });

  it('lists what needs review (a failed check), with or without a search, and re-checks a correction', async () => {
    await seed();
    const rows = [
      { description: 'Paper', amount: 10 },
      { description: 'Toner', amount: 42.5 },
    ];
    const failed = {
      id: 'line_sum' as const,
      ok: false,
      code: 'checks.linesToTotal.failed',
      params: {},
      message: 'The 2 line amounts add up to 52.50, but the total says 62.50 (off by 10.00).',
      fields: ['items[0].amount', 'items[1].amount', 'total'],
    };
    const flagged = await store.save(
      makeResult('2026-04-01T08:00:00.000Z', { checks: [failed] }, { items: rows, total: 62.5 }),
    );
    expect(store.list({ review: true }).items.map((r) => r.id)).toEqual([flagged.id]);
    expect(store.list({ review: true }).items[0]!.review).toBe(true);
    expect(store.count({ review: true })).toBe(1);
    expect(store.list({ review: true, search: 'toner' }).items.map((r) => r.id)).toEqual([flagged.id]);
    expect(store.list({ review: true, search: 'acme', status: 'failed' }).total).toBe(0);
    // A correction that makes the numbers agree clears the review, through the recheck given.
    const corrected = await store.update(
      flagged.id,
      { total: 52.5 },
      { recheck: (r) => [{ ...failed, ok: r.fields.total === 52.5 }] },
    );
    expect(corrected.checks?.[0]?.ok).toBe(true);
    expect(corrected.fieldMeta.total?.original).toBe(62.5);
    expect(store.count({ review: true })).toBe(0);
    // The table's cells are searchable like any value.
    expect(store.list({ search: 'toner' }).items.map((r) => r.id)).toEqual([flagged.id]);
  });

  it("keeps a corrected table's cell evidence only where the cell still holds the value read", async () => {
    const rows = [
      { description: 'Paper', amount: 10 },
      { description: 'Toner', amount: 42.5 },
      { description: 'Pens', amount: 3 },
    ];
    const box = (y: number) => ({ evidence: { x: 400, y, w: 60, h: 20 }, text: 'x' });
    const saved = await store.save(
      makeResult(
        '2026-04-02T08:00:00.000Z',
        {
          fieldMeta: {
            'items[0].amount': box(100),
            'items[1].amount': box(130),
            'items[2].amount': box(160),
            'items[2].description': box(160),
          },
        },
        { items: rows },
      ),
    );
    // Row 2 removed: row 3 moves up, and the evidence of the old rows 2 and 3 no longer fits.
    const edited = await store.update(saved.id, { items: [rows[0]!, rows[2]!] });
    expect(Object.keys(edited.fieldMeta).sort()).toEqual(['items', 'items[0].amount']);
    expect(edited.fieldMeta.items!.original).toEqual(rows);
  });

  it('confirms values as read (AppService.confirm): reviewedAt set, values kept, no longer for review', async () => {
    const appHome = await mkdtemp(path.join(tmpdir(), 'extracto-confirm-'));
    const app = await AppService.open({ home: appHome, env: {} });
    try {
      const rows = [{ description: 'Paper', amount: 10 }];
      const read = { evidence: { x: 40, y: 60, w: 120, h: 18 }, confidence: 0.91, text: 'ACME-7' };
      const saved = await app.store.save(
        makeResult(
          '2026-04-03T08:00:00.000Z',
          {
            fieldMeta: {
              invoice_number: read,
              // A model's values that are not on the page: the result needs review.
              supplier: { grounded: false, confidence: 0.2 },
              'items[0].amount': { grounded: false },
            },
          },
          { items: rows },
        ),
      );
      expect(fieldsToReview(saved)).toEqual(['supplier', 'items[0].amount']);
      expect(app.store.list({ review: true }).items.map((r) => r.id)).toEqual([saved.id]);

      const once = await app.confirm(saved.id, ['supplier']);
      expect(once.fieldMeta.supplier).toEqual({
        grounded: false,
        confidence: 0.2,
        reviewedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
      expect(fieldsToReview(once)).toEqual(['items[0].amount']);
      expect(app.store.count({ review: true })).toBe(1);

      const both = await app.confirm(saved.id, ['items[0].amount']);
      // As the model read them: values, evidence and confidence untouched, nothing marked edited.
      expect(both.fields).toEqual(saved.fields);
      expect(both.fieldMeta.invoice_number).toEqual(read);
      expect(both.fieldMeta['items[0].amount']?.editedAt).toBeUndefined();
      expect(await app.store.get(saved.id)).toEqual(both);
      expect(app.store.count({ review: true })).toBe(0);
      expect(app.store.list({}).items.find((r) => r.id === saved.id)).toMatchObject({
        review: false,
        edited: false,
      });

      await expect(app.confirm(saved.id, ['no_such_field'])).rejects.toThrow(/no value no_such_field/);
      await expect(app.confirm('20990101T000000-000Z-zzzz', ['supplier'])).rejects.toThrow(/no result/);
    } finally {
      await app.close();
      await rm(appHome, { recursive: true, force: true });
    }
  });

  it('replaces a result after a re-run', async () => {
    const saved = await seed();
    const pending = saved[3]!;

    const rerun = { ...pending, status: 'ok' as const, fields: { invoice_number: 'INV-2026-77' } };
    delete rerun.error;
    await store.replace(rerun);
    expect((await store.get(pending.id))!.fields).toEqual({ invoice_number: 'INV-2026-77' });
    expect(store.list({ search: '77' }).items.map((r) => r.id)).toEqual([pending.id]);
    expect(store.count()).toBe(5);
    await expect(store.replace(makeResult('2026-05-05T00:00:00.000Z'))).rejects.toThrow(/no result/);
  });

  it('deletes the JSON file, the image and the index row', async () => {
    const saved = await seed();
    const victim = saved[1]!;
    expect(await store.delete(victim.id)).toBe(true);
    await expect(stat(path.join(home, 'results', '2026', '02', `${victim.id}.json`))).rejects.toThrow();
    await expect(stat(victim.image.path)).rejects.toThrow();
    expect(await store.get(victim.id)).toBeNull();
    expect(store.list().items.map((r) => r.id)).not.toContain(victim.id);
    expect(store.count()).toBe(4);
    expect(store.count({ status: 'failed' })).toBe(0);
    expect(await store.delete(victim.id)).toBe(false);
  });

  it('deletes all results and images on request, and leaves foreign files alone', async () => {
    const saved = await seed();
    const foreign = path.join(home, 'results', '2026', '02', 'notes.txt');
    await writeFile(foreign, 'mine');
    expect(await store.deleteAll()).toBe(saved.length);
    expect(store.count()).toBe(0);
    expect(await readdir(path.join(home, 'images'))).toEqual([]);
    expect(await readFile(foreign, 'utf8')).toBe('mine');
    // The store goes on working, and a rebuild finds nothing to bring back.
    await store.save(makeResult('2026-04-01T00:00:00.000Z'));
    expect((await store.rebuildIndex()).indexed).toBe(1);
  });

  it('exports CSV with one column per field key, currency split and lists joined', async () => {
    const saved = await seed();
    const out = path.join(home, 'export.csv');
    const progress: number[] = [];
    const n = await store.export({
      format: 'csv',
      out,
      fieldOrder: ['supplier', 'invoice_number'],
      onProgress: (d) => progress.push(d),
    });
    expect(n).toBe(5);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    const text = await readFile(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([
      'id',
      'createdAt',
      'profile',
      'status',
      'supplier',
      'invoice_number',
      'total',
      'total_currency',
      'items',
      'image',
    ]);
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r[0])).toEqual(saved.map((r) => r.id).reverse());
    const initech = rows[0]!;
    expect(initech[4]).toBe('Initech "quoted", co');
    expect(initech[6]).toBe('12.5');
    expect(initech[7]).toBe('EUR');
    const globex = rows.find((r) => r[0] === saved[2]!.id)!;
    expect(globex[2]).toBe('Receipts');
    expect(globex[8]).toBe('coffee; bagel');
    const muller = rows.find((r) => r[0] === saved[0]!.id)!;
    expect(muller[9]).toBe(saved[0]!.image.path);
    expect(muller[8]).toBe('');

    const filtered = path.join(home, 'failed.csv');
    expect(await store.export({ format: 'csv', out: filtered, filter: { status: 'failed' } })).toBe(1);
    expect(parseCsv((await readFile(filtered, 'utf8')).slice(1))).toHaveLength(2);
    expect((await readdir(home)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('exports JSON and JSON Lines with the full results', async () => {
    const saved = await seed();
    const json = path.join(home, 'export.json');
    expect(await store.export({ format: 'json', out: json, filter: { search: 'acme' } })).toBe(2);
    const parsed = JSON.parse(await readFile(json, 'utf8')) as Result[];
    expect(parsed).toEqual([saved[3], saved[1]]);

    const jsonl = path.join(home, 'export.jsonl');
    expect(await store.export({ format: 'jsonl', out: jsonl })).toBe(5);
    const lines = (await readFile(jsonl, 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as Result).id)).toEqual(saved.map((r) => r.id).reverse());

    const empty = path.join(home, 'empty.json');
    expect(await store.export({ format: 'json', out: empty, filter: { search: 'zzzz' } })).toBe(0);
    expect(JSON.parse(await readFile(empty, 'utf8'))).toEqual([]);
  });

  it("exports in a listing's order (History's table): the rows of the sorted pages, in every format", async () => {
    const saved = await seed();
    const sorts: ResultSort[] = [
      { by: 'field', key: 'supplier', direction: 'asc', locale: 'en' },
      { by: 'status', direction: 'desc' },
      { by: 'createdAt', direction: 'asc' },
    ];
    for (const sort of sorts) {
      const listed = store.list({ limit: 50, sort }).items.map((r) => r.id);
      const filter = { profileId: 'invoices' };
      const filtered = store.list({ limit: 50, sort, ...filter }).items.map((r) => r.id);
      const csv = path.join(home, 'sorted.csv');
      expect(await store.export({ format: 'csv', out: csv, sort })).toBe(5);
      expect(
        parseCsv((await readFile(csv, 'utf8')).slice(1))
          .slice(1)
          .map((r) => r[0]),
      ).toEqual(listed);
      const jsonl = path.join(home, 'sorted.jsonl');
      expect(await store.export({ format: 'jsonl', out: jsonl, sort, filter })).toBe(4);
      const lines = (await readFile(jsonl, 'utf8')).trimEnd().split('\n');
      expect(lines.map((l) => (JSON.parse(l) as Result).id)).toEqual(filtered);
      const xlsx = path.join(home, 'sorted.xlsx');
      expect(await store.export({ format: 'xlsx', out: xlsx, sort })).toBe(5);
      const { default: ExcelJS } = await import('exceljs');
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(xlsx);
      const rows = book.getWorksheet('Results')!.getSheetValues().slice(2) as unknown[][];
      expect(rows.map((r) => r[1])).toEqual(listed);
    }
    // Acme (the pending one, newer, then the failed one), Globex, Initech, Müller: ties newest first.
    const [muller, failed, globex, pending, initech] = saved.map((r) => r.id);
    expect(store.list({ sort: sorts[0] }).items.map((r) => r.id)).toEqual([
      pending,
      failed,
      globex,
      initech,
      muller,
    ]);
  });

  it('pages an export oldest first by keyset, and a sorted one by slices of the one order', async () => {
    const saved = await seed();
    const { index } = IndexDb.open(path.join(home, 'index.sqlite'));
    try {
      const ids = (sort?: ResultSort) => [...index.iterate({}, sort, 2)].map((row) => row.id);
      expect(ids()).toEqual(saved.map((r) => r.id).reverse());
      expect(ids({ by: 'createdAt', direction: 'asc' })).toEqual(saved.map((r) => r.id));
      const bySupplier = { by: 'field', key: 'supplier', direction: 'desc', locale: 'en' } as const;
      expect(ids(bySupplier)).toEqual(store.list({ sort: bySupplier }).items.map((r) => r.id));
      expect([...index.iterate({ status: 'ok' }, { by: 'createdAt', direction: 'asc' }, 1)]).toHaveLength(3);
    } finally {
      index.close();
    }
  });

  it('exports XLSX with typed cells: numbers, currency as amount + code, dates as real dates', async () => {
    const saved = await seed();
    const dated = await store.save(
      makeResult('2026-04-02T08:00:00.000Z', {}, { due: '2026-04-30', paid: true, supplier: 'Dated' }),
    );
    const out = path.join(home, 'export.xlsx');
    const progress: number[] = [];
    const n = await store.export({
      format: 'xlsx',
      out,
      fieldOrder: ['supplier', 'invoice_number'],
      onProgress: (d, total) => progress.push(d / total),
    });
    expect(n).toBe(6);
    expect(progress.at(-1)).toBe(1);
    expect((await readdir(home)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.getWorksheet('Results')!;
    const rows = sheet.getSheetValues().slice(1) as unknown[][];
    // Row arrays are 1-based in exceljs: drop the empty slot 0.
    const [header, ...body] = rows.map((r) => r.slice(1));
    expect(header).toEqual([
      'id',
      'createdAt',
      'profile',
      'status',
      'supplier',
      'invoice_number',
      'total',
      'total_currency',
      // Keys the field order does not name follow in the order they first appear, newest first.
      'due',
      'paid',
      'items',
      'image',
    ]);
    expect(body.map((r) => r[0])).toEqual([dated, ...[...saved].reverse()].map((r) => r.id));
    const first = body[0]!;
    expect(first[1]).toEqual(new Date('2026-04-02T08:00:00.000Z'));
    expect(first.slice(2, 8)).toEqual([
      'Supplier invoices',
      'ok',
      'Dated',
      dated.fields.invoice_number,
      12.5,
      'EUR',
    ]);
    expect(first[8]).toEqual(new Date('2026-04-30T00:00:00.000Z'));
    expect(first[9]).toBe(true);
    const globex = body.find((r) => r[0] === saved[2]!.id)!;
    expect(globex[10]).toBe('coffee; bagel');
    expect(globex[8]).toBeUndefined();
    // Date columns carry a date format (the reader's short date), amounts two decimals.
    expect(sheet.getCell('I2').numFmt).toBe('mm-dd-yy');
    expect(sheet.getCell('G2').numFmt).toBe('#,##0.00');
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it("finds exceljs's internal row stream, which is what keeps a large XLSX export in bounded memory", async () => {
    const { default: ExcelJS } = await import('exceljs');
    const { sheetBacklog } = await import('../../src/core/store/export-xlsx.ts');
    const { PassThrough } = await import('node:stream');
    const sink = new PassThrough();
    sink.resume();
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink });
    const sheet = book.addWorksheet('x');
    expect(sheetBacklog(sheet)).toBeDefined();
    sheet.commit();
    await book.commit();
  });

  it('rebuilds the same index from the files when index.sqlite is deleted', async () => {
    await seed();
    await store.update(store.list().items[2]!.id, { supplier: 'Corrected Ltd' });
    const before = store.list({ limit: 100 });
    const search = store.list({ search: 'corrected' });
    store.close();
    for (const suffix of ['', '-wal', '-shm'])
      await rm(path.join(home, `index.sqlite${suffix}`), { force: true });
    store = await ResultStore.open(home, { logger });
    expect(store.openRebuild).toMatchObject({ indexed: 5, skipped: [] });
    expect(store.list({ limit: 100 })).toEqual(before);
    expect(store.list({ search: 'corrected' })).toEqual(search);
    const progress: number[] = [];
    const report = await store.rebuildIndex((done, total) => progress.push(done / total));
    expect(report.indexed).toBe(5);
    expect(progress.at(-1)).toBe(1);
    expect(store.list({ limit: 100 })).toEqual(before);
  });

  it('rebuilds a large history with worker threads: the same index, corrupt files reported', async () => {
    // Past the size where the rebuild reads in worker threads; written straight to disk, as a
    // history copied from another machine would be.
    const N = 6_000;
    const start = Date.parse('2025-06-01T00:00:00.000Z');
    const results = Array.from({ length: N }, (_, i) =>
      makeResult(
        new Date(start + i * 61_000).toISOString(),
        i % 5 === 0 ? { status: 'failed', error: 'x' } : {},
      ),
    );
    for (const r of results) {
      const file = path.join(home, 'results', r.id.slice(0, 4), r.id.slice(4, 6), `${r.id}.json`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(r));
    }
    const broken = path.join(home, 'results', '2025', '06', '20250601T000000-000Z-zzzz.json');
    await writeFile(broken, '{ "version": 1, "id": ');
    const progress: number[] = [];
    const report = await store.rebuildIndex((done, total) => progress.push(done / total));
    expect(report.indexed).toBe(N);
    expect(report.skipped.map((s) => s.path)).toEqual([broken]);
    expect(progress.at(-1)).toBe(1);
    expect(store.count()).toBe(N);
    expect(store.count({ status: 'failed' })).toBe(N / 5);
    // Newest first, exactly the files' ids in time order, and searchable.
    const newest = results.map((r) => r.id).reverse();
    expect(store.list({ limit: 50 }).items.map((i) => i.id)).toEqual(newest.slice(0, 50));
    expect(store.list({ limit: 5, offset: N - 5 }).items.map((i) => i.id)).toEqual(newest.slice(-5));
    const one = results[1234]!;
    expect(store.list({ search: String(one.fields.invoice_number) }).items.map((i) => i.id)).toEqual([
      one.id,
    ]);
  });

  it('rebuilds when the index schema is older', async () => {
    await seed();
    store.close();
    const db = new DatabaseSync(path.join(home, 'index.sqlite'));
    db.exec('PRAGMA user_version = 0; DELETE FROM results;');
    db.close();
    store = await ResultStore.open(home, { logger });
    expect(store.openRebuild?.indexed).toBe(5);
    expect(store.count()).toBe(5);
  });

  it('replaces a damaged index file by a rebuild', async () => {
    await seed();
    store.close();
    for (const suffix of ['-wal', '-shm'])
      await rm(path.join(home, `index.sqlite${suffix}`), { force: true });
    await writeFile(path.join(home, 'index.sqlite'), 'this is not a database'.repeat(100));
    store = await ResultStore.open(home, { logger });
    expect(store.count()).toBe(5);
    expect(store.repaired).toMatch(/damaged .*rebuilt from the result files \(5 results\)/);
    expect(logger.warnings.some((w) => w.includes('is damaged'))).toBe(true);
  });

  it('never shows a write interrupted before the rename, and cleans only leftover temp files', async () => {
    const saved = await seed();
    const victim = makeResult('2026-03-15T12:00:00.000Z');
    const month = path.join(home, 'results', '2026', '03');
    const full = JSON.stringify(victim, null, 2);
    // Temp files of writers that are gone (no process has pid 9999999) and old enough: leftovers.
    const gone = 9_999_999;
    const leftovers = [
      // A crash after writing part of the temp file, and one after writing all of it but before rename.
      path.join(month, `.${victim.id}.json.${gone}.0a0b0c0d.tmp`),
      path.join(month, `.${saved[4]!.id}.json.${gone}.0e0f0a0b.tmp`),
      path.join(home, 'images', `.${victim.id}.png.${gone}.01020304.tmp`),
      path.join(home, 'results', '2026', '01', `.${victim.id}.json.${gone}.ffffffff.tmp`),
    ];
    // A live writer's temp file (this process), however old, and a fresh one of a gone writer.
    const live = path.join(month, `.${victim.id}.json.${process.pid}.0c0c0c0c.tmp`);
    const fresh = path.join(home, 'images', `.${victim.id}.png.${gone}.0d0d0d0d.tmp`);
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    for (const file of [...leftovers, live]) {
      await writeFile(file, file.endsWith('png.tmp') ? PNG.subarray(0, 4) : full.slice(0, full.length / 2));
      await utimes(file, tenMinutesAgo, tenMinutesAgo);
    }
    await writeFile(fresh, PNG.subarray(0, 4));

    expect(await store.get(victim.id)).toBeNull();
    expect(store.count()).toBe(5);
    const report = await store.rebuildIndex();
    expect(report).toMatchObject({ indexed: 5, skipped: [], tempRemoved: 4 });
    expect(store.list({ limit: 10 }).items.map((r) => r.id)).toEqual(saved.map((r) => r.id).reverse());
    expect(await store.get(saved[4]!.id)).toEqual(saved[4]); // the old content, not the temp's
    for (const file of leftovers) await expect(stat(file)).rejects.toThrow();
    await stat(live);
    await stat(fresh);

    // Opening (no rebuild needed) cleans leftovers in the month folders that changed.
    const another = path.join(month, `.${victim.id}.json.${gone}.aaaaaaaa.tmp`);
    await writeFile(another, '{"id":');
    await utimes(another, tenMinutesAgo, tenMinutesAgo);
    store.close();
    store = await ResultStore.open(home, { logger });
    expect(store.openRebuild).toBeNull();
    await expect(stat(another)).rejects.toThrow();
    await stat(live);
    expect(store.count()).toBe(5);
  });

  it('reports corrupt and foreign files under results/ and leaves them in place', async () => {
    const saved = await seed();
    const month = path.join(home, 'results', '2026', '02');
    const other = makeResult('2026-02-10T00:00:00.000Z');
    const files: Record<string, string> = {
      [path.join(month, `${other.id}.json`)]: '{"id": "half',
      [path.join(month, '20260211T000000-000Z-abcd.json')]: JSON.stringify({
        ...other,
        id: '20260211T000000-000Z-abcd',
        status: 'weird',
      }),
      [path.join(month, '20260212T000000-000Z-abcd.json')]: JSON.stringify(other), // holds another id
      [path.join(month, 'notes.json')]: '{"mine": true}',
      [path.join(month, 'README.txt')]: 'my notes',
      [path.join(home, 'results', '2026', '01', '20260212T000000-000Z-abce.json')]: JSON.stringify({
        ...other,
        id: '20260212T000000-000Z-abce',
      }),
      [path.join(home, 'results', 'misc', 'x.json')]: '{}',
    };
    await mkdir(path.join(home, 'results', 'misc'), { recursive: true });
    for (const [file, text] of Object.entries(files)) await writeFile(file, text);

    const report = await store.rebuildIndex();
    expect(report.indexed).toBe(5);
    const skipped = new Map(report.skipped.map((s) => [s.path, s.reason]));
    expect(skipped.get(path.join(month, `${other.id}.json`))).toMatch(/not JSON/);
    expect(skipped.get(path.join(month, '20260211T000000-000Z-abcd.json'))).toMatch(/not a result: status/);
    expect(skipped.get(path.join(month, '20260212T000000-000Z-abcd.json'))).toMatch(/holds id/);
    expect(skipped.get(path.join(month, 'notes.json'))).toMatch(/name/);
    expect(skipped.get(path.join(month, 'README.txt'))).toMatch(/name/);
    expect(skipped.get(path.join(home, 'results', '2026', '01', '20260212T000000-000Z-abce.json'))).toMatch(
      /belongs in results\/2026\/02/,
    );
    expect(skipped.get(path.join(home, 'results', 'misc'))).toMatch(/folder/);
    expect(report.skipped).toHaveLength(7);
    expect(logger.warnings).toHaveLength(7);
    for (const [file, text] of Object.entries(files)) expect(await readFile(file, 'utf8')).toBe(text);
    expect(store.list().items.map((r) => r.id)).toEqual(saved.map((r) => r.id).reverse());
    expect(await store.get(other.id)).toBeNull();
  });
});
