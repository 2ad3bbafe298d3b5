import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppService } from '../../src/app/service.ts';
import { resultRelPath } from '../../src/core/store/files.ts';
import type { Profile } from '../../src/shared/field.ts';
import { newResultId } from '../../src/shared/ids.ts';
import { fieldsToReview, type Result } from '../../src/shared/result.ts';
import { renderDocument, type SyntheticDocument } from '../helpers/documents.ts';
import { chatCompletion, FakeApi } from '../helpers/fake-apis.ts';
import {
  hasChromium,
  poll,
  seriousAxeViolations,
  startRenderer,
  type RendererHarness,
} from '../helpers/renderer.ts';

const SHOTS = process.env.EXTRACTO_SHOTS ?? path.join(tmpdir(), 'extracto-review-shots');
const ROUTE = 'POST /v1/chat/completions';
const MODEL = 'qwen3-vl:8b';
/** What the model "reads" as the invoice number of the first document: printed nowhere on it. */
const INVENTED = 'INV-40404';

/** The page's globals this file touches (the node tsconfig has no DOM lib). */
interface El {
  tagName: string;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  labels?: ArrayLike<El> | null;
  getAttribute(n: string): string | null;
  closest(s: string): El | null;
}
type Doc = { document: { activeElement: El | null } };

/** The focused control's accessible name (aria-label, label or text), and the value it belongs to. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = (globalThis as unknown as Doc).document.activeElement;
    const name = el?.getAttribute('aria-label') ?? el?.labels?.[0]?.textContent ?? el?.textContent ?? '';
    return {
      name: name.trim(),
      tag: el?.tagName ?? '',
      value: el?.closest('[data-value-key]')?.dataset.valueKey ?? null,
    };
  });

/**
 * The review of History done with the keyboard alone, in Debian's Chromium against a real
 * AppService: two invoices extracted through an OpenAI-compatible server on 127.0.0.1 with
 * grounding on (real OCR gives the evidence boxes; one invented value comes back not on the page),
 * and an older result stored with a value to review. Boxes drawn where the evidence says, j / k
 * between results, n to the value to review, c to confirm it (the file says reviewedAt, the badge
 * and the filter follow), e / Enter to edit another and save it.
 */
