import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultRelPath } from '../../src/core/store/files.ts';
import type { Field, Profile } from '../../src/shared/field.ts';
import { newResultId } from '../../src/shared/ids.ts';
import { fieldsToReview, type Result } from '../../src/shared/result.ts';
import { renderDocument } from '../helpers/documents.ts';
import { layoutProblems } from '../helpers/geometry.ts';
import {
  hasChromium,
  poll,
  seriousAxeViolations,
  startRenderer,
  type RendererHarness,
} from '../helpers/renderer.ts';

/** Screenshots for a person to look at. */
const SHOTS = process.env.EXTRACTO_SHOTS ?? path.join(tmpdir(), 'extracto-not-on-page-shots');
/** What the model "read" as the invoice number: printed nowhere on the page, so left out. */
const INVENTED = 'INV-40404';
const SMALL = { width: 900, height: 600 };

/** The page's globals this file touches (the node tsconfig has no DOM lib). */
interface El {
  tagName: string;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  getAttribute(n: string): string | null;
  closest(s: string): El | null;
}
type Doc = { document: { activeElement: El | null; getElementById(id: string): El | null } };

/** The focused control's accessible name, and the value it belongs to. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = (globalThis as unknown as Doc).document.activeElement;
    return {
      name: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim(),
      value: el?.closest('[data-value-key]')?.dataset.valueKey ?? null,
    };
  });

/**
 * What becomes of a model's value that is not on the page, as a person sets it and reviews it, in
 * Debian's Chromium against a real AppService: in Settings, the profile's choice, a field's own and
 * the offline engine's second opinion, saved and read back from the app; in History, with the
 * keyboard alone, a value left empty reached with n and the model's answer taken with Use it, and
 * the offline engine's differing reading taken the same way.
 */
