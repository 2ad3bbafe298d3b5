import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, startRenderer, type RendererHarness } from '../helpers/renderer.ts';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 50 });

// Settings > Profiles as a clerk uses them against a real AppService: the field editor in their
// words, and drafts that are never thrown away without asking.
describe.skipIf(!hasChromium)('Settings: profiles and their fields', () => {
  let r: RendererHarness;

  beforeAll(async () => {
    r = await startRenderer();
    await r.app.saveProfile({
      name: 'Receipts',
      fields: [
        { key: 'shop', label: 'Shop', type: 'text' },
        { key: 'receipt_no', label: 'Receipt number', type: 'text', hints: { pattern: 'R-\\d+' } },
      ],
    });
  });
  afterAll(() => r?.close());

  it('shows a field as label, type and required, the rest under Advanced, open where something is set', async () => {
    const page = await r.open('#/settings');
    const shop = page.getByRole('group', { name: 'Shop', exact: true });
    await shop.getByLabel('Label', { exact: true }).waitFor();
    expect(await shop.getByLabel('Type', { exact: true }).isVisible()).toBe(true);
    expect(await shop.getByLabel('Required').isVisible()).toBe(true);
    for (const advanced of [
      'JSON key',
      'Description for the model',
      'Labels on the document',
      'Pattern (regular expression)',
    ])
      expect(await shop.getByLabel(advanced).isVisible(), advanced).toBe(false);
    // A pattern the person set keeps its Advanced open.
    const receipt = page.getByRole('group', { name: 'Receipt number', exact: true });
    expect(await receipt.getByLabel('Pattern (regular expression)').inputValue()).toBe('R-\\d+');
    expect(await receipt.getByLabel('Pattern (regular expression)').isVisible()).toBe(true);
    // Opened and closed from the keyboard, as a disclosure.
    await shop.locator('summary').focus();
    await page.keyboard.press('Enter');
    await poll(() => shop.getByLabel('JSON key').isVisible()).toBe(true);
    expect(await shop.getByLabel('JSON key').inputValue()).toBe('shop');
    await page.keyboard.press('Enter');
    await poll(() => shop.getByLabel('JSON key').isVisible()).toBe(false);

    // Each type suggests a label of its own.
    await page.getByRole('button', { name: 'Add field' }).click();
    const added = page.getByRole('group', { name: 'field 3', exact: true });
    const label = added.getByLabel('Label', { exact: true });
    expect(await label.getAttribute('placeholder')).toBe('e.g. Invoice number');
    await added.getByLabel('Type', { exact: true }).selectOption('date');
    expect(await label.getAttribute('placeholder')).toBe('e.g. Invoice date');
    await added.getByLabel('Type', { exact: true }).selectOption('currency');
    expect(await label.getAttribute('placeholder')).toBe('e.g. Total');

    // A problem in Advanced opens it: a second "Shop" makes the same key.
    await label.fill('Shop');
    await page.getByRole('button', { name: 'Save profile' }).click();
    const second = page.locator('.field-row').nth(2);
    await poll(() => second.getByLabel('JSON key').isVisible()).toBe(true);
    expect(await second.getByLabel('JSON key').getAttribute('aria-invalid')).toBe('true');
    expect(await second.getByText('Another field already uses this key.').isVisible()).toBe(true);
    await second.getByLabel('JSON key').fill('shop_total');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await poll(() => r.app.profiles()[0]?.fields.map((f) => f.key)).toEqual([
      'shop',
      'receipt_no',
      'shop_total',
    ]);
    expect(r.errors).toEqual([]);
    await page.context().close();
  });
});