describe.skipIf(!hasChromium)('History review in Chromium, keyboard only', () => {
  let r: RendererHarness;
  let app: AppService;
  let server: FakeApi;
  let page: Page;
  let profile: Profile;
  let docs: SyntheticDocument[];
  const results = {} as Record<'invented' | 'grounded' | 'older', Result>;

  beforeAll(async () => {
    const [started, rendered, fake] = await Promise.all([
      startRenderer(),
      Promise.all([
        renderDocument({ kind: 'invoice', seed: 7 }),
        renderDocument({ kind: 'invoice', seed: 11 }),
      ]),
      FakeApi.start(),
    ]);
    r = started;
    app = r.app;
    docs = rendered;
    server = fake;
    const fields = docs[0]!.fields.filter((f) => f.key !== 'address');
    profile = await app.saveProfile({ name: 'Invoices', fields }, { activate: true });
    await app.saveSettings({
      ...app.getSettings(),
      provider: { id: 'openai-compatible', baseUrl: server.url('/v1'), model: MODEL, detail: 'auto' },
    });

    const extract = async (doc: SyntheticDocument, name: string, answer: Record<string, unknown>) => {
      const file = path.join(r.home, name);
      await writeFile(file, doc.png);
      server.script(ROUTE, { json: chatCompletion({ content: JSON.stringify(answer) }) });
      return app.extract({ kind: 'file', path: file }, { profile });
    };
    const answer = (doc: SyntheticDocument) =>
      Object.fromEntries(fields.map((f) => [f.key, doc.truth[f.key] ?? null]));
    results.invented = await extract(docs[0]!, 'invoice-7.png', {
      ...answer(docs[0]!),
      invoice_number: INVENTED,
    });
    results.grounded = await extract(docs[1]!, 'invoice-11.png', answer(docs[1]!));

    // An older result of the same page, stored as a model with confidences would have left it:
    // its total not on the page, the date read with medium confidence and the number with low.
    const read = results.grounded.fieldMeta;
    const at = new Date('2020-03-01T09:00:00.000Z');
    results.older = await app.store.save(
      {
        ...results.grounded,
        id: newResultId(at),
        createdAt: at.toISOString(),
        image: { ...results.grounded.image, path: '' },
        fields: { ...results.grounded.fields, total: 88 },
        fieldMeta: {
          company: { ...read.company, confidence: 0.96 },
          date: { ...read.date, confidence: 0.62 },
          total: { grounded: false, confidence: 0.2 },
          invoice_number: { ...read.invoice_number, confidence: 0.31 },
        },
      },
      { data: docs[1]!.png, ext: 'png' },
    );

    page = await r.open('#/history', { viewport: { width: 1280, height: 820 } });
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

  const detail = () => page.locator('.detail-pane');
  const rows = () => page.getByRole('listbox').getByRole('option');
  const notice = () => page.locator('p.status');
  /** The value whose box is highlighted, or null. */
  const activeBox = async () =>
    (
      await page
        .locator('.ev-box.ev-active')
        .evaluateAll((els) => els.map((el) => (el as unknown as El).dataset.key))
    )[0] ?? null;
  const onDisk = async (id: string): Promise<Result> =>
    JSON.parse(await readFile(path.join(r.home, 'results', resultRelPath(id)), 'utf8')) as Result;

  /** Each box's place over its picture, as a share of the picture shown, and the evidence's. */
  async function boxPlaces(result: Result) {
    const image = await detail().locator('.shot img').boundingBox();
    const out: { key: string; drawn: number[]; evidence: number[] }[] = [];
    for (const [key, meta] of Object.entries(result.fieldMeta)) {
      if (!meta.evidence) continue;
      const box = await detail().locator(`.ev-box[data-key="${key}"]`).boundingBox();
      const { x, y, w, h } = meta.evidence;
      const { width, height } = result.image;
      out.push({
        key,
        drawn: [box!.x - image!.x, box!.y - image!.y, box!.width, box!.height].map((v, i) =>
          Number((v / (i % 2 ? image!.height : image!.width)).toFixed(3)),
        ),
        evidence: [x / width, y / height, w / width, h / height].map((v) => Number(v.toFixed(3))),
      });
    }
    return out;
  }

  it('extracted with real grounding: evidence for what is on the page, the invented number not on it', () => {
    expect(fieldsToReview(results.invented)).toEqual(['invoice_number']);
    expect(results.invented.fieldMeta.total?.evidence).toBeDefined();
    expect(fieldsToReview(results.grounded)).toEqual([]);
  });

  it('j opens the first result with its boxes where the evidence says; n goes on to the value to review', async () => {
    await poll(() => rows().count()).toBe(3);
    await page.keyboard.press('j');
    await poll(() => detail().locator('.value').first().textContent()).toBe(results.grounded.fields.company);
    expect((await focused(page)).tag).toBe('DIV'); // the list, its first row selected
    expect(await rows().first().getAttribute('aria-selected')).toBe('true');
    // Every value with evidence has its box, placed as the evidence over the stored picture's size.
    await poll(() => detail().locator('.ev-box').count()).toBe(4);
    for (const place of await boxPlaces(results.grounded))
      for (const [i, share] of place.drawn.entries())
        expect(Math.abs(share - place.evidence[i]!), `${place.key} ${i}`).toBeLessThan(0.004);
    expect(await detail().locator('.ev-review').count()).toBe(0);

    // Nothing to review here: n goes to the next result that needs review, to its value.
    await page.keyboard.press('n');
    await poll(async () => (await focused(page)).value).toBe('invoice_number');
    expect(await rows().nth(1).getAttribute('aria-selected')).toBe('true');
    expect((await focused(page)).name).toBe(`Edit Invoice number (${INVENTED})`);
    const row = detail().locator('[data-value-key="invoice_number"]');
    expect(await row.locator('.flag').textContent()).toBe('⚠ Not on the page');
    expect(await row.getByRole('button', { name: 'Confirm Invoice number as read' }).count()).toBe(1);
    expect(await detail().locator('.pill-review').textContent()).toBe('Needs review');
    // A value not on the page has no box; the focus moving to one with a box lights it up.
    expect(await activeBox()).toBeNull();
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).value).toBe('total');
    await poll(activeBox).toBe('total');
    expect(await detail().locator('[data-value-key="total"]').getAttribute('class')).toContain('ev-active');
    await page.keyboard.press('Tab');
    await poll(activeBox).toBeNull();
    await check('review-not-on-page');
  });

  it('hovering a box lights up its value, and hovering a value its box', async () => {
    await detail().locator('.ev-box[data-key="date"]').hover();
    await poll(() => detail().locator('[data-value-key="date"]').getAttribute('class')).toContain(
      'ev-active',
    );
    await detail().locator('[data-value-key="company"] .value').hover();
    await poll(activeBox).toBe('company');
    await page.mouse.move(0, 0);
    // Back to the focused value, which has no box.
    await poll(activeBox).toBeNull();
  });

  it('c confirms the value as read: the file says reviewedAt, the value is kept, badge and filter follow', async () => {
    expect((await focused(page)).value).toBe('invoice_number');
    await page.keyboard.press('c');
    await poll(async () => (await onDisk(results.invented.id)).fieldMeta.invoice_number?.reviewedAt).toMatch(
      /^\d{4}-/,
    );
    const stored = await onDisk(results.invented.id);
    expect(stored.fields).toEqual(results.invented.fields);
    expect(stored.fields.invoice_number).toBe(INVENTED);
    expect(fieldsToReview(stored)).toEqual([]);
    await poll(() => notice().textContent()).toBe(
      'Confirmed: Invoice number. Nothing left to review here; n goes to the next result.',
    );
    await poll(() => detail().locator('.pill-review').count()).toBe(0);
    await poll(() => rows().nth(1).locator('.pill-review').count()).toBe(0);
    // Nothing left to review here: the focus stays on the value, which now says it was confirmed.
    expect(await focused(page)).toMatchObject({
      value: 'invoice_number',
      name: `Edit Invoice number (${INVENTED})`,
    });
    const row = detail().locator('[data-value-key="invoice_number"]');
    expect(await row.locator('.flag').count()).toBe(0);
    expect(await row.locator('.badge-confirmed').textContent()).toBe('confirmed');

    // The filter: Ctrl+F to the search, then on to Needs review.
    await page.keyboard.press('Control+f');
    for (let i = 0; i < 5 && (await focused(page)).name !== 'Needs review'; i++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await poll(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain(String(results.older.fields.company));
    await page.keyboard.press('Space');
    await poll(() => rows().count()).toBe(3);
  });

  it('e edits a value, Enter saves it, Esc cancels; n and c walk the rest, from any result', async () => {
    // From the filters, j to the first result and n twice: through the first result (nothing to
    // review) and the second (confirmed) to the third, where the total is not on the page.
    await page.keyboard.press('j');
    await page.keyboard.press('n');
    await poll(async () => (await focused(page)).value).toBe('total');
    expect(await rows().nth(2).getAttribute('aria-selected')).toBe('true');
    expect(await detail().locator('.ev-review').count()).toBe(1); // the number, low confidence
    expect(await detail().locator('.ev-medium').count()).toBe(1); // the date

    // n: the number read with low confidence; its box lights up and says so beside the value.
    await page.keyboard.press('n');
    await poll(async () => (await focused(page)).value).toBe('invoice_number');
    await poll(activeBox).toBe('invoice_number');
    expect(await detail().locator('[data-value-key="invoice_number"] .flag').textContent()).toBe(
      '⚠ Low confidence',
    );
    expect(await detail().locator('[data-value-key="date"] .value').getAttribute('title')).toBe(
      'Confidence: medium',
    );
    await check('review-low-confidence');
    // Shift+N goes back.
    await page.keyboard.press('Shift+N');
    await poll(async () => (await focused(page)).value).toBe('total');

    await page.keyboard.press('e');
    await poll(async () => (await focused(page)).tag).toBe('INPUT');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('91.5');
    await page.keyboard.press('Enter');
    await poll(async () => (await onDisk(results.older.id)).fields.total).toBe(91.5);
    expect((await onDisk(results.older.id)).fieldMeta.total).toMatchObject({ original: 88, grounded: false });
    // Enter went on to the next value, the number read with low confidence; the total now has no
    // marker: a correction settles it.
    await poll(async () => (await focused(page)).value).toBe('invoice_number');
    expect((await focused(page)).tag).toBe('BUTTON');
    expect(await detail().locator('[data-value-key="total"] .flag').count()).toBe(0);
    await poll(() => detail().locator('.pill-review').count()).toBe(0);
    await poll(activeBox).toBe('invoice_number');

    // Enter opens the editor too; Esc puts the value back and the focus on the value.
    const number = String(results.older.fields.invoice_number);
    await page.keyboard.press('Enter');
    await poll(async () => (await focused(page)).tag).toBe('INPUT');
    await page.keyboard.type('X');
    await page.keyboard.press('Escape');
    await poll(() => focused(page)).toMatchObject({
      value: 'invoice_number',
      name: `Edit Invoice number (${number})`,
    });
    // Ctrl+Enter confirms, like c.
    await page.keyboard.press('Control+Enter');
    await poll(async () => (await onDisk(results.older.id)).fieldMeta.invoice_number?.reviewedAt).toMatch(
      /^\d{4}-/,
    );
    expect((await onDisk(results.older.id)).fields.invoice_number).toBe(results.older.fields.invoice_number);
    await poll(() => detail().locator('.flag').count()).toBe(0);

    // Past the last result to review, n says so.
    await page.keyboard.press('n');
    await poll(() => notice().textContent()).toBe('No more results to review below this one.');
    // k goes back up, j down, and the list keeps the focus.
    await page.keyboard.press('k');
    await poll(() => rows().nth(1).getAttribute('aria-selected')).toBe('true');
    expect(r.errors).toEqual([]);
  });

  it('walks the cells of a table the same way: n to each, its box lit, c confirms, the focus moves on', async () => {
    const lines = await app.saveProfile({
      name: 'Lines',
      fields: [
        { key: 'number', label: 'Number', type: 'text' },
        {
          key: 'items',
          label: 'Items',
          type: 'table',
          columns: [
            { key: 'description', label: 'Description', type: 'text' },
            { key: 'amount', label: 'Amount', type: 'number' },
          ],
        },
      ],
    });
    const read = results.grounded.fieldMeta;
    // Newer than the others: the first row.
    const at = new Date(Date.now() + 60_000);
    const table = await app.store.save(
      {
        ...results.grounded,
        id: newResultId(at),
        createdAt: at.toISOString(),
        profile: { id: lines.id, name: lines.name },
        image: { ...results.grounded.image, path: '' },
        fields: {
          number: 'L-1',
          items: [
            { description: 'Coffee beans', amount: 76.92 },
            { description: 'Notebook', amount: 15.47 },
          ],
        },
        fieldMeta: {
          'items[0].description': { grounded: false },
          'items[1].amount': { evidence: read.total!.evidence!, confidence: 0.35 },
        },
      },
      { data: docs[1]!.png, ext: 'png' },
    );
    await page.reload();
    await poll(() => rows().count()).toBe(4);
    await page.keyboard.press('j');
    await poll(() => detail().locator('table.cells').count()).toBe(1);

    await page.keyboard.press('n');
    await poll(async () => (await focused(page)).value).toBe('items[0].description');
    expect((await focused(page)).name).toBe('Edit Description, row 1 (Coffee beans)');
    const cell = (key: string) => detail().locator(`td[data-value-key="${key}"]`);
    expect(await cell('items[0].description').locator('.flag').textContent()).toBe('⚠ Not on the page');
    await page.keyboard.press('n');
    await poll(async () => (await focused(page)).value).toBe('items[1].amount');
    await poll(activeBox).toBe('items[1].amount');
    expect(await cell('items[1].amount').locator('.flag').textContent()).toBe('⚠ Low confidence');

    // Confirmed: the focus goes to the one left, above it.
    await page.keyboard.press('c');
    await poll(async () => (await onDisk(table.id)).fieldMeta['items[1].amount']?.reviewedAt).toMatch(
      /^\d{4}-/,
    );
    await poll(async () => (await focused(page)).value).toBe('items[0].description');
    await page.keyboard.press('c');
    await poll(async () => (await onDisk(table.id)).fieldMeta['items[0].description']?.reviewedAt).toMatch(
      /^\d{4}-/,
    );
    await poll(() => notice().textContent()).toBe(
      'Confirmed: Description, row 1. Nothing left to review here; n goes to the next result.',
    );
    expect((await onDisk(table.id)).fields).toEqual(table.fields);
    await poll(() => detail().locator('.pill-review').count()).toBe(0);
    expect(await focused(page)).toMatchObject({ value: 'items[0].description' });
    expect(r.errors).toEqual([]);
  });
});
