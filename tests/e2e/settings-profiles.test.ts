import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, startRenderer, type RendererHarness, poll } from '../helpers/renderer.ts';

/** The page's globals this file reads (the node tsconfig has no DOM lib). */
type Focused = { document: { activeElement: { id: string; textContent: string | null } | null } };

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
    await r.app.saveProfile({ name: 'Orders', fields: [{ key: 'order', label: 'Order', type: 'text' }] });
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

  it('asks before a changed profile is dropped: Cancel keeps it, Discard lets it go, Save saves it', async () => {
    const page = await r.open('#/settings');
    const list = page.getByRole('complementary', { name: 'Profiles' });
    const name = page.getByLabel('Profile name');
    const ask = page.getByRole('alertdialog');
    await list.getByRole('button', { name: /^Receipts/ }).click();
    await poll(() => name.inputValue()).toBe('Receipts');
    await name.fill('Receipts 2026');
    await poll(() => list.getByRole('button', { name: /^Receipts Active not saved$/ }).count()).toBe(1);

    // Another profile: asked, and Cancel (where focus lands) keeps the draft as it is.
    await list.getByRole('button', { name: /^Orders/ }).click();
    await ask.getByText('"Receipts 2026" has changes that are not saved. Save them first?').waitFor();
    expect(
      await page.evaluate(() => (globalThis as unknown as Focused).document.activeElement?.textContent),
    ).toBe('Cancel');
    await page.keyboard.press('Enter');
    await poll(() => ask.count()).toBe(0);
    expect(await name.inputValue()).toBe('Receipts 2026');

    // New profile: Discard lets the change go; the new one is in the list while it is edited.
    await list.getByRole('button', { name: 'New profile' }).click();
    await ask.getByRole('button', { name: 'Discard changes' }).click();
    await poll(() => name.inputValue()).toBe('New profile');
    expect(r.app.profiles().map((p) => p.name)).toEqual(['Receipts', 'Orders']);
    const fresh = list.getByRole('button', { name: 'New profile not saved' });
    expect(await fresh.getAttribute('aria-current')).toBe('true');
    await name.fill('Deliveries');
    await poll(() => list.getByRole('button', { name: 'Deliveries not saved' }).count()).toBe(1);
    await page.getByLabel('Label', { exact: true }).fill('Address');

    // The History link asks too; Save saves, then goes on.
    await page.getByRole('navigation', { name: 'Windows' }).getByRole('link', { name: 'History' }).click();
    await ask.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.url()).toMatch(/#\/history$/);
    expect(r.app.profiles().find((p) => p.name === 'Deliveries')?.fields).toEqual([
      { key: 'address', label: 'Address', type: 'text' },
    ]);

    // Nothing changed: nothing asked.
    await page.getByRole('navigation', { name: 'Windows' }).getByRole('link', { name: 'Settings' }).click();
    await list.getByRole('button', { name: /^Orders/ }).click();
    await poll(() => name.inputValue()).toBe('Orders');
    expect(await ask.count()).toBe(0);

    // Save with a mistake in the draft: nothing is saved, the draft stays with its problem in focus.
    await name.fill('');
    await list.getByRole('button', { name: /^Receipts/ }).click();
    await ask.getByRole('button', { name: 'Save' }).click();
    await poll(() => name.getAttribute('aria-invalid')).toBe('true');
    await poll(() => page.evaluate(() => (globalThis as unknown as Focused).document.activeElement?.id)).toBe(
      'profile-name',
    );
    expect(r.app.profiles().map((p) => p.name)).toEqual(['Receipts', 'Orders', 'Deliveries']);
    expect(r.errors).toEqual([]);
    await page.context().close();
  });
});
