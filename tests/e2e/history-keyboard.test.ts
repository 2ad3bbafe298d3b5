import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppService } from '../../src/app/service.ts';
import { resultRelPath } from '../../src/core/store/files.ts';
import { parseFieldSpec, type Profile } from '../../src/shared/field.ts';
import type { FieldValue, Result } from '../../src/shared/result.ts';
import { hasChromium, poll, SCREENSHOTS, startRenderer, type RendererHarness } from '../helpers/renderer.ts';
import { storedResult } from '../helpers/stored-result.ts';

/** The page's globals this file touches (the node tsconfig has no DOM lib). */
interface El {
  tagName: string;
  dataset: Record<string, string | undefined>;
  selectionStart: number | null;
  selectionEnd: number | null;
  value?: string;
  textContent: string | null;
  getAttribute(n: string): string | null;
  closest(s: string): El | null;
  matches(s: string): boolean;
}
type Doc = { document: { activeElement: El | null } };

/** Where the focus is: its tag, accessible name, the value it belongs to, and what it selects. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = (globalThis as unknown as Doc).document.activeElement;
    return {
      tag: el?.tagName ?? '',
      name: el?.getAttribute('aria-label') ?? el?.getAttribute('id') ?? el?.textContent?.trim() ?? '',
      value: el?.closest('[data-value-key]')?.dataset.valueKey ?? null,
      // The whole text selected in a box: typing replaces it.
      selected:
        el?.tagName === 'INPUT' && el.value !== undefined
          ? el.selectionStart === 0 && el.selectionEnd === el.value.length
          : null,
      ring: el?.matches(':focus-visible') ?? false,
    };
  });

/**
 * Correcting results with the keyboard alone, in Debian's Chromium against a real AppService: the
 * search hands over to the results, focusing the list selects a row, values are edited in place
 * (one Tab stop each; Enter saves and goes on, Esc puts back, leaving the box saves), numbers are
 * typed as the person writes them, and the dates filter in one Tab stop.
 */
