import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../src/core/checks/checks.ts';
import { parseFieldSpec, type Profile } from '../../src/shared/field.ts';
import { needsReview, type FieldValue, type Result } from '../../src/shared/result.ts';
import {
  hasChromium,
  SCREENSHOTS,
  seriousAxeViolations,
  startRenderer,
  type RendererHarness,
  poll,
} from '../helpers/renderer.ts';
import { storedResult } from '../helpers/stored-result.ts';

/**
 * Where screenshots of every state go, at both window sizes, light and dark, for a person to look
 * at: only when EXTRACTO_SHOTS names a folder (forty of them would double this file's time).
 * docs/ keeps one, for the README (SCREENSHOTS).
 */
const SHOTS = process.env.EXTRACTO_SHOTS;
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 900, height: 600 };

/** The page's globals this file reads (the node tsconfig has no DOM lib). */
type Focused = { document: { activeElement: { id: string } | null } };
type Clipboardy = { navigator: { clipboard: { readText(): Promise<string> } } };
const focusedId = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as Focused).document.activeElement?.id ?? '');

const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** The invoice as printed: the third line's amount is 19.50 (the extraction below misread it). */
const LINES = [
  { description: 'Printer paper A4', quantity: 4, unit_price: eur(5.25), amount: eur(21) },
  { description: 'Blue pens, box of 10', quantity: 2, unit_price: eur(3.9), amount: eur(7.8) },
  { description: 'USB-C cable', quantity: 3, unit_price: eur(6.5), amount: eur(19.5) },
];

