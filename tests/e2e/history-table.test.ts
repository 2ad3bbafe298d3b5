import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppService } from '../../src/app/service.ts';
import type { Profile } from '../../src/shared/field.ts';
import { needsReview, type FieldValue, type Result } from '../../src/shared/result.ts';
import { renderDocument, type SyntheticDocument } from '../helpers/documents.ts';
import { chatCompletion, FakeApi } from '../helpers/fake-apis.ts';
import { coveredControls, overflowingRows, sidewaysScroll } from '../helpers/geometry.ts';
import {
  hasChromium,
  poll,
  seriousAxeViolations,
  startRenderer,
  type RendererHarness,
} from '../helpers/renderer.ts';
import { storedResult } from '../helpers/stored-result.ts';

/** Screenshots of the states this file reaches, for a person to look at (the README's: readme-screenshots). */
const SHOTS = process.env.EXTRACTO_SHOTS ?? path.join(tmpdir(), 'extracto-history-table-shots');
const ROUTE = 'POST /v1/chat/completions';
const MODEL = 'qwen3-vl:8b';
const SMALL = { width: 900, height: 600 };
const LARGE = { width: 1280, height: 800 };

type Fields = Record<string, FieldValue>;

/** The page's globals this file touches (the node tsconfig has no DOM lib). */
interface El {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
  matches(selector: string): boolean;
}
type Styled = { getComputedStyle(el: El): { outlineStyle: string } };
interface Measured {
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { left: number; right: number; top: number; bottom: number; width: number };
}

/**
 * How the grid's columns sit in its pane, measured in the page: each header's box, whether it is
 * whole inside the grid's visible width and clear of its neighbours; cells whose text is cut (an
 * ellipsis) and whether their title holds it whole; amounts cut at all.
 */
async function columnFit(page: Page) {
  return page.evaluate(() => {
    const d = (
      globalThis as unknown as {
        document: { querySelector(s: string): Measured; querySelectorAll(s: string): Iterable<Measured> };
      }
    ).document;
    const grid = d.querySelector('[role="grid"]');
    const g = grid.getBoundingClientRect();
    const right = g.left + grid.clientWidth;
    const heads = [...d.querySelectorAll('[role="columnheader"]')].map((h) => {
      const b = h.getBoundingClientRect();
      return {
        name: (h.textContent ?? '').replace(/[▲▼]/g, '').trim(),
        left: b.left,
        right: b.right,
        width: b.width,
      };
    });
    const problems: string[] = [];
    heads.forEach((h, i) => {
      if (h.left < g.left - 0.5 || h.right > right + 0.5)
        problems.push(
          `header ${h.name} at ${Math.round(h.left)}-${Math.round(h.right)} outside the grid's ${Math.round(g.left)}-${Math.round(right)}`,
        );
      const next = heads[i + 1];
      if (next && next.left < h.right - 0.5) problems.push(`headers ${h.name} and ${next.name} overlap`);
    });
    const cells = [...d.querySelectorAll('.rtable-body [role="gridcell"]')];
    const cut = cells.filter((c) => c.scrollWidth > c.clientWidth);
    for (const c of cut) {
      const text = (c.textContent ?? '').trim();
      if (c.getAttribute('title') !== text)
        problems.push(`"${text}" is cut and its title is "${c.getAttribute('title')}"`);
    }
    for (const c of cells) {
      if (c.getAttribute('class')?.includes('num') && c.scrollWidth > c.clientWidth)
        problems.push(`the amount "${(c.textContent ?? '').trim()}" is cut`);
    }
    return {
      problems,
      widths: Object.fromEntries(heads.map((h) => [h.name, Math.round(h.width)])),
      grid: Math.round(grid.clientWidth),
      cut: cut.map((c) => (c.textContent ?? '').trim()),
    };
  });
}