describe.skipIf(!hasChromium)('History corrections, keyboard only', () => {
  let r: RendererHarness;
  let app: AppService;
  let page: Page;
  let profile: Profile;
  const saved: Result[] = [];

  const detail = () => page.locator('.detail-pane');
  const rows = () => page.getByRole('listbox').getByRole('option');
  const count = () => page.locator('.count').textContent();
  const onDisk = async (id: string): Promise<Result> =>
    JSON.parse(await readFile(path.join(r.home, 'results', resultRelPath(id)), 'utf8')) as Result;
  const press = async (...keys: string[]) => {
    for (const key of keys) await page.keyboard.press(key);
  };

  beforeAll(async () => {
    r = await startRenderer();
    app = r.app;
    profile = await app.saveProfile(
      {
        name: 'Receipts',
        fields: parseFieldSpec('Company, Receipt number, Date:date, Total:number, Paid:boolean'),
      },
      { activate: true },
    );
    const store = (at: Date, fields: Record<string, FieldValue>) =>
      app.store.save(
        storedResult(at, profile, fields, { source: { kind: 'file', path: '/scans/receipt.png' } }),
      );
    const now = Date.now();
    // Newest first in the list: the bakery (today), the hardware store (today), the pharmacy (40 days ago).
    saved.push(
      await store(new Date(now - 40 * 86_400_000), {
        company: 'FARMACIA CENTRAL',
        receipt_number: 'F-0007',
        date: '2026-10-20',
        total: 12.4,
        paid: true,
      }),
      await store(new Date(now - 60_000), {
        company: 'HARDWARE HOUSE',
        receipt_number: 'HH-311',
        date: '2026-12-01',
        total: 154.71,
        paid: false,
      }),
      await store(new Date(now), {
        company: 'BAKERY NO. 9',
        receipt_number: 'B-12',
        date: '2026-12-02',
        total: 8.5,
        paid: true,
      }),
    );
    page = await r.open('#/history', { viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await r?.close();
  });

  it('ArrowDown from the search, or Enter as soon as the words are typed, selects the first result', async () => {
    await poll(count).toBe('3 results');
    await press('Control+f');
    await page.keyboard.type('hardware');
    // Enter before the search's pause: what was typed is searched now, and its first row selected.
    await press('Enter');
    await poll(count).toBe('1 result');
    await poll(() => rows().first().getAttribute('aria-selected')).toBe('true');
    expect(await focused(page)).toMatchObject({ tag: 'DIV', ring: true });
    await poll(() => detail().locator('.value').first().textContent()).toBe('HARDWARE HOUSE');

    // Back to the search, clear it, ArrowDown: the whole list, its first row.
    await press('Control+f', 'Backspace', 'ArrowDown');
    await poll(count).toBe('3 results');
    await poll(() => rows().first().getAttribute('aria-selected')).toBe('true');
    await poll(() => detail().locator('.value').first().textContent()).toBe('BAKERY NO. 9');
    expect((await focused(page)).tag).toBe('DIV');
  });

  it('focusing the list from the keyboard selects a row, with a ring that can be seen', async () => {
    await page.reload();
    await poll(count).toBe('3 results');
    expect(await page.locator('[aria-selected="true"]').count()).toBe(0);
    // From the search, on past the filters, the view switch and Export to the list.
    await press('Control+f');
    for (let i = 0; i < 12 && (await focused(page)).tag !== 'DIV'; i++) await press('Tab');
    expect((await focused(page)).name).toBe('History');
    await poll(() => rows().first().getAttribute('aria-selected')).toBe('true');
    await poll(() => detail().locator('.value').first().textContent()).toBe('BAKERY NO. 9');
    const ring = await rows()
      .first()
      .evaluate((el) => {
        const style = (
          globalThis as unknown as {
            getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string; boxShadow: string };
          }
        ).getComputedStyle(el);
        return { outline: `${style.outlineStyle} ${style.outlineWidth}`, shadow: style.boxShadow };
      });
    expect(ring.outline !== 'none 0px' || ring.shadow !== 'none', JSON.stringify(ring)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'history-keyboard-list.png') });
  });

  it('values are edited in place: Enter saves and goes on, Esc puts back, one Tab stop each', async () => {
    // ArrowDown to the hardware store; Tab into the detail, to its first value.
    await press('ArrowDown');
    await poll(() => detail().locator('.value').first().textContent()).toBe('HARDWARE HOUSE');
    for (let i = 0; i < 12 && (await focused(page)).value !== 'company'; i++) await press('Tab');
    expect(await focused(page)).toMatchObject({ value: 'company', name: 'Edit Company (HARDWARE HOUSE)' });
    // One Tab stop per value: Tab walks company, receipt number, date, total, paid.
    const walked: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      await press('Tab');
      walked.push((await focused(page)).value);
    }
    expect(walked).toEqual(['receipt_number', 'date', 'total', 'paid']);
    await press('Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab');
    expect((await focused(page)).value).toBe('company');

    // Enter opens the value in place, all of it selected: typing replaces it.
    await press('Enter');
    expect(await focused(page)).toMatchObject({ tag: 'INPUT', value: 'company', selected: true });
    await page.keyboard.type('HARDWARE HOUSE LTD');
    await press('Enter');
    // Saved, and on to the next value (its button, not yet open).
    await poll(async () => (await onDisk(saved[1]!.id)).fields.company).toBe('HARDWARE HOUSE LTD');
    expect((await onDisk(saved[1]!.id)).fieldMeta.company?.original).toBe('HARDWARE HOUSE');
    await poll(() => focused(page)).toMatchObject({ tag: 'BUTTON', value: 'receipt_number' });

    // Opened and left as it was: Enter changes nothing and goes on.
    await press('Enter', 'Enter');
    await poll(() => focused(page)).toMatchObject({ tag: 'BUTTON', value: 'date' });
    expect((await onDisk(saved[1]!.id)).fieldMeta.receipt_number).toBeUndefined();

    // Esc puts back what was typed; the focus stays on the value.
    await press('Tab'); // the total
    await press('Enter');
    await page.keyboard.type('999');
    await press('Escape');
    await poll(() => focused(page)).toMatchObject({
      tag: 'BUTTON',
      value: 'total',
      name: 'Edit Total (154.71)',
    });
    expect((await onDisk(saved[1]!.id)).fields.total).toBe(154.71);

    // Not a number: it says so and keeps what was typed, nothing saved.
    await press('Enter');
    await page.keyboard.type('abc');
    await press('Enter');
    await poll(() => detail().locator('[data-value-key="total"] .error').count()).toBe(1);
    expect(await focused(page)).toMatchObject({ tag: 'INPUT', value: 'total' });
    await press('Control+a');
    await page.keyboard.type('145.71');
    await press('Enter');
    await poll(async () => (await onDisk(saved[1]!.id)).fields.total).toBe(145.71);
    await poll(() => focused(page)).toMatchObject({ value: 'paid' });

    // The last value: Enter saves and the focus stays on it (a select: Yes / No).
    await press('Enter');
    expect(await focused(page)).toMatchObject({ tag: 'SELECT', value: 'paid' });
    await press('ArrowUp'); // No -> Yes
    await press('Enter');
    await poll(async () => (await onDisk(saved[1]!.id)).fields.paid).toBe(true);
    await poll(() => focused(page)).toMatchObject({ tag: 'BUTTON', value: 'paid', name: 'Edit Paid (Yes)' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'history-keyboard-edited.png') });
  });

  it('leaving a value being edited saves it: nothing typed is lost', async () => {
    await press('Shift+Tab', 'Shift+Tab', 'Shift+Tab'); // back to the receipt number
    expect((await focused(page)).value).toBe('receipt_number');
    await press('Enter');
    await page.keyboard.type('HH-312');
    // Tab goes to the box's own Save and Cancel first (nothing saved yet), then out of it.
    await press('Tab');
    expect((await focused(page)).value).toBe('receipt_number');
    await press('Tab', 'Tab');
    await poll(async () => (await onDisk(saved[1]!.id)).fields.receipt_number).toBe('HH-312');
    expect((await focused(page)).value).toBe('date');
  });

  it('Ctrl+C on a value copies it as shown, and Copy takes no Tab stop', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await press('Tab'); // the total
    expect((await focused(page)).value).toBe('total');
    await press('Control+c');
    await poll(() =>
      page.evaluate(() =>
        (
          globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
        ).navigator.clipboard.readText(),
      ),
    ).toBe('145.71');
    await press('Tab');
    expect((await focused(page)).value).toBe('paid');
  });

  it('a Spanish clerk edits 154,71 as 154,71', async () => {
    const es = await r.open('#/history', { locale: 'es-ES', viewport: { width: 1280, height: 800 } });
    await poll(() => es.locator('.count').textContent()).toBe('3 resultados');
    await es.keyboard.press('Control+f');
    await es.keyboard.type('farmacia');
    await es.keyboard.press('ArrowDown');
    await poll(() => es.locator('.detail-pane [data-value-key="total"] .value').textContent()).toBe('12,4');
    // Tab from the list to the total, then Enter.
    for (let i = 0; i < 20 && (await focused(es)).value !== 'total'; i++) await es.keyboard.press('Tab');
    await es.keyboard.press('Enter');
    expect(await es.locator('.detail-pane input').inputValue()).toBe('12,4');
    await es.keyboard.type('12,45');
    await es.keyboard.press('Enter');
    await poll(async () => (await onDisk(saved[0]!.id)).fields.total).toBe(12.45);
    await es.close();
  });

  it('the date filter is one Tab stop: Today, from the keyboard', async () => {
    await press('Control+f');
    const stops: string[] = [];
    for (let i = 0; i < 5; i++) {
      await press('Tab');
      stops.push((await focused(page)).name);
    }
    // Search, then status, needs review, profile, the date range, and on to the view switch.
    expect(stops).toEqual(['status-filter', 'review-filter', 'profile-filter', 'range-filter', 'List']);
    await press('Shift+Tab');
    // A closed select takes the arrows: Any time -> Today.
    await press('ArrowDown');
    await poll(count).toBe('2 results');
    expect(await page.getByLabel('Date', { exact: true }).inputValue()).toBe('today');
    // Custom starts from the days the range before it (Last month) covered, in two date boxes.
    for (let i = 0; i < 5; i++) await press('ArrowDown');
    expect(await page.getByLabel('Date', { exact: true }).inputValue()).toBe('custom');
    const from = await page.getByLabel('From', { exact: true }).inputValue();
    const to = await page.getByLabel('To', { exact: true }).inputValue();
    expect(from).toMatch(/^\d{4}-\d{2}-01$/);
    expect(to.slice(0, 7)).toBe(from.slice(0, 7));
    expect(to > from).toBe(true);
    await press('Home');
    await poll(count).toBe('3 results');
  });

  it('a window left open overnight: "Today" moves on to the new day at midnight, where the person is', async () => {
    // Madrid is UTC+2 in June: its midnight is 22:00 UTC, so a UTC day would show the wrong rows.
    const night = await app.saveProfile({ name: 'Night shift', fields: parseFieldSpec('Company') });
    await app.store.save(storedResult('2026-06-10T10:00:00Z', night, { company: 'NOON DELI' }));
    await app.store.save(storedResult('2026-06-10T22:00:30Z', night, { company: 'EARLY BIRD CAFE' }));
    const tab = await r.open(undefined, { timezoneId: 'Europe/Madrid' });
    // 20 seconds before midnight in Madrid; the page's clock runs on by itself from there.
    await tab.clock.install({ time: new Date('2026-06-10T21:59:40Z') });
    await tab.goto(`${r.bridge.url}/#/history`);
    await tab.locator('#profile-filter').selectOption({ label: 'Night shift' });
    await tab.locator('#range-filter').selectOption('today');
    const names = () => tab.getByRole('listbox').getByRole('option').allTextContents();
    await poll(names).toEqual([expect.stringContaining('NOON DELI')]);
    // Past midnight: nobody touches the filter, and the list shows the new day's results.
    await tab.clock.fastForward('00:30');
    await poll(names).toEqual([expect.stringContaining('EARLY BIRD CAFE')]);
    expect(await tab.locator('#range-filter').inputValue()).toBe('today');
    await tab.context().close();
  });
});