describe.skipIf(!hasChromium)('Values not on the page: Settings and History', () => {
  let r: RendererHarness;
  let profile: Profile;
  let result: Result;

  beforeAll(async () => {
    const [started, doc] = await Promise.all([startRenderer(), renderDocument({ kind: 'invoice', seed: 7 })]);
    r = started;
    const fields = doc.fields.filter((f) => f.key !== 'address');
    profile = await r.app.saveProfile({ name: 'Invoices', fields }, { activate: true });
    // 20 fields: past SECOND_OPINION_UNDER, so the second opinion is off unless set.
    const long: Field[] = Array.from({ length: 20 }, (_, i) => ({
      key: `box_${i + 1}`,
      label: `Box ${i + 1}`,
      type: 'text',
    }));
    await r.app.saveProfile({ name: 'Tax form', fields: long });

    // The offline engine reads the page for real (evidence boxes, confidences); the result is then
    // stored as a cloud model's would be once the pipeline has grounded it: its invoice number not
    // on the page and left empty, and the total the offline engine reads otherwise.
    const file = path.join(r.home, 'invoice-7.png');
    await writeFile(file, doc.png);
    const read = await r.app.extract({ kind: 'file', path: file }, { profile });
    const total = Number(doc.truth.total);
    const at = new Date(Date.now() + 60_000);
    result = await r.app.store.save(
      {
        ...read,
        id: newResultId(at),
        createdAt: at.toISOString(),
        provider: 'openai-compatible',
        model: 'qwen3-vl:8b',
        fields: { ...read.fields, invoice_number: null, total: total + 9 },
        fieldMeta: {
          ...read.fieldMeta,
          invoice_number: { grounded: false, dropped: INVENTED },
          total: {
            ...read.fieldMeta.total,
            confidence: 0.9,
            secondOpinion: { value: total, agrees: false },
          },
        },
      },
      { data: doc.png, ext: 'png' },
    );
    await r.app.store.delete(read.id);
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(() => r?.close());

  /** No serious or critical axe violations, light and dark, and a screenshot of each. */
  async function check(page: Page, name: string, shoot: () => Promise<Buffer>): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousAxeViolations(page), `${name} ${scheme}`).toEqual([]);
      await writeFile(path.join(SHOTS, `${name}-${scheme}.png`), await shoot());
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  it('Settings: the profile leaves such values empty, a field flags them, the second opinion is off; saved as set', async () => {
    const page = await r.open('#/settings');
    const list = page.getByRole('complementary', { name: 'Profiles' });
    await list.getByRole('button', { name: /^Invoices/ }).click();
    await poll(() => page.getByLabel('Profile name').inputValue()).toBe('Invoices');
    const answers = page.getByRole('group', { name: 'Answers from a model' });
    const flag = answers.getByLabel('Flag for review (keep the value)');
    const empty = answers.getByLabel("Leave the field empty (the model's answer is kept for review)");
    const second = answers.getByLabel('Second opinion from the offline engine');
    // Nothing set: values are flagged, and a profile of 4 fields asks for a second opinion.
    expect(await flag.isChecked()).toBe(true);
    expect(await second.isChecked()).toBe(true);
    expect(
      await answers.getByText('On by default for profiles under 20 fields.', { exact: false }).count(),
    ).toBe(1);

    await empty.check();
    await second.uncheck();
    const total = page.getByRole('group', { name: 'Total', exact: true });
    await total.getByText('Advanced').click();
    const choice = total.getByLabel('If not on the page');
    // The first choice names what the profile does now.
    expect(await choice.locator('option').allTextContents()).toEqual([
      'As the profile says (Leave empty)',
      'Flag for review',
      'Leave empty',
    ]);
    await choice.selectOption({ label: 'Flag for review' });
    await check(page, 'settings-model-answers', () =>
      page.locator('.editor').screenshot({ animations: 'disabled' }),
    );
    await page.getByRole('button', { name: 'Save profile' }).click();
    await poll(() => r.app.profiles().find((p) => p.id === profile.id)?.notOnPage).toBe('null');
    const saved = r.app.profiles().find((p) => p.id === profile.id)!;
    expect(saved.secondOpinion).toBe(false);
    expect(saved.fields.map((f) => [f.key, f.notOnPage])).toEqual(
      profile.fields.map((f) => [f.key, f.key === 'total' ? 'flag' : undefined]),
    );

    // Read back into the editor as saved.
    await page.reload();
    await list.getByRole('button', { name: /^Invoices/ }).click();
    await poll(() => empty.isChecked()).toBe(true);
    expect(await second.isChecked()).toBe(false);
    expect(await total.getByLabel('If not on the page').inputValue()).toBe('flag');
    expect(
      await page
        .getByRole('group', { name: 'Date', exact: true })
        .getByLabel('If not on the page')
        .inputValue(),
    ).toBe('');
    expect(r.errors).toEqual([]);
    await page.context().close();
  });

  it('Settings: the second opinion, never set, follows the number of fields and stays unset when saved', async () => {
    const page = await r.open('#/settings');
    const list = page.getByRole('complementary', { name: 'Profiles' });
    await list.getByRole('button', { name: /^Tax form/ }).click();
    await poll(() => page.getByLabel('Profile name').inputValue()).toBe('Tax form');
    const second = page.getByLabel('Second opinion from the offline engine');
    expect(await second.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Remove "Box 20"' }).click();
    await poll(() => second.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await poll(() => r.app.profiles().find((p) => p.name === 'Tax form')?.fields.length).toBe(19);
    expect(r.app.profiles().find((p) => p.name === 'Tax form')).not.toHaveProperty('secondOpinion');
    await page.context().close();
  });

  it('History, keyboard only: n reaches the value left empty, Use it saves the model’s answer as a correction', async () => {
    const page = await r.open('#/history', { viewport: { width: 1280, height: 820 } });
    const detail = page.locator('.detail-pane');
    const onDisk = async (): Promise<Result> =>
      JSON.parse(await readFile(path.join(r.home, 'results', resultRelPath(result.id)), 'utf8')) as Result;
    expect(fieldsToReview(result)).toEqual(['invoice_number']);

    await poll(() => page.getByRole('listbox').getByRole('option').count()).toBe(1);
    await page.keyboard.press('n');
    await poll(async () => (await focused(page)).value).toBe('invoice_number');
    expect((await focused(page)).name).toBe('Edit Invoice number (—)');
    const row = detail.locator('[data-value-key="invoice_number"]');
    expect(await row.locator('.value').textContent()).toBe('—');
    expect(await row.locator('.flag').textContent()).toBe('⚠ Not on the page');
    expect(await row.locator('.reading-dropped').textContent()).toBe(
      `The model read “${INVENTED}”, which is not on the page, so the field was left empty. Use it`,
    );
    // The value's button n lands on says so too, for a screen reader.
    const described = await page.evaluate(() => {
      const doc = (globalThis as unknown as Doc).document;
      const ids = doc.activeElement?.getAttribute('aria-describedby')?.split(' ') ?? [];
      return ids.map((id) => doc.getElementById(id)?.textContent?.trim());
    });
    expect(described).toEqual([
      '⚠ Not on the page',
      `The model read “${INVENTED}”, which is not on the page, so the field was left empty.`,
    ]);
    // The total: muted, what the offline engine read instead; not a value to review on its own.
    const total = detail.locator('[data-value-key="total"]');
    expect(await total.locator('.reading-secondOpinion').textContent()).toMatch(
      /^Offline engine read: [\d,.]+ Use it$/,
    );
    expect(await total.getAttribute('data-review')).toBeNull();
    await check(page, 'history-dropped', () => page.screenshot());

    // Tab to Use it (past Confirm), Enter.
    for (let i = 0; i < 4 && !(await focused(page)).name.startsWith('Use '); i++)
      await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({
      name: `Use “${INVENTED}” for Invoice number`,
      value: 'invoice_number',
    });
    await page.keyboard.press('Enter');
    await poll(async () => (await onDisk()).fields.invoice_number).toBe(INVENTED);
    const stored = await onDisk();
    expect(stored.fieldMeta.invoice_number).toMatchObject({
      original: null,
      dropped: INVENTED,
      grounded: false,
    });
    expect(stored.fieldMeta.invoice_number?.editedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(fieldsToReview(stored)).toEqual([]);
    // The value shows, marked as changed; the reading and the flag are gone; the focus is on it.
    await poll(() => row.locator('.value').textContent()).toBe(INVENTED);
    expect(await row.locator('.reading, .flag').count()).toBe(0);
    expect(await row.locator('.badge-changed').count()).toBe(1);
    await poll(() => focused(page)).toEqual({
      name: `Edit Invoice number (${INVENTED})`,
      value: 'invoice_number',
    });

    // The offline engine's total, just above, from the keyboard too.
    for (let i = 0; i < 6 && !(await focused(page)).name.startsWith('Use '); i++)
      await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ value: 'total' });
    expect((await focused(page)).name).toMatch(/^Use “[\d,.]+” for Total$/);
    await page.keyboard.press('Enter');
    await poll(async () => (await onDisk()).fields.total).toBe(result.fieldMeta.total?.secondOpinion?.value);
    expect((await onDisk()).fieldMeta.total?.editedAt).toMatch(/^\d{4}-/);
    await poll(() => total.locator('.reading').count()).toBe(0);
    expect(r.errors).toEqual([]);
    await page.context().close();
  });

  it('lays the value left empty out in a small window, light and dark', async () => {
    await r.app.store.replace(result);
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await r.open('#/history', { viewport: SMALL, colorScheme });
      await poll(() => page.getByRole('listbox').getByRole('option').count()).toBe(1);
      await page.keyboard.press('n');
      await poll(async () => (await focused(page)).value).toBe('invoice_number');
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `history-dropped-small-${colorScheme}.png`) });
      await page.context().close();
    }
  });
});
