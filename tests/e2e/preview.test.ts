import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareImage } from '../../src/core/imaging/prepare.ts';
import type { PreparedImage } from '../../src/core/imaging/types.ts';
import { PreviewQueue } from '../../src/main/preview.ts';
import { renderDocument } from '../helpers/documents.ts';
import {
  hasChromium,
  seriousAxeViolations,
  startRenderer,
  type RendererHarness,
  poll,
} from '../helpers/renderer.ts';

// The preview window in Chromium, answering the preview queue main uses (given to the bridge as
// main's preview channels): the image shown is the image about to be sent; Esc and closing decline.
describe.skipIf(!hasChromium)('preview before send, the window', () => {
  let r: RendererHarness;
  let queue: PreviewQueue;
  let image: PreparedImage;
  let windowOpen = false;

  beforeAll(async () => {
    queue = new PreviewQueue({ open: () => (windowOpen = true), close: () => (windowOpen = false) });
    r = await startRenderer({
      main: { 'preview:get': () => queue.info(), 'preview:answer': ({ send }) => queue.answer(send) },
    });
    const doc = await renderDocument({ kind: 'invoice', seed: 3 });
    image = await prepareImage(
      { kind: 'encoded', data: doc.png },
      { provider: 'openai', model: 'gpt-4o', detail: 'high' },
    );
  });
  afterAll(() => r?.close());

  it('shows exactly the image and who gets it; Esc declines, focus starts on "Don\'t send"', async () => {
    const answer = queue.ask(image, { provider: 'openai', model: 'gpt-4o', profile: 'Invoices' });
    await poll(() => windowOpen).toBe(true);
    const page = await r.open('#/preview');
    await page.getByRole('heading', { name: 'Send this image to OpenAI (gpt-4o)?' }).waitFor();
    const src = await page
      .getByRole('img', { name: 'The image that would be sent to OpenAI' })
      .getAttribute('src');
    expect(src).toBe(`data:image/png;base64,${image.data.toString('base64')}`);
    expect(await page.getByText(`${image.width}×${image.height} px`).isVisible()).toBe(true);
    await poll(() =>
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
            .activeElement.textContent,
      ),
    ).toBe("Don't send");
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousAxeViolations(page), scheme).toEqual([]);
    }
    await page.keyboard.press('Enter'); // a stray Enter lands on "Don't send"
    expect(await answer).toBe(false);
    expect(windowOpen).toBe(false);
    await page.context().close();
  });

  it('sends on the Send button (or Ctrl+Enter), one question at a time', async () => {
    const first = queue.ask(image, { provider: 'anthropic', model: 'claude-sonnet-5-5', profile: 'A' });
    const second = queue.ask(image, { provider: 'openai', model: 'gpt-5.5', profile: 'B' });
    let page = await r.open('#/preview');
    await page.getByRole('button', { name: 'Send to Anthropic' }).click();
    expect(await first).toBe(true);
    await page.context().close();
    page = await r.open('#/preview');
    await page.getByRole('heading', { name: 'Send this image to OpenAI (gpt-5.5)?' }).waitFor();
    await page.keyboard.press('Control+Enter');
    expect(await second).toBe(true);
    // Opened with nothing waiting, it says so.
    await page.reload();
    await poll(() => page.getByText('Nothing is waiting to be sent.').isVisible()).toBe(true);
    expect(r.errors).toEqual([]);
    await page.context().close();
  });
});
