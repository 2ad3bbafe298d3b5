import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasChromium,
  seriousAxeViolations,
  startRenderer,
  type RendererHarness,
  poll,
} from '../helpers/renderer.ts';

// A settings.json with mistakes in it (issue 17): the Settings window says what was not used, that
// privacy was made strict, and where the original file is.
describe.skipIf(!hasChromium)('Settings: a settings.json with mistakes', () => {
  let r: RendererHarness;

  beforeAll(async () => {
    r = await startRenderer();
    await writeFile(
      r.app.paths.settings,
      JSON.stringify({
        profiles: [{ id: 'r', name: 'Receipts', fields: [{ key: 'total', label: 'Total', type: 'txt' }] }],
        privacy: { localOnly: 'no' },
      }),
    );
  });
  afterAll(() => r?.close());

  it('says what was dropped, that local only is on, and where the original is', async () => {
    const page = await r.open('#/settings');
    const alert = page.getByRole('alert').filter({ hasText: 'Some settings could not be read' });
    await poll(() => alert.locator('.file-notice-strict').textContent()).toBe(
      'Since privacy could not be read, local only is on: nothing goes to a cloud provider until you save privacy again.',
    );
    expect(await alert.locator('li').allTextContents()).toEqual([
      'type of field "Total" in profile "Receipts": not a valid value ("txt"); its default is used.',
      'privacy.localOnly: not a valid value ("no"); its default is used.',
    ]);
    expect(await alert.locator('code').textContent()).toMatch(/settings\.json\.broken-\d+$/);
    await poll(() => page.getByLabel('Local only: never send anything to a cloud provider').isChecked()).toBe(
      true,
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(r.errors).toEqual([]);
  });
});
