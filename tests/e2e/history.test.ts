import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeServer } from '../../src/app/bridge-server.ts';
import type { AppService } from '../../src/app/service.ts';
import { resultRelPath, serializeResult } from '../../src/core/store/files.ts';
import { parseFieldSpec, type Profile } from '../../src/shared/field.ts';
import { message } from '../../src/shared/messages/catalogue.ts';
import type { Result } from '../../src/shared/result.ts';
import { storedError } from '../../src/shared/stored-error.ts';
import { storedResult } from '../helpers/stored-result.ts';
import { renderDocument, type SyntheticDocument } from '../helpers/documents.ts';
import { chatCompletion, FakeApi } from '../helpers/fake-apis.ts';
import {
  hasChromium,
  seriousAxeViolations,
  startRenderer,
  type RendererHarness,
  poll,
} from '../helpers/renderer.ts';

/** Screenshots of the states this file reaches, for a person to look at (docs/ keeps ui.test.ts's). */
const SHOTS = process.env.EXTRACTO_SHOTS ?? path.join(tmpdir(), 'extracto-history-shots');
const ROUTE = 'POST /v1/chat/completions';
const MODEL = 'qwen3-vl:8b';
/** Madrid is UTC+1 in early March: a result made at 23:30 UTC belongs to the next day there. */
const TIME_ZONE = 'Europe/Madrid';
const BULK = 3_000;

/** The page's globals this file touches (the node tsconfig has no DOM lib). */
type Clipboardy = { navigator: { clipboard: { readText(): Promise<string> } } };
type ProgressLike = { value: number; max: number };
type Recorder = { __progress: number[][] };
type Focused = {
  document: {
    activeElement: {
      id: string;
      tagName: string;
      textContent: string | null;
      getAttribute(n: string): string | null;
    };
  };
};

/** What a person would call the focused control: its aria-label, its text, or (a field) its id. */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = (globalThis as unknown as Focused).document.activeElement;
    const field = ['SELECT', 'INPUT'].includes(el.tagName);
    return el.getAttribute('aria-label') ?? (field ? el.id : (el.textContent ?? '').trim());
  });

/**
 * The History window in Debian's Chromium against a real AppService over the loopback bridge, with
 * results stored directly (so nothing here depends on how well the offline engine reads) and an
 * OpenAI-compatible server on 127.0.0.1 for the runs again: filters, copy, open image, retry, run
 * again with another provider, XLSX export read back with exceljs, and the progress of a large one.
 */
