import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, startRenderer, type RendererHarness } from '../helpers/renderer.ts';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 50 });

// Settings > Provider against a real AppService: what it saves, and what it leaves alone.
describe.skipIf(!hasChromium)('Settings: provider', () => {
  let r: RendererHarness;

  beforeAll(async () => {
    r = await startRenderer();
    const s = r.app.getSettings();
    // A wait set in settings.json, which no control in the window edits.
    await r.app.saveSettings({ ...s, provider: { id: 'openai', detail: 'auto', timeoutSeconds: 90 } });
  });
  afterAll(() => r?.close());

  it('saves the detail chosen and keeps the timeout set in the file', async () => {
    const page = await r.open('#/settings');
    await page.getByLabel('High').check();
    await page.getByRole('button', { name: 'Save provider' }).click();
    await poll(() => r.app.getSettings().provider.detail).toBe('high');
    expect(r.app.getSettings().provider.timeoutSeconds).toBe(90);
    await page.context().close();
  });

  it('turns grounding off and keeps the timeout set in the file', async () => {
    const page = await r.open('#/settings');
    const ground = page.getByLabel('Check each answer against the page');
    await poll(() => ground.isChecked()).toBe(true);
    await ground.uncheck();
    await page.getByRole('button', { name: 'Save provider' }).click();
    await poll(() => r.app.getSettings().provider.groundAnswers).toBe(false);
    expect(r.app.getSettings().provider.timeoutSeconds).toBe(90);
    await page.context().close();
  });
});