/** What each seeded result holds, by invoice number (unique: the column the orders are read by). */
interface Seed {
  number: string;
  at: string;
  vendor: string | null;
  date: string | null;
  total: number | null;
  items: number;
  /** The status column's rank: OK, Needs review, Pending, Failed. */
  rank: number;
}

const row = (description: string, amount: number) => ({ description, amount: { amount, currency: 'EUR' } });

function answer(s: Seed): Fields {
  return {
    invoice_number: s.number,
    vendor: s.vendor,
    date: s.date,
    total: s.total === null ? null : { amount: s.total, currency: 'EUR' },
    items: Array.from({ length: s.items }, (_, i) => row(`Line ${i + 1}`, 10 * (i + 1))),
  };
}

/**
 * History's table view in Chromium against a real AppService: two results read from the same
 * picture through the pipeline (a fake model server answers), others stored directly with values
 * of every type; sorted by each column both ways, the order read back from the page.
 */
describe.skipIf(!hasChromium)('History as a table: columns, sorting, duplicates', () => {
  let r: RendererHarness;
  let app: AppService;
  let server: FakeApi;
  let profile: Profile;
  let doc: SyntheticDocument;
  const seeds: Seed[] = [];

  beforeAll(async () => {
    const [started, rendered, fake] = await Promise.all([
      startRenderer(),
      renderDocument({ kind: 'invoice', seed: 7 }),
      FakeApi.start(),
    ]);
    r = started;
    app = r.app;
    doc = rendered;
    server = fake;
    await mkdir(SHOTS, { recursive: true });
    profile = await app.saveProfile(
      {
        name: 'Invoices',
        fields: [
          { key: 'invoice_number', label: 'Invoice number', type: 'text' },
          { key: 'vendor', label: 'Vendor', type: 'text' },
          { key: 'date', label: 'Date', type: 'date' },
          { key: 'total', label: 'Total', type: 'currency' },
          {
            key: 'items',
            label: 'Line items',
            type: 'table',
            columns: [
              { key: 'description', label: 'Description', type: 'text' },
              { key: 'amount', label: 'Amount', type: 'currency' },
            ],
          },
        ],
      },
      { activate: true },
    );
    // The answers are taken as given: nothing here depends on how well OCR reads the picture.
    await app.saveSettings({
      ...app.getSettings(),
      provider: {
        id: 'openai-compatible',
        baseUrl: server.url('/v1'),
        model: MODEL,
        detail: 'auto',
        groundAnswers: false,
      },
    });

    // The same picture twice, through the pipeline: the store hashes what it keeps.
    const file = path.join(r.home, 'invoice-7.png');
    await writeFile(file, doc.png);
    for (const s of [
      { number: 'INV-0009', vendor: 'Zorro Supplies', date: '2026-02-10', total: 9, items: 1 },
      { number: 'INV-0010', vendor: 'Ñandú Trading', date: '2026-03-05', total: 1000.5, items: 3 },
    ]) {
      const seed: Seed = { ...s, at: '', rank: 0 };
      server.script(ROUTE, { json: chatCompletion({ content: JSON.stringify(answer(seed)) }) });
      const read = await app.extract({ kind: 'file', path: file }, { profile });
      expect(read.status).toBe('ok');
      // The checks decide (its lines do not add up to the total): what the status column says.
      seeds.push({ ...seed, at: read.createdAt, rank: needsReview(read) ? 1 : 0 });
    }

    // Others stored directly, dated before the two read just now.
    const stored = async (seed: Omit<Seed, 'at'>, minute: number, extra: Partial<Result> = {}) => {
      const at = new Date(Date.UTC(2026, 10, 2, 9, minute));
      await app.store.save(
        storedResult(at, profile, answer({ ...seed, at: '' }), {
          source: { kind: 'file', path: `/scans/${seed.number}.png` },
          image: { path: '', width: 10, height: 10, sha256: `${minute}`.padStart(64, '0') },
          ...extra,
        }),
      );
      seeds.push({ ...seed, at: at.toISOString() });
    };
    await stored(
      { number: 'INV-0100', vendor: 'árbol Foods', date: '2025-12-31', total: 250, items: 2, rank: 1 },
      1,
      {
        fieldMeta: { vendor: { grounded: false } },
      },
    );
    await stored({ number: 'INV-0002', vendor: 'nube Cloud', date: null, total: 10, items: 0, rank: 0 }, 2);
    await stored(
      { number: 'INV-0003', vendor: null, date: '2026-01-15', total: null, items: 0, rank: 3 },
      3,
      {
        status: 'failed',
        error: 'The provider answered with something that does not fit the profile, twice.',
      },
    );
    await stored(
      { number: 'INV-0004', vendor: 'Obra Works', date: '2026-11-01', total: 99.99, items: 5, rank: 2 },
      4,
      {
        status: 'pending',
        error: 'The model server could not be reached; it will be tried again.',
      },
    );
  });

  afterAll(async () => {
    await r?.close();
    await server?.close();
  });

  const rows = (page: Page) => page.locator('.rtable-body [role="row"]');
  const header = (page: Page, name: string) => page.getByRole('columnheader', { name });

  /** The texts of one column, top to bottom, read from the page. */
  async function column(page: Page, name: string): Promise<string[]> {
    const names = await page.getByRole('columnheader').allTextContents();
    const at = names.findIndex((n) => n.replace(/[▲▼]/g, '').trim() === name);
    expect(at, name).toBeGreaterThanOrEqual(0);
    return rows(page).evaluateAll(
      (els, i) =>
        (els as unknown as El[])
          .map((el) => ({
            index: Number(el.getAttribute('aria-rowindex')),
            cells: el.querySelectorAll('[role="gridcell"]'),
          }))
          .sort((a, b) => a.index - b.index)
          .map((row) => (row.cells[i]?.textContent ?? '').trim()),
      at,
    );
  }

  /** The invoice numbers in the order `key` sorts them: empty last either way, ties newest first. */
  function expected(key: (s: Seed) => number | string | null, direction: 'asc' | 'desc'): string[] {
    const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
    const sign = direction === 'asc' ? 1 : -1;
    return [...seeds]
      .sort((a, b) => {
        const x = key(a);
        const y = key(b);
        if (x === null || y === null) {
          if (x !== y) return x === null ? 1 : -1;
        } else {
          const c = typeof x === 'string' ? collator.compare(x, y as string) : x - (y as number);
          if (c !== 0) return sign * c;
        }
        return b.at.localeCompare(a.at);
      })
      .map((s) => s.number);
  }

  const euros = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' });
  const bare = (names: string[]) => names.map((n) => n.replace(/[▲▼]/g, '').trim());

  /** A page on History, in the table view (the view is remembered per browser context). */
  async function tableOn(options: Parameters<RendererHarness['open']>[1]): Promise<Page> {
    const page = await r.open('#/history', options);
    await poll(() => page.locator('.vrow .row-main, .rtable-body [role="row"]').count()).toBe(6);
    if ((await page.getByRole('button', { name: 'Table' }).getAttribute('aria-pressed')) !== 'true')
      await page.getByRole('button', { name: 'Table' }).click();
    await poll(() => rows(page).count()).toBe(6);
    return page;
  }

  it('switches to a table of the active profile, remembered across reloads, and marks the duplicates', async () => {
    const page = await r.open('#/history', { viewport: LARGE });
    await poll(() => page.locator('.vrow .row-main').count()).toBe(6);
    // The list marks the two results read from the same picture.
    expect(await page.locator('.vrow .badge-duplicate').count()).toBe(2);
    await page.getByRole('button', { name: 'Table' }).click();
    await poll(() => rows(page).count()).toBe(6);
    expect(await page.getByRole('button', { name: 'Table' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.table-note').textContent()).toContain(
      'Columns of Invoices, the active profile',
    );
    expect(bare(await page.getByRole('columnheader').allTextContents())).toEqual([
      'Extracted',
      'Status',
      'Invoice number',
      'Vendor',
      'Date',
      'Total',
      'Line items',
    ]);
    expect(await header(page, 'Extracted').getAttribute('aria-sort')).toBe('descending');
    // Newest first by default; amounts in the person's locale, a table as its number of rows.
    const newest = expected((s) => s.at, 'desc');
    expect(await column(page, 'Invoice number')).toEqual(newest);
    const byNumber = new Map(seeds.map((s) => [s.number, s]));
    expect(await column(page, 'Total')).toEqual(
      newest.map((n) => byNumber.get(n)!.total).map((t) => (t === null ? '—' : euros.format(t))),
    );
    expect(await column(page, 'Line items')).toEqual(
      newest.map((n) => byNumber.get(n)!.items).map((i) => (i === 1 ? '1 row' : `${i} rows`)),
    );
    const status = (s: Seed) => (s.rank === 1 ? 'Needs review' : 'OK');
    expect(await column(page, 'Status')).toEqual([
      `${status(seeds[1]!)}Duplicate`,
      `${status(seeds[0]!)}Duplicate`,
      'Pending',
      'Failed',
      'OK',
      'Needs review',
    ]);
    // Each names the other result of the same picture by its time.
    const marks = page.locator('.rtable-body .badge-duplicate');
    const time = (iso: string) =>
      page.evaluate(
        (at) =>
          new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(at)),
        iso,
      );
    expect(await marks.nth(0).getAttribute('aria-label')).toBe(
      `Duplicate: the same image as the result of ${await time(seeds[0]!.at)}`,
    );
    expect(await marks.nth(1).getAttribute('aria-label')).toBe(
      `Duplicate: the same image as the result of ${await time(seeds[1]!.at)}`,
    );
    await page.reload();
    await poll(() => rows(page).count()).toBe(6);
    expect(await page.getByRole('button', { name: 'Table' }).getAttribute('aria-pressed')).toBe('true');
    await page.context().close();
  });

  it('sorts by every column both ways, in the store: header clicks and Enter / Space', async () => {
    const page = await tableOn({ viewport: LARGE });
    const columns: [string, (s: Seed) => number | string | null][] = [
      ['Extracted', (s) => s.at],
      ['Status', (s) => s.rank],
      ['Invoice number', (s) => s.number],
      ['Vendor', (s) => s.vendor],
      ['Date', (s) => s.date],
      ['Total', (s) => s.total],
      ['Line items', (s) => s.items],
    ];
    for (const [name, key] of columns) {
      const head = header(page, name);
      // Ascending, then descending (the time column starts descending: its first click turns it).
      for (const direction of ['asc', 'desc'] as const) {
        const before = await head.getAttribute('aria-sort');
        if (direction === 'asc') await head.getByRole('button').click();
        else {
          // From the keyboard the second time: Enter on one header, Space on the others.
          await head.getByRole('button').focus();
          await page.keyboard.press(name === 'Vendor' ? 'Enter' : 'Space');
        }
        await poll(() => head.getAttribute('aria-sort')).toBe(
          direction === 'asc' ? 'ascending' : 'descending',
        );
        expect(before, name).not.toBe(await head.getAttribute('aria-sort'));
        await poll(() => column(page, 'Invoice number')).toEqual(expected(key, direction));
        // One column sorts at a time.
        expect(await page.locator('[role="columnheader"][aria-sort="none"]').count()).toBe(
          columns.length - 1,
        );
      }
    }
    expect(r.errors).toEqual([]);
    await page.context().close();
  });

  it('remembers the chosen sort across reloads (a column the profile lacks falls back), and exports in its order', async () => {
    const page = await tableOn({ viewport: LARGE });
    await header(page, 'Total').getByRole('button').click();
    await header(page, 'Total').getByRole('button').click();
    const byTotal = expected((s) => s.total, 'desc');
    await poll(() => column(page, 'Invoice number')).toEqual(byTotal);
    await page.reload();
    await poll(() => rows(page).count()).toBe(6);
    expect(await header(page, 'Total').getAttribute('aria-sort')).toBe('descending');
    expect(await header(page, 'Extracted').getAttribute('aria-sort')).toBe('none');
    await poll(() => column(page, 'Invoice number')).toEqual(byTotal);

    // Export… writes the rows in the table's order, here as CSV (the filters' rows: all of them).
    await page.getByLabel('Format', { exact: true }).selectOption('csv');
    await page.getByRole('button', { name: 'Export…', exact: true }).click();
    const done = page.locator('.export-progress [role="status"]');
    await poll(() => done.textContent()).toMatch(/^Exported 6 results to .+\.csv$/);
    const file = (await done.textContent())!.replace(/^Exported 6 results to /, '');
    // No value here holds a comma or a quote: a plain split reads this file.
    const [head, ...lines] = (await readFile(file, 'utf8'))
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
    const at = head!.split(',').indexOf('invoice_number');
    expect(lines.map((line) => line.split(',')[at])).toEqual(byTotal);
    // The list view has no order of its own to export: newest first, as it shows.
    await page.getByRole('button', { name: 'List' }).click();
    await page.getByRole('button', { name: 'Export…', exact: true }).click();
    await poll(() => done.textContent()).not.toBe(`Exported 6 results to ${file}`);
    await poll(() => done.textContent()).toMatch(/^Exported 6 results to .+\.csv$/);
    const listed = (await done.textContent())!.replace(/^Exported 6 results to /, '');
    const [, ...newest] = (await readFile(listed, 'utf8')).trimEnd().split(/\r?\n/);
    expect(newest.map((line) => line.split(',')[at])).toEqual(expected((s) => s.at, 'desc'));
    await page.getByRole('button', { name: 'Table' }).click();
    await poll(() => column(page, 'Invoice number')).toEqual(byTotal);

    // A stored sort on a field these columns lack (another profile's), or one that no longer
    // parses, starts newest first.
    for (const stored of [JSON.stringify({ by: 'field', key: 'gone', direction: 'asc' }), '{"by":']) {
      await page.evaluate((value) => localStorage.setItem('extracto.history.sort', value), stored);
      await page.reload();
      await poll(() => rows(page).count()).toBe(6);
      expect(await header(page, 'Extracted').getAttribute('aria-sort')).toBe('descending');
      await poll(() => column(page, 'Invoice number')).toEqual(expected((s) => s.at, 'desc'));
    }
    expect(r.errors).toEqual([]);
    await page.context().close();
  });

  it('moves the selection with the arrows and j / k, and opens the same detail as the list', async () => {
    const page = await tableOn({ viewport: LARGE });
    const grid = page.getByRole('grid');
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    const selected = page.locator('.rtable-body [role="row"][aria-selected="true"]');
    await poll(() => selected.getAttribute('aria-rowindex')).toBe('2');
    const newest = expected((s) => s.at, 'desc');
    await poll(() => page.locator('.detail-pane').getByText(newest[0]!).count()).toBeGreaterThan(0);
    expect(await grid.getAttribute('aria-activedescendant')).toBe(await selected.getAttribute('id'));
    await page.keyboard.press('ArrowDown');
    await poll(() => selected.getAttribute('aria-rowindex')).toBe('3');
    await poll(() => page.locator('.detail-pane').getByText(newest[1]!).count()).toBeGreaterThan(0);
    await page.keyboard.press('j');
    await poll(() => selected.getAttribute('aria-rowindex')).toBe('4');
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await poll(() => selected.getAttribute('aria-rowindex')).toBe('2');
    await page.keyboard.press('End');
    await poll(() => selected.getAttribute('aria-rowindex')).toBe('7');
    await poll(() => page.locator('.detail-pane').getByText(newest[5]!).count()).toBeGreaterThan(0);
    // The focus ring shows on the selected row while the grid has the focus.
    expect(await grid.evaluate((el) => (el as unknown as El).matches(':focus-visible'))).toBe(true);
    const outline = await selected.evaluate(
      (el) => (globalThis as unknown as Styled).getComputedStyle(el as unknown as El).outlineStyle,
    );
    expect(outline).toBe('solid');
    await page.context().close();
  });

  it('fits a 900x600 window, light and dark: no row overflows, no sideways page, no control over another; axe clean', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const viewport of [SMALL, LARGE]) {
        const page = await tableOn({ viewport, colorScheme });
        // On its first cell: a click on the row's middle would scroll a wide table sideways first.
        await rows(page).first().getByRole('gridcell').first().click();
        await page.locator('.detail-pane').waitFor();
        expect(await overflowingRows(page, '.rtable-row')).toEqual([]);
        // Neither the page nor the table in its pane scrolls sideways: every column is in view.
        expect(await sidewaysScroll(page, '[role="grid"]')).toEqual([]);
        expect(await coveredControls(page)).toEqual([]);
        const fit = await columnFit(page);
        expect(fit.problems).toEqual([]);
        // Every column wide enough to read a few characters of its header.
        for (const [name, width] of Object.entries(fit.widths))
          expect(width, name).toBeGreaterThanOrEqual(60);
        // Wide, the detail sits beside the table; at 900 px it goes under it, the table keeping the
        // window's width (beside, every value would be cut) and most of its height.
        const list = (await page.locator('.list-pane').boundingBox())!;
        const detail = (await page.locator('.detail-wrap').boundingBox())!;
        if (viewport === LARGE) expect(detail.x).toBeGreaterThanOrEqual(list.x + list.width);
        else {
          expect(detail.y).toBeGreaterThanOrEqual(list.y + list.height);
          expect(list.width).toBeGreaterThan(viewport.width - 40);
          // Rows to compare: at least three whole rows under the header.
          const grid = (await page.getByRole('grid').boundingBox())!;
          expect(grid.height).toBeGreaterThanOrEqual(36 * 4);
        }
        expect(await seriousAxeViolations(page)).toEqual([]);
        const name = `history-table-view-${colorScheme}`;
        await page.screenshot({ path: path.join(SHOTS, `${name}-${viewport.width}.png`) });
        await page.context().close();
      }
    }
    expect(r.errors).toEqual([]);
  });

  it("speaks Spanish in a small window: the headers, the note, amounts in Spain's format", async () => {
    const page = await r.open('#/history', { viewport: SMALL, locale: 'es-ES' });
    await poll(() => page.locator('.vrow .row-main, .rtable-body [role="row"]').count()).toBe(6);
    if ((await page.getByRole('button', { name: 'Tabla' }).getAttribute('aria-pressed')) !== 'true')
      await page.getByRole('button', { name: 'Tabla' }).click();
    await poll(() => rows(page).count()).toBe(6);
    expect(bare(await page.getByRole('columnheader').allTextContents()).slice(0, 2)).toEqual([
      'Extraído',
      'Estado',
    ]);
    expect(await page.locator('.table-note').textContent()).toContain(
      'Columnas de Invoices, el perfil activo',
    );
    const spanish = new Intl.NumberFormat('es', { style: 'currency', currency: 'EUR' });
    const newest = expected((s) => s.at, 'desc');
    const byNumber = new Map(seeds.map((s) => [s.number, s]));
    expect(await column(page, 'Total')).toEqual(
      newest.map((n) => byNumber.get(n)!.total).map((t) => (t === null ? '—' : spanish.format(t))),
    );
    expect(await overflowingRows(page, '.rtable-row')).toEqual([]);
    expect(await sidewaysScroll(page, '[role="grid"]')).toEqual([]);
    expect(await coveredControls(page)).toEqual([]);
    expect((await columnFit(page)).problems).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'history-table-view-es-900.png') });
    await page.context().close();
    expect(r.errors).toEqual([]);
  });
});
