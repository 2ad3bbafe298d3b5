import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppService } from '../../src/app/service.ts';
import type { BridgeServer } from '../../src/app/bridge-server.ts';
import type { IpcOutcome } from '../../src/shared/ipc-client.ts';
import type { Result } from '../../src/shared/result.ts';
import { renderDocument, type SyntheticDocument } from '../helpers/documents.ts';
import {
  hasChromium,
  seriousAxeViolations,
  startRenderer,
  type RendererHarness,
  poll,
} from '../helpers/renderer.ts';

/** The page's globals this file touches (the node tsconfig has no DOM lib). */
type Clipboardy = { navigator: { clipboard: { readText(): Promise<string> } } };

/**
 * The two windows in Debian's Chromium, wired to a real AppService (temp data home, offline engine)
 * over the loopback bridge, with the renderer built by Vite and served from the bridge's origin so
 * the page runs under its real CSP. One story, in order: define a profile, extract, find it in
 * History, correct a value, export, delete; axe (light and dark) on the way.
 */
describe.skipIf(!hasChromium)('Settings and History in Chromium', () => {
  let home: string;
  let app: AppService;
  let bridge: BridgeServer;
  let r: RendererHarness;
  let page: Page;
  let invoice: SyntheticDocument;
  let others: SyntheticDocument[];
  let result: Result;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    const [started, docs] = await Promise.all([
      startRenderer(),
      Promise.all([7, 11, 23].map((seed) => renderDocument({ kind: 'invoice', seed }))),
    ]);
    r = started;
    ({ home, app, bridge } = r);
    pageErrors = r.errors;
    [invoice, ...others] = docs as [SyntheticDocument, ...SyntheticDocument[]];
    page = await r.open(undefined, {
      viewport: { width: 1280, height: 820 },
      screen: { width: 1920, height: 1080 },
      clipboard: true,
    });
  });

  afterAll(() => r?.close());

  /** No serious or critical axe violations, light and dark (the README's pictures: readme-screenshots). */
  async function checkWindow(name: string): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousAxeViolations(page), `${name} ${scheme}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  it('defines a profile with three fields in Settings', async () => {
    await page.goto(`${bridge.url}/#/settings`);
    await poll(() => page.getByText('No profiles yet').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'New profile' }).click();
    // A save with an empty field shows the schema's problem inline, tied to the input.
    await page.getByRole('button', { name: 'Save profile' }).click();
    const label1 = page.getByLabel('Label', { exact: true }).nth(0);
    await poll(() => label1.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('Give the field a label.').count()).toBe(1);

    await page.getByLabel('Profile name').fill('Invoices');
    await label1.fill('Invoice number');
    await page.getByRole('button', { name: 'Add field' }).click();
    // The new field's label has focus: type straight into it.
    await page.keyboard.type('Total');
    await page.getByLabel('Type', { exact: true }).nth(1).selectOption('number');
    await page.getByRole('button', { name: 'Add field' }).click();
    await page.keyboard.type('Date');
    await page.getByLabel('Type', { exact: true }).nth(2).selectOption('date');
    // Keyboard reordering: Alt+Up twice takes "Date" to the top (focus stays in it), then a button
    // takes it one place down.
    await page.getByLabel('Label', { exact: true }).nth(2).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await page.keyboard.press('Alt+ArrowUp');
    const labels = async () =>
      Promise.all((await page.getByLabel('Label', { exact: true }).all()).map((input) => input.inputValue()));
    expect(await labels()).toEqual(['Date', 'Invoice number', 'Total']);
    expect(await page.locator(':focus').inputValue()).toBe('Date');
    await page.getByRole('button', { name: 'Move "Date" down' }).click();
    expect(await labels()).toEqual(['Invoice number', 'Date', 'Total']);
    // The offline engine's hints are under the field's Advanced.
    const date = page.getByRole('group', { name: 'Date', exact: true });
    await date.getByText('Advanced').click();
    await date.getByLabel('Labels on the document').fill('Invoice date, Date');
    // The example is the field's own name, not one invoice label for every field.
    expect(await page.getByLabel('Labels on the document').nth(2).getAttribute('placeholder')).toBe(
      'e.g. Total, …',
    );

    await page.getByRole('button', { name: 'Save profile' }).click();
    await poll(() => page.getByRole('status').first().textContent()).toBe('Saved.');
    const [profile] = app.profiles();
    expect(profile?.name).toBe('Invoices');
    expect(profile?.fields.map((f) => [f.key, f.type])).toEqual([
      ['invoice_number', 'text'],
      ['date', 'date'],
      ['total', 'number'],
    ]);
    expect(profile?.fields[1]?.hints?.labels).toEqual(['Invoice date', 'Date']);
    expect(await page.getByRole('button', { name: /Invoices\s*Active/ }).count()).toBe(1);

    await page.getByRole('button', { name: 'View JSON Schema' }).click();
    await poll(() => page.locator('pre.code').textContent()).toContain('"invoice_number"');
    // The estimate for the screen (1920x1080) once a cloud provider is picked.
    await page.locator('#provider').selectOption('openai');
    await poll(() => page.locator('#detail-auto-estimate').textContent()).toMatch(/input tokens/);
    await checkWindow('settings');
    await page.locator('#provider').selectOption('local');
  });

  it('extracts generated invoices through the contract (extract:file, bytes and path)', async () => {
    const call = (request: unknown) =>
      page.evaluate(async (body) => {
        // Relative: the page is at /<token>/ and the bridge answers only under it.
        const response = await fetch('ipc/extract:file', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        return (await response.json()) as IpcOutcome;
      }, JSON.stringify(request));
    const outcome = await call({ source: { bytesBase64: invoice.png.toString('base64') } });
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    result = (outcome as { value: Result }).value;
    expect(result.status).toBe('ok');
    expect(result.fields).toEqual({
      invoice_number: invoice.truth.invoice_number,
      date: invoice.truth.date,
      total: invoice.truth.total,
    });
    // Two more, from files main reads itself, so History has a list to show.
    for (const other of others) {
      const file = path.join(home, `invoice-${String(other.truth.invoice_number)}.png`);
      await writeFile(file, other.png);
      const more = await call({ source: { path: file } });
      expect(more.ok, JSON.stringify(more)).toBe(true);
    }
  });

  it('shows them in History, keeps the original when a value is corrected, filters, exports, deletes', async () => {
    await page.goto(`${bridge.url}/#/history`);
    const count = page.locator('.count');
    await poll(() => count.textContent()).toBe('3 results');
    const rows = page.getByRole('listbox').getByRole('option');
    // Newest first.
    const numbers = [...others].reverse().map((d) => String(d.truth.invoice_number));
    await poll(async () => (await rows.allTextContents()).map((t) => /INV-\d+/.exec(t)?.[0])).toEqual([
      ...numbers,
      String(invoice.truth.invoice_number),
    ]);

    // Keyboard: focus the list, End selects the oldest row; the detail pane follows.
    await page.getByRole('listbox').focus();
    await page.keyboard.press('End');
    const detail = page.locator('.detail-pane');
    await poll(() => detail.locator('.value').first().textContent()).toBe(invoice.truth.invoice_number);
    const image = detail.getByRole('img');
    await poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(
      invoice.width,
    );

    await detail.getByRole('button', { name: /^Edit Total \(/ }).click();
    await detail.getByLabel('Total', { exact: true }).fill('999.50');
    await detail.getByRole('button', { name: 'Save' }).click();
    await poll(() => detail.getByText(/^Extracted: /).textContent()).toMatch(/Extracted: [\d,.]+/);
    const stored = await app.store.get(result.id);
    expect(stored?.fields.total).toBe(999.5);
    expect(stored?.fieldMeta.total?.original).toBe(invoice.truth.total);
    await poll(() => rows.last().getByText('changed').count()).toBe(1);

    await checkWindow('history');

    await detail.getByRole('button', { name: 'Copy JSON' }).click();
    const copied = JSON.parse(
      await page.evaluate(() => (globalThis as unknown as Clipboardy).navigator.clipboard.readText()),
    ) as Result;
    expect(copied.id).toBe(result.id);

    await page.getByLabel('Status', { exact: true }).selectOption('failed');
    await poll(() => page.getByText('No result matches.').isVisible()).toBe(true);
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await poll(() => count.textContent()).toBe('3 results');
    await page.getByLabel('Search', { exact: true }).fill(String(invoice.truth.invoice_number));
    await poll(() => count.textContent()).toBe('1 result');

    // Export what the filter shows.
    await page.getByLabel('Format', { exact: true }).selectOption('csv');
    await page.getByRole('button', { name: 'Export…', exact: true }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Exported' });
    await poll(() => notice.textContent()).toMatch(/^Exported 1 result to .+\.csv$/);
    const file = (await notice.textContent())!.replace(/^Exported 1 result to /, '');
    expect(path.dirname(file)).toBe(path.join(home, 'exports'));
    const csv = (await readFile(file, 'utf8'))
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(csv[0]).toBe('id,createdAt,profile,status,invoice_number,date,total,image');
    expect(csv[1]).toContain(`${result.id},`);
    expect(csv[1]).toContain(
      `,Invoices,ok,${String(invoice.truth.invoice_number)},${String(invoice.truth.date)},999.5,`,
    );

    expect(csv).toHaveLength(2);

    await rows.first().click();
    await detail.getByRole('button', { name: 'Delete result' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await poll(() => page.getByText('No result matches.').isVisible()).toBe(true);
    expect(await app.store.get(result.id)).toBeNull();
    expect(existsSync(result.image.path)).toBe(false);
    await page.getByLabel('Search', { exact: true }).fill('');
    await poll(() => count.textContent()).toBe('2 results');
    // No script error and no CSP violation (Chromium reports those on the console) all along.
    expect(pageErrors).toEqual([]);
  });
});