describe.skipIf(!hasChromium)('History in Chromium: filters, retry, run again, export', () => {
  let home: string;
  let app: AppService;
  let bridge: BridgeServer;
  let server: FakeApi;
  let r: RendererHarness;
  let page: Page;
  let invoices: Profile;
  let receipts: Profile;
  const saved = {} as Record<'paid' | 'receipt' | 'failed' | 'pending', Result>;
  let docs: SyntheticDocument[];
  let pageErrors: string[] = [];

  const detail = () => page.locator('.detail-pane');
  const count = () => page.locator('.count').textContent();
  const rows = () => page.getByRole('listbox').getByRole('option');
  const notice = () => page.locator('p.status');

  beforeAll(async () => {
    const [started, rendered, fake] = await Promise.all([
      startRenderer(),
      Promise.all([
        renderDocument({ kind: 'invoice', seed: 7 }),
        renderDocument({ kind: 'receipt', seed: 3 }),
        renderDocument({ kind: 'invoice', seed: 11 }),
        renderDocument({ kind: 'invoice', seed: 23 }),
      ]),
      FakeApi.start(),
    ]);
    r = started;
    docs = rendered;
    ({ home, app, bridge } = r);
    pageErrors = r.errors;
    server = fake;
    invoices = await app.saveProfile(
      { name: 'Invoices', fields: parseFieldSpec('Invoice number, Date:date, Total:currency') },
      { activate: true },
    );
    receipts = await app.saveProfile({ name: 'Receipts', fields: parseFieldSpec('Number, Total:number') });
    // The provider in Settings is a local model server (this fake one): retries go there.
    await app.saveSettings({
      ...app.getSettings(),
      provider: { id: 'openai-compatible', baseUrl: server.url('/v1'), model: MODEL, detail: 'auto' },
    });
    const image = (i: number) => ({ data: docs[i]!.png, ext: 'png' as const });
    const sized = (i: number) => ({ path: '', width: docs[i]!.width, height: docs[i]!.height, sha256: '' });
    saved.paid = await app.store.save(
      storedResult(
        '2026-03-02T11:00:00.000Z',
        invoices,
        { invoice_number: 'INV-1001', date: '2026-03-01', total: { amount: 154.71, currency: 'EUR' } },
        { image: sized(0) },
      ),
      image(0),
    );
    saved.receipt = await app.store.save(
      storedResult(
        '2026-03-04T23:30:00.000Z',
        receipts,
        { number: 'R-77', total: 12.5 },
        { image: sized(1) },
      ),
      image(1),
    );
    saved.failed = await app.store.save(
      storedResult(
        '2026-03-06T09:00:00.000Z',
        invoices,
        { invoice_number: null, date: null, total: null },
        {
          image: sized(2),
          status: 'failed',
          provider: 'openai-compatible',
          model: MODEL,
          error: 'The model answered something that is not the fields asked for, twice.',
        },
      ),
      image(2),
    );
    saved.pending = await app.store.save(
      storedResult(
        '2026-03-07T16:45:00.000Z',
        invoices,
        { invoice_number: null, date: null, total: null },
        {
          image: sized(3),
          status: 'pending',
          provider: 'openai-compatible',
          model: MODEL,
          error: `The OpenAI-compatible server at ${server.url('/v1')} could not be reached; it will be tried again.`,
        },
      ),
      image(3),
    );

    page = await r.open(undefined, {
      viewport: { width: 1280, height: 820 },
      timezoneId: TIME_ZONE,
      clipboard: true,
    });
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await r?.close();
    await server?.close();
  });

  /** No serious or critical axe violations, light and dark, and a screenshot of each. */
  async function check(name: string): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousAxeViolations(page), `${name} ${scheme}`).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  it('filters by profile, and by dates of the person’s own calendar', async () => {
    await page.goto(`${bridge.url}/#/history`);
    await poll(count).toBe('4 results');
    const profile = page.getByLabel('Profile', { exact: true });
    await profile.selectOption({ label: 'Receipts' });
    await poll(count).toBe('1 result');
    expect(await rows().first().textContent()).toContain('R-77');
    await profile.selectOption({ label: 'All profiles' });
    await poll(count).toBe('4 results');

    // 23:30 UTC on the 4th is 00:30 on the 5th in Madrid: the 5th, there, holds the receipt.
    expect(await page.getByLabel('From', { exact: true }).count()).toBe(0); // until Custom is chosen
    await page.getByLabel('Date', { exact: true }).selectOption({ label: 'Custom…' });
    await page.getByLabel('From', { exact: true }).fill('2026-03-05');
    await page.getByLabel('To', { exact: true }).fill('2026-03-05');
    await poll(count).toBe('1 result');
    expect(await rows().first().textContent()).toContain('R-77');
    await page.getByLabel('To', { exact: true }).fill('');
    await poll(count).toBe('3 results');
    await profile.selectOption({ label: 'Invoices' });
    await poll(count).toBe('2 results');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await poll(count).toBe('4 results');
    expect(await page.getByLabel('Date', { exact: true }).inputValue()).toBe('any');
    expect(await page.getByLabel('From', { exact: true }).count()).toBe(0);
    // The button went with the filters; focus went to the search, not to the page.
    expect(await focusedName(page)).toBe('search');
  });

  it('says in the row and the detail why a result failed or waits, and Retry makes it ok', async () => {
    // Newest first: pending, failed, receipt, paid.
    await poll(async () => (await rows().nth(1).textContent()) ?? '').toContain('not the fields asked for');
    expect(await rows().first().textContent()).toContain('could not be reached');
    await rows().first().click();
    await poll(() => detail().locator('.failure').textContent()).toContain(
      'Waiting to be extracted: The OpenAI-compatible server',
    );

    await rows().nth(1).click();
    const failure = detail().locator('.failure');
    await poll(() => failure.textContent()).toContain(
      'Why it failed: The model answered something that is not the fields asked for, twice.',
    );
    await check('history-failed');

    // The model now answers what the page says, so the answer is grounded: OK, nothing to review.
    const truth = docs[2]!.truth;
    const answer = {
      invoice_number: truth.invoice_number,
      date: truth.date,
      total: { amount: truth.total, currency: 'EUR' },
    };
    server.script(ROUTE, { json: chatCompletion({ content: JSON.stringify(answer) }) });
    await failure.getByRole('button', { name: 'Retry' }).click();
    await poll(() => detail().locator('.pill').allTextContents()).toEqual(['OK']);
    expect(await failure.count()).toBe(0);
    await poll(() => detail().locator('.value').first().textContent()).toBe(truth.invoice_number);
    await poll(() => notice().textContent()).toBe('Extracted again with OpenAI-compatible.');
    // Replaced in place: same id, now ok, and the row says so.
    const after = await app.store.get(saved.failed.id);
    expect(after).toMatchObject({ status: 'ok', provider: 'openai-compatible', model: MODEL });
    expect(after?.fields).toEqual(answer);
    expect(after?.error).toBeUndefined();
    await poll(async () => (await rows().nth(1).textContent()) ?? '').toContain(String(truth.invoice_number));
    expect((server.calls(ROUTE)[0]?.body as { model: string }).model).toBe(MODEL);
  });

  it('copies one value, as shown, with feedback', async () => {
    await rows().last().click();
    await poll(() => detail().locator('.value').first().textContent()).toBe('INV-1001');
    const copy = detail().getByRole('button', { name: 'Copy Total' });
    await copy.click();
    const clipboard = () =>
      page.evaluate(() => (globalThis as unknown as Clipboardy).navigator.clipboard.readText());
    expect(await clipboard()).toBe('€154.71');
    await poll(() => copy.textContent()).toBe('Copied ✓');
    await poll(() => notice().textContent()).toBe('Copied: Total.');
    await detail().getByRole('button', { name: 'Copy Invoice number' }).click();
    expect(await clipboard()).toBe('INV-1001');
    await poll(() => copy.textContent()).toBe('Copy');
  });

  it('says so in a sentence when the clipboard refuses the copy (as Electron did for every page)', async () => {
    // Chromium's own refusal, as navigator.clipboard gives it when the permission is denied.
    await page.evaluate(() => {
      const clipboard = (globalThis as unknown as { navigator: { clipboard: object } }).navigator.clipboard;
      Object.defineProperty(clipboard, 'writeText', {
        configurable: true,
        value: () =>
          Promise.reject(
            new DOMException(
              "Failed to execute 'writeText' on 'Clipboard': Write permission denied.",
              'NotAllowedError',
            ),
          ),
      });
    });
    try {
      const copy = detail().getByRole('button', { name: 'Copy Total' });
      await copy.click();
      await poll(() => page.getByRole('alert').first().textContent()).toBe(
        'Could not copy to the clipboard.',
      );
      expect(await copy.textContent()).toBe('Copy');
      await detail().getByRole('button', { name: 'Copy JSON' }).click();
      await poll(() => page.getByRole('alert').first().textContent()).toBe(
        'Could not copy to the clipboard.',
      );
    } finally {
      await page.evaluate(() => {
        const clipboard = (globalThis as unknown as { navigator: { clipboard: { writeText?: unknown } } })
          .navigator.clipboard;
        delete clipboard.writeText;
      });
    }
  });

  it('says that opening the image needs the desktop app, over the bridge', async () => {
    await detail().getByRole('button', { name: 'Open image' }).click();
    await poll(() => page.getByRole('alert').first().textContent()).toBe(
      'Only the Extracto desktop app can do this.',
    );
  });

  it('runs a result again with another provider; one without a key says why; corrections are asked about', async () => {
    const provider = detail().getByLabel('Run again with');
    expect(await provider.inputValue()).toBe('local');
    await provider.selectOption('openai');
    await detail().getByRole('button', { name: 'Run again' }).click();
    await poll(() => notice().textContent()).toBe(
      'No OpenAI API key: set OPENAI_API_KEY in the environment or in a .env file (the app keeps it in Settings).',
    );
    expect((await app.store.get(saved.paid.id))?.provider).toBe('local');

    // A correction first: running again would replace it, so the window asks.
    await detail()
      .getByRole('button', { name: /^Edit Invoice number \(/ })
      .click();
    await detail().getByLabel('Invoice number', { exact: true }).fill('INV-1001-A');
    await detail().getByRole('button', { name: 'Save' }).click();
    await poll(() =>
      detail()
        .getByText(/^Extracted: /)
        .textContent(),
    ).toBe('Extracted: INV-1001');

    server.script(ROUTE, {
      json: chatCompletion({
        content: JSON.stringify({
          invoice_number: 'INV-3003',
          date: '2026-03-02',
          total: { amount: 99, currency: 'USD' },
        }),
      }),
    });
    await provider.selectOption('openai-compatible');
    await detail().getByRole('button', { name: 'Run again' }).click();
    const dialog = page.getByRole('alertdialog');
    await poll(() => dialog.textContent()).toContain(
      'Running again replaces the values, including your corrections.',
    );
    await dialog.getByRole('button', { name: 'Run again' }).click();
    await poll(() => detail().locator('.value').first().textContent()).toBe('INV-3003');
    await poll(() => detail().locator('.hint').first().textContent()).toContain(
      `openai-compatible · ${MODEL}`,
    );
    const after = await app.store.get(saved.paid.id);
    expect(after).toMatchObject({
      id: saved.paid.id,
      provider: 'openai-compatible',
      model: MODEL,
      status: 'ok',
    });
    expect(after?.fieldMeta.invoice_number?.original).toBeUndefined();
    expect(await app.store.count()).toBe(4);
    await poll(async () => (await rows().last().textContent()) ?? '').toContain('INV-3003');
  });

  it('exports the filtered results as XLSX, with typed cells', async () => {
    await page.getByLabel('Profile', { exact: true }).selectOption({ label: 'Invoices' });
    await poll(count).toBe('3 results');
    expect(await page.getByLabel('Format', { exact: true }).inputValue()).toBe('xlsx');
    const listTop = async () => (await page.locator('.list-pane').boundingBox())?.y;
    const before = await listTop();
    await page.getByRole('button', { name: 'Export…', exact: true }).click();
    const done = page.locator('.export-progress [role="status"]');
    await poll(() => done.textContent()).toMatch(/^Exported 3 results to .+\.xlsx$/);
    // The message floats over the window's foot: nothing in the window moved for it.
    expect(await listTop()).toBe(before);
    const file = (await done.textContent())!.replace(/^Exported 3 results to /, '');
    expect(path.dirname(file)).toBe(path.join(home, 'exports'));
    await check('history-exported');

    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('Results')!;
    const values = (sheet.getSheetValues().slice(1) as unknown[][]).map((r) => r.slice(1));
    expect(values[0]).toEqual([
      'id',
      'createdAt',
      'profile',
      'status',
      'invoice_number',
      'date',
      'total',
      'total_currency',
      'image',
    ]);
    // Newest first: pending (no values), the retried one, the one run again.
    expect(values.slice(1).map((r) => r[0])).toEqual([saved.pending.id, saved.failed.id, saved.paid.id]);
    const [pending, retried, again] = values.slice(1) as [unknown[], unknown[], unknown[]];
    expect(pending.slice(2, 8)).toEqual(['Invoices', 'pending', undefined, undefined, undefined, undefined]);
    expect(retried.slice(1, 8)).toEqual([
      new Date(saved.failed.createdAt),
      'Invoices',
      'ok',
      docs[2]!.truth.invoice_number,
      new Date(`${String(docs[2]!.truth.date)}T00:00:00.000Z`),
      docs[2]!.truth.total,
      'EUR',
    ]);
    expect(again.slice(4, 8)).toEqual(['INV-3003', new Date('2026-03-02T00:00:00.000Z'), 99, 'USD']);
    expect(again[8]).toBe((await app.store.get(saved.paid.id))?.image.path);
    expect(sheet.getCell('F3').numFmt).toBe('mm-dd-yy');

    // In a browser the file is downloaded, named for what it holds (the desktop app asks where, in
    // a save dialog, and offers Open file and Show in folder: tests/integration/main-handlers.test.ts).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`Invoices ${new Date().toISOString().slice(0, 7)}.xlsx`);
    expect(await readFile((await download.path())!)).toEqual(await readFile(file));
    await page.getByRole('button', { name: 'Close the export message' }).click();
    expect(await page.locator('.export-progress').count()).toBe(0);
  });

  it('is all reachable by keyboard, with the search one keystroke away', async () => {
    await page.getByRole('listbox').focus();
    await page.keyboard.press('Home');
    await poll(() => detail().locator('.pill').textContent()).toBe('Pending');
    const names: string[] = [];
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Tab');
      names.push(await focusedName(page));
      // For a person to check that the focus can be seen (see SHOTS).
      if (names.at(-1)?.startsWith('Edit Invoice number ('))
        await page.screenshot({ path: path.join(SHOTS, 'history-focus.png') });
    }
    expect(names.some((name) => name.startsWith('Edit Invoice number ('))).toBe(true);
    for (const name of ['Retry', 'Copy JSON', 'Open image', 'Delete result', 'rerun-provider', 'Run again'])
      expect(names).toContain(name);
    await page.keyboard.press('Control+f');
    expect(await focusedName(page)).toBe('search');
  });

  it(`shows the progress of a large export (${BULK.toLocaleString('en')} results)`, async () => {
    // Written as files and indexed in one go: saving them one by one would take longer than the test.
    const bulk = await app.saveProfile({
      name: 'Bulk',
      fields: parseFieldSpec('number, total:number, day:date'),
    });
    const start = Date.parse('2026-02-01T00:00:00Z');
    const image = saved.receipt.image;
    await Promise.all(
      Array.from({ length: BULK }, async (_, i) => {
        const at = new Date(start + i * 60_000).toISOString();
        const result = storedResult(
          at,
          bulk,
          { number: `B-${i}`, total: i / 10, day: '2026-02-01' },
          { image },
        );
        const file = path.join(home, 'results', resultRelPath(result.id));
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, serializeResult(result));
      }),
    );
    await app.store.rebuildIndex();
    await page.reload();
    await page.getByLabel('Profile', { exact: true }).selectOption({ label: 'Bulk' });
    await poll(count).toBe(`${BULK.toLocaleString('en')} results`);

    // Every value the bar takes, recorded in the page as it changes.
    await page.evaluate(() => {
      const g = globalThis as unknown as Recorder & {
        document: { querySelector(s: string): ProgressLike | null };
        MutationObserver: new (cb: () => void) => { observe(n: unknown, o: unknown): void };
      };
      g.__progress = [];
      const doc = (globalThis as unknown as { document: unknown }).document;
      new g.MutationObserver(() => {
        const bar = g.document.querySelector('.export-progress progress');
        const last = g.__progress.at(-1);
        if (bar && (last?.[0] !== bar.value || last[1] !== bar.max)) g.__progress.push([bar.value, bar.max]);
      }).observe(doc, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await page.getByLabel('Format', { exact: true }).selectOption('xlsx');
    const done = page.locator('.export-progress [role="status"]');
    const exported = new RegExp(`^Exported ${BULK.toLocaleString('en')} results to .+\\.xlsx$`);
    const moved = (seen: number[][]) => seen.some(([value]) => value! > 0 && value! < BULK);
    let seen: number[][] = [];
    // The window asks every 250 ms and this export takes about as long on a quiet machine, so one
    // export may end between two readings: up to three, until the bar is caught on its way.
    for (let attempt = 0; attempt < 3 && !moved(seen); attempt++) {
      await page.evaluate(() => void ((globalThis as unknown as Recorder).__progress = []));
      await page.getByRole('button', { name: 'Export…', exact: true }).click();
      await poll(() => done.textContent()).toMatch(exported);
      seen = await page.evaluate(() => (globalThis as unknown as Recorder).__progress);
      // The bar is there from the start, out of the whole count.
      expect(
        seen.some(([, max]) => max === BULK),
        JSON.stringify(seen),
      ).toBe(true);
    }
    expect(moved(seen), JSON.stringify(seen)).toBe(true);
    console.log(`export of ${BULK} results: bar readings ${JSON.stringify(seen.map(([v]) => v))}`);
  });

  it('speaks Spanish when Settings say so, with the same controls', async () => {
    await app.saveSettings({ ...app.getSettings(), locale: 'es' });
    await page.reload();
    await poll(() => page.getByLabel('Perfil', { exact: true }).isVisible()).toBe(true);
    await page.getByLabel('Estado', { exact: true }).selectOption('pending');
    await poll(count).toBe('1 resultado');
    // Written before codes existed, its reason is shown as it was stored.
    await poll(async () => (await rows().first().textContent()) ?? '').toContain('could not be reached');
    await rows().first().click();
    await poll(() => detail().locator('.failure').textContent()).toContain('En espera de extracción:');
    for (const name of ['Reintentar', 'Abrir imagen', 'Extraer de nuevo', 'Exportar…'])
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(1);
    expect(await page.getByLabel('Formato', { exact: true }).inputValue()).toBe('xlsx');
    await check('history-es');
    expect(pageErrors).toEqual([]);
  });

  it("says a reason kept with its code in the window's language, in the list and the detail", async () => {
    const pending = (await app.store.get(saved.pending.id))!;
    const unreachable = message('provider.unreachable', { baseUrl: server.url('/v1'), tries: '' });
    await app.store.replace({
      ...pending,
      ...storedError(message('result.pending', { reason: unreachable })),
    });
    await page.reload();
    await page.getByLabel('Estado', { exact: true }).selectOption('pending');
    await poll(count).toBe('1 resultado');
    const spanish = `No se pudo conectar con ${server.url('/v1')}: ¿está en marcha el servidor? Se conserva y se reintentará.`;
    await poll(async () => (await rows().first().textContent()) ?? '').toContain(spanish);
    await rows().first().click();
    await poll(() => detail().locator('.failure').textContent()).toBe(
      `En espera de extracción: ${spanish}Reintentar`,
    );
    expect(pageErrors).toEqual([]);
  });
});