/** A picture of that invoice, for the detail's screenshot column. */
async function invoicePng(): Promise<{ png: Buffer; width: number; height: number }> {
  const width = 620;
  const lines: [string, string, string, string][] = [
    ['Description', 'Qty', 'Unit price', 'Amount'],
    ...LINES.map((l): [string, string, string, string] => [
      l.description,
      String(l.quantity),
      l.unit_price.amount.toFixed(2),
      l.amount.amount.toFixed(2),
    ]),
  ];
  const text = (x: number, y: number, s: string, extra = '') =>
    `<text x="${x}" y="${y}" ${extra}>${s}</text>`;
  const rows = lines.flatMap(([d, q, p, a], i) => {
    const y = 170 + i * 30;
    const bold = i === 0 ? 'font-weight="bold"' : '';
    return [
      text(30, y, d, bold),
      text(360, y, q, `text-anchor="end" ${bold}`),
      text(470, y, p, `text-anchor="end" ${bold}`),
      text(590, y, a, `text-anchor="end" ${bold}`),
    ];
  });
  const totals = [
    ['Subtotal', '48.30'],
    ['VAT 21%', '10.14'],
    ['TOTAL EUR', '58.44'],
  ].flatMap(([l, v], i) => [
    text(360, 320 + i * 30, l!, i === 2 ? 'font-weight="bold"' : ''),
    text(590, 320 + i * 30, v!, `text-anchor="end"${i === 2 ? ' font-weight="bold"' : ''}`),
  ]);
  const height = 430;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/><g font-family="DejaVu Sans" font-size="16" fill="#111">${text(30, 50, 'INVOICE', 'font-size="24" font-weight="bold"')}${text(30, 85, 'No. F-2026-0042   Date: 2026-03-02   Due: 2026-04-01')}${rows.join('')}${totals.join('')}</g></svg>`;
  return { png: await sharp(Buffer.from(svg)).png().toBuffer(), width, height };
}

function stored(at: string, profile: Profile, fields: Record<string, FieldValue>): Result {
  // The checks as the pipeline runs them after an extraction, on these values.
  return storedResult(at, profile, fields, { checks: runChecks(profile, fields), durationMs: 2140 });
}

/**
 * Line items in the windows, against a real AppService: History shows a table field as a table,
 * each cell edited in place, rows added and removed, and the checks run again by the app on each
 * correction; a failed check marks the result for review (a badge, a filter). Settings defines a
 * table field with its columns and roles, turns a check off, and the JSON Schema shows the array.
 */
describe.skipIf(!hasChromium)('Line items: a table field and its checks', () => {
  let r: RendererHarness;
  let page: Page;
  let invoices: Profile;
  let misread: Result;
  let plain: Result;

  const detail = () => page.locator('.detail-pane');
  const count = () => page.locator('.count').textContent();
  const rows = () => page.getByRole('listbox').getByRole('option');
  const table = () => detail().getByRole('table', { name: 'Items' });
  const failed = () => detail().locator('.checks .check-failed');
  const cell = (row: number, column: string) => table().locator(`#table-items-${row}-${column}`);
  /** The <td> around a cell's button. */
  const td = (row: number, column: string) => cell(row, column).locator('xpath=..');

  beforeAll(async () => {
    const [started, image] = await Promise.all([startRenderer(), invoicePng()]);
    r = started;
    invoices = await r.app.saveProfile(
      {
        name: 'Invoices',
        fields: parseFieldSpec(
          'Invoice number, Items:table(Description, Quantity:number, Unit price:currency, Amount:currency), Subtotal:currency, Tax:currency, Total:currency, Date:date, Due date:date',
        ),
      },
      { activate: true },
    );
    // Read with one mistake: 18.50 for the cable's 19.50. Its row and the line sum do not add up.
    const extracted = structuredClone(LINES);
    extracted[2]!.amount = eur(18.5);
    misread = await r.app.store.save(
      {
        ...stored('2026-03-02T10:15:00.000Z', invoices, {
          invoice_number: 'F-2026-0042',
          items: extracted,
          subtotal: eur(48.3),
          tax: eur(10.14),
          total: eur(58.44),
          date: '2026-03-02',
          due_date: '2026-04-01',
        }),
        image: { path: '', width: image.width, height: image.height, sha256: '' },
      },
      { data: image.png, ext: 'png' },
    );
    plain = await r.app.store.save(
      stored('2026-03-01T09:00:00.000Z', invoices, {
        invoice_number: 'F-2026-0041',
        items: [],
        subtotal: null,
        tax: null,
        total: eur(12),
        date: '2026-03-01',
        due_date: null,
      }),
    );
    expect(needsReview(misread)).toBe(true);
    expect(needsReview(plain)).toBe(false);
    page = await r.open('#/history', { viewport: WIDE, timezoneId: 'Europe/Madrid', clipboard: true });
    if (SHOTS) await mkdir(SHOTS, { recursive: true });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(() => r?.close());

  /**
   * No serious axe finding in light and dark, or in light only ('light': a whole Settings window
   * takes axe about eight seconds here), or none (null: a state whose parts were checked already);
   * screenshots when asked for (SHOTS), then again with `show` scrolled into view.
   */
  async function look(
    target: Page,
    name: string,
    axe: 'both' | 'light' | null,
    show?: Locator,
  ): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await target.emulateMedia({ colorScheme: scheme });
      if (axe === 'both' || (axe === 'light' && scheme === 'light'))
        expect(await seriousAxeViolations(target), `${name} ${scheme}`).toEqual([]);
      for (const size of SHOTS ? [NARROW, WIDE] : []) {
        await target.setViewportSize(size);
        await target.screenshot({ path: path.join(SHOTS!, `${name}-${size.width}-${scheme}.png`) });
        if (!show) continue;
        await show.scrollIntoViewIfNeeded();
        await target.screenshot({ path: path.join(SHOTS!, `${name}-${size.width}-${scheme}-scrolled.png`) });
      }
    }
    await target.emulateMedia({ colorScheme: 'light' });
  }

  it('marks the result for review in the list, with a filter for those', async () => {
    await poll(count).toBe('2 results');
    expect(await rows().first().textContent()).toContain('Needs review');
    // A row shows the invoice's number, date and total (its line items are in the detail).
    expect(await rows().first().textContent()).toContain('Total €58.44');
    expect(await rows().last().textContent()).not.toContain('Needs review');

    // The README's picture: History with a table and a failed check.
    await rows().first().click();
    await poll(() => table().locator('tbody tr').count()).toBe(3);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'history-table-light.png') });

    await page.getByLabel('Needs review', { exact: true }).check();
    await poll(count).toBe('1 result');
    expect(await rows().first().textContent()).toContain('F-2026-0042');
  });

  it('shows the table and what did not add up, by how much, on the cells compared', async () => {
    await rows().first().click();
    await poll(() => table().locator('tbody tr').count()).toBe(3);
    expect(await table().locator('thead th').allTextContents()).toEqual([
      'Row',
      'Description',
      'Quantity',
      'Unit price',
      'Amount',
      'Remove',
    ]);
    expect(await cell(2, 'amount').textContent()).toBe('€18.50');
    // Numbers line up on the right, words on the left.
    type Styled = { getComputedStyle(el: unknown): { textAlign: string } };
    const align = (row: number, column: string) =>
      td(row, column).evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).textAlign);
    expect(await align(0, 'amount')).toBe('right');
    expect(await align(0, 'description')).toBe('left');

    expect(await detail().locator('.pill-review').textContent()).toBe('Needs review');
    expect(await failed().allTextContents()).toEqual([
      '✗Does not add up: The 3 line amounts add up to 47.30, but the subtotal says 48.30 (off by 1.00).',
      '✗Does not add up: Row 3: 3 × 6.50 = 19.50, but its amount says 18.50 (off by 1.00).',
    ]);
    // Failed first, then the ones that add up.
    expect(await detail().locator('.checks li').last().getAttribute('class')).toBe('check-ok');
    // The cells the failed checks compared are marked, the others not.
    const flagged = async (row: number, column: string) =>
      ((await td(row, column).getAttribute('class')) ?? '').split(' ').includes('flagged');
    expect(await flagged(2, 'amount')).toBe(true);
    expect(await flagged(2, 'quantity')).toBe(true);
    expect(await flagged(0, 'amount')).toBe(true);
    expect(await flagged(0, 'description')).toBe(false);
    expect(await detail().locator('.value-row.flagged dt').first().textContent()).toContain('Subtotal');

    // Copied as a spreadsheet pastes it: a header line, then one tab-separated line per row.
    await detail().getByRole('button', { name: 'Copy Items' }).click();
    expect(
      await page.evaluate(() => (globalThis as unknown as Clipboardy).navigator.clipboard.readText()),
    ).toBe(
      [
        'Description\tQuantity\tUnit price\tAmount',
        'Printer paper A4\t4\t€5.25\t€21.00',
        'Blue pens, box of 10\t2\t€3.90\t€7.80',
        'USB-C cable\t3\t€6.50\t€18.50',
      ].join('\n'),
    );

    await look(page, 'table-failed', 'both', table());
  });

  it('says it in Spanish, with the numbers written the Spanish way', async () => {
    await r.app.saveSettings({ ...r.app.getSettings(), locale: 'es' });
    await page.reload();
    await page.getByLabel('Por revisar', { exact: true }).check();
    await poll(count).toBe('1 resultado');
    await rows().first().click();
    await poll(() => failed().first().textContent()).toBe(
      '✗No cuadra: Los 3 importes de las líneas suman 47,30, pero el subtotal dice 48,30 (diferencia: 1,00).',
    );
    expect(await rows().first().textContent()).toMatch(/Total 58,44\s€/);
    expect(
      await detail().getByRole('table', { name: 'Items' }).locator('thead th').first().textContent(),
    ).toBe('Fila');
    expect(await cell(2, 'amount').textContent()).toMatch(/^18,50\s€$/);
    await look(page, 'table-es', null, table());
    await r.app.saveSettings({ ...r.app.getSettings(), locale: 'en' });
    await page.reload();
    await page.getByLabel('Needs review', { exact: true }).check();
    await rows().first().click();
    await poll(() => table().locator('tbody tr').count()).toBe(3);
  });

  it('edits a cell in place: Esc puts it back, a wrong value says why, Enter saves and the checks run again', async () => {
    // Esc: nothing saved, the value as it was, the focus back on the cell.
    await cell(0, 'quantity').click();
    const input = table().locator('#table-items-0-quantity-input');
    await input.fill('9');
    await input.press('Escape');
    await poll(() => cell(0, 'quantity').textContent()).toBe('4');
    await poll(() => focusedId(page)).toBe('table-items-0-quantity');
    expect((await r.app.store.get(misread.id))?.fieldMeta.items).toBeUndefined();

    // Not a number: said under the box, which stays open.
    await cell(0, 'quantity').click();
    await input.fill('many');
    await input.press('Enter');
    await poll(() => input.getAttribute('aria-invalid')).toBe('true');
    expect(await table().locator('#table-items-0-quantity-error').textContent()).toBe('Number');
    await input.press('Escape');

    // Enter on a cell goes down the column, as in a spreadsheet: from row 1's quantity to row 2's.
    await cell(0, 'quantity').click();
    await input.press('Enter');
    await poll(() => focusedId(page)).toBe('table-items-1-quantity');
    expect((await r.app.store.get(misread.id))?.fieldMeta.items).toBeUndefined(); // unchanged: not saved

    // The amount as printed: both checks add up now, as the app says after running them again.
    await cell(2, 'amount').click();
    const amount = table().getByLabel('Amount, row 3', { exact: true });
    expect(await amount.inputValue()).toBe('18.5');
    await amount.fill('19.50');
    await amount.press('Enter');
    await poll(() => cell(2, 'amount').textContent()).toBe('€19.50');
    await poll(() => failed().count()).toBe(0);
    // The last row: the focus stays on its cell.
    await poll(() => focusedId(page)).toBe('table-items-2-amount');
    expect(await detail().locator('.pill-review').count()).toBe(0);
    await poll(() => page.locator('p.status').textContent()).toBe('Saved. Every check adds up now.');
    expect(await table().locator('td.flagged').count()).toBe(0);
    const after = (await r.app.store.get(misread.id))!;
    expect(needsReview(after)).toBe(false);
    expect(after.fields.items).toEqual(LINES);
    // What the extraction said is kept, the whole table of it.
    expect((after.fieldMeta.items?.original as typeof LINES)[2]!.amount).toEqual(eur(18.5));
    expect(await detail().locator('.value-row-table .badge-changed').textContent()).toBe('changed');
    await detail().getByText('As extracted (3 rows)').click();
    expect(await detail().locator('.cells-readonly tbody tr').nth(2).textContent()).toContain('€18.50');
    await look(page, 'table-fixed', null, table());

    // No longer needs review: the filtered list empties; the result stays on screen.
    await poll(count).toBe('0 results');
    await page.getByLabel('Needs review', { exact: true }).uncheck();
    await poll(count).toBe('2 results');
    expect(await rows().first().textContent()).not.toContain('Needs review');
    await rows().first().click();
  });

  it('adds a row, typed into straight away, and removes it; the checks follow', async () => {
    await detail().getByRole('button', { name: 'Add row' }).click();
    await poll(() => table().locator('tbody tr').count()).toBe(4);
    await poll(() => focusedId(page)).toBe('table-items-3-description-input');
    await page.keyboard.type('Delivery');
    await page.keyboard.press('Enter');
    await poll(() => cell(3, 'description').textContent()).toBe('Delivery');
    await cell(3, 'amount').click();
    await page.keyboard.type('4');
    await page.keyboard.press('Enter');
    // A new amount in a currency column takes the column's currency.
    await poll(() => cell(3, 'amount').textContent()).toBe('€4.00');
    await poll(() => failed().allTextContents()).toEqual([
      '✗Does not add up: The 4 line amounts add up to 52.30, but the subtotal says 48.30 (off by 4.00).',
    ]);
    await poll(() => page.locator('p.status').textContent()).toBe(
      'Saved. A check does not add up now: see Checks.',
    );
    expect((await r.app.store.get(misread.id))?.fields.items).toHaveLength(4);
    await look(page, 'table-added', null, table());

    await detail().getByRole('button', { name: 'Remove row 4' }).click();
    await poll(() => table().locator('tbody tr').count()).toBe(3);
    await poll(() => failed().count()).toBe(0);
    // The focus goes to the row above's button, not to the page.
    await poll(() => focusedId(page)).toBe('table-items-remove-2');
    const after = (await r.app.store.get(misread.id))!;
    expect(after.fields.items).toEqual(LINES);
    expect(needsReview(after)).toBe(false);
    expect(r.errors).toEqual([]);
  });

  it('defines a table field with its columns and roles in Settings; the schema shows the array', async () => {
    const settings = await r.open('#/settings', { viewport: WIDE });
    await settings.getByRole('button', { name: 'New profile' }).click();
    await settings.getByLabel('Profile name').fill('Purchase orders');
    await settings.getByLabel('Label', { exact: true }).first().fill('Order');
    await settings.getByRole('button', { name: 'Add field' }).click();
    await settings.keyboard.type('Lines');
    const lines = settings.getByRole('group', { name: 'Lines', exact: true });
    // A table starts with one column to fill in; Add column gives the next, its label focused.
    await lines.getByLabel('Type', { exact: true }).first().selectOption('table');
    await lines.getByLabel('Column', { exact: true }).first().fill('Article');
    await lines.getByRole('button', { name: 'Add column' }).click();
    await settings.keyboard.type('Pieces');
    await lines.getByLabel('Type', { exact: true }).nth(2).selectOption('number');
    await lines.getByRole('button', { name: 'Add column' }).click();
    await settings.keyboard.type('Importe');
    await lines.getByLabel('Type', { exact: true }).nth(3).selectOption('currency');
    // The first choice of a role says what the key gives: the person sees when to pick one.
    const role = lines.getByLabel('Role in checks', { exact: true });
    const fromKey = (i: number) => role.nth(i).locator('option').first().textContent();
    expect(await fromKey(0)).toBe('From the key (Description)');
    expect(await fromKey(1)).toBe('From the key (none)');
    expect(await fromKey(2)).toBe('From the key (Line amount)');
    await role.nth(1).selectOption('quantity');
    // Alt+↑ on the last column moves it among the columns, not the field among the fields.
    await lines.getByLabel('Column', { exact: true }).nth(2).focus();
    await settings.keyboard.press('Alt+ArrowUp');
    const columnLabels = async () =>
      Promise.all(
        (await lines.getByLabel('Column', { exact: true }).all()).map((input) => input.inputValue()),
      );
    expect(await columnLabels()).toEqual(['Article', 'Importe', 'Pieces']);
    expect(await settings.getByLabel('Label', { exact: true }).nth(1).inputValue()).toBe('Lines');

    await settings.getByRole('button', { name: 'Add field' }).click();
    await settings.keyboard.type('Sum due');
    const sum = settings.getByRole('group', { name: 'Sum due', exact: true });
    await sum.getByLabel('Type', { exact: true }).selectOption('number');
    await sum.getByLabel('Role in checks', { exact: true }).selectOption('total');
    // The checks compare amounts and dates: a text field is offered no role.
    const order = settings.getByRole('group', { name: 'Order', exact: true });
    expect(await order.getByLabel('Role in checks', { exact: true }).count()).toBe(0);
    await settings.getByLabel('The due date is not before the invoice date').uncheck();

    await settings.getByRole('button', { name: 'Save profile' }).click();
    await poll(() => settings.getByRole('status').first().textContent()).toBe('Saved.');
    const saved = r.app.profiles().find((p) => p.name === 'Purchase orders')!;
    expect(saved.fields).toEqual([
      { key: 'order', label: 'Order', type: 'text' },
      {
        key: 'lines',
        label: 'Lines',
        type: 'table',
        columns: [
          { key: 'article', label: 'Article', type: 'text' },
          { key: 'importe', label: 'Importe', type: 'currency' },
          { key: 'pieces', label: 'Pieces', type: 'number', role: 'quantity' },
        ],
      },
      { key: 'sum_due', label: 'Sum due', type: 'number', role: 'total' },
    ]);
    expect(saved.checksOff).toEqual(['due_after_date']);

    // Read back as saved.
    await settings.reload();
    await settings.getByRole('button', { name: /^Purchase orders/ }).click();
    const back = settings.getByRole('group', { name: 'Lines', exact: true });
    await poll(() => back.getByLabel('Column', { exact: true }).nth(1).inputValue()).toBe('Importe');
    expect(await back.getByLabel('Role in checks', { exact: true }).nth(2).inputValue()).toBe('quantity');
    expect(await settings.getByLabel('The due date is not before the invoice date').isChecked()).toBe(false);
    expect(await settings.getByLabel('Subtotal + tax = total').isChecked()).toBe(true);

    await settings.getByRole('button', { name: 'View JSON Schema' }).click();
    await poll(() => settings.locator('pre.code').textContent()).toContain('"type": "array"');
    expect(await settings.locator('pre.code').textContent()).toContain('"importe"');
    await look(settings, 'settings-table', 'light', back);

    // Exported and imported again: the same fields, columns, roles and checks.
    const downloading = settings.waitForEvent('download');
    await settings.getByRole('button', { name: 'Export as JSON' }).click();
    const text = await readFile((await (await downloading).path())!, 'utf8');
    await settings
      .locator('input[type="file"]')
      .setInputFiles({ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await poll(() => r.app.profiles().some((p) => p.name === 'Purchase orders (imported)')).toBe(true);
    const imported = r.app.profiles().find((p) => p.name === 'Purchase orders (imported)')!;
    expect({ ...imported, id: saved.id, name: saved.name }).toEqual(saved);
    expect(r.errors).toEqual([]);
    await settings.context().close();
  });
});
