import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../src/shared/result.ts';
import { renderScreenCapture, textArea, type ScreenCapture } from '../helpers/captures.ts';
import { chatCompletion, FakeApi } from '../helpers/fake-apis.ts';
import { layoutProblems } from '../helpers/geometry.ts';
import { storedResult } from '../helpers/stored-result.ts';
import {
  hasChromium,
  poll,
  seriousAxeViolations,
  startRenderer,
  type RendererHarness,
} from '../helpers/renderer.ts';

const SHOTS = process.env.EXTRACTO_SHOTS ?? path.join(tmpdir(), 'extracto-zoom-shots');
const ROUTE = 'POST /v1/chat/completions';

/** The pane's globals this file reads (the node tsconfig has no DOM lib). */
interface Scrolled {
  scrollLeft: number;
  scrollTop: number;
  focus(): void;
}

/**
 * History's picture pane with a whole 1920x1080 screen capture, in Chromium against a real
 * AppService: extracted through an OpenAI-compatible server on 127.0.0.1 with real grounding (OCR
 * gives the evidence boxes). Fit by default; + / − / 0 and the buttons, Ctrl+wheel around the
 * pointer, a drag and the arrows pan; the boxes stay on their words at 200%, and a value focused
 * brings its box into the zoomed pane. At 900x600 nothing covers anything, light and dark.
 */
describe.skipIf(!hasChromium)('History zooms and pans the picture', () => {
  let r: RendererHarness;
  let server: FakeApi;
  let page: Page;
  let capture: ScreenCapture;
  let result: Result;

  beforeAll(async () => {
    [r, capture, server] = await Promise.all([startRenderer(), renderScreenCapture(), FakeApi.start()]);
    const profile = await r.app.saveProfile({ name: 'Invoices', fields: capture.fields }, { activate: true });
    await r.app.saveSettings({
      ...r.app.getSettings(),
      provider: { id: 'openai-compatible', baseUrl: server.url('/v1'), model: 'qwen3-vl:8b', detail: 'auto' },
    });
    const file = path.join(r.home, 'screen.png');
    await writeFile(file, capture.png);
    server.script(ROUTE, { json: chatCompletion({ content: JSON.stringify(capture.truth) }) });
    result = await r.app.extract({ kind: 'file', path: file }, { profile });
    page = await r.open('#/history', { viewport: { width: 1280, height: 800 } });
    await mkdir(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await r?.close();
    await server?.close();
  });

  const detail = () => page.locator('.detail-pane');
  const pane = () => detail().locator('.shot-view');
  const image = () => pane().locator('img');
  const percent = () => detail().locator('.zoom-percent');
  const said = () => percent().textContent();
  const button = (name: string) => detail().getByRole('button', { name, exact: true });
  /** The picture's drawn width over its natural width. */
  const scale = async () => (await image().boundingBox())!.width / capture.width;
  const scrolled = () =>
    pane().evaluate((el) => ({
      left: (el as unknown as Scrolled).scrollLeft,
      top: (el as unknown as Scrolled).scrollTop,
    }));
  const box = async (l: Locator) => (await l.boundingBox())!;

  async function shoot(name: string): Promise<void> {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousAxeViolations(page), `${name} ${colorScheme}`).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${colorScheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  it('extracted with evidence for each value', () => {
    for (const { key } of capture.values) expect(result.fieldMeta[key]?.evidence, key).toBeDefined();
    expect(result.image).toMatchObject({ width: 1920, height: 1080 });
  });

  it('opens the capture fitted to its pane: the whole of it, as wide as the pane', async () => {
    await page.getByRole('listbox').getByRole('option').first().click();
    await poll(() =>
      image().evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(1920);
    const view = await box(pane());
    const drawn = await box(image());
    // Landscape in a taller pane: the width decides (the pane's less the frame's border).
    expect(Math.abs(drawn.width - (view.width - 2))).toBeLessThan(1.5);
    expect(drawn.y + drawn.height).toBeLessThanOrEqual(view.y + view.height);
    // The larger share of the detail, and far wider than the 345 px it was.
    expect(view.width).toBeGreaterThan(400);
    expect(await percent().textContent()).toBe(`${Math.round((drawn.width / 1920) * 100)}%`);
    expect(await button('Zoom out').getAttribute('aria-disabled')).toBe('true');
    expect(await button('Fit').getAttribute('aria-disabled')).toBe('true');
    await shoot('zoom-fit-1280');
  });

  it('+ / − / 0 zoom by steps when the pane has the focus; the buttons too', async () => {
    const fit = await scale();
    await pane().focus();
    await page.keyboard.press('+');
    await poll(said).toBe('25%');
    expect(await scale()).toBeCloseTo(0.25, 2);
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await poll(said).toBe('50%');
    expect(await scale()).toBeCloseTo(0.5, 2);
    await page.keyboard.press('-');
    await poll(said).toBe('33%');
    await page.keyboard.press('0');
    await poll(scale).toBeCloseTo(fit, 3);

    await button('Zoom in').click();
    await poll(said).toBe('25%');
    // The percent is 100%: the capture's own pixels, grown from the middle of what showed.
    const view = await box(pane());
    const before = await box(image());
    const middle = (from: number, size: number, lo: number, span: number) =>
      (Math.max(from, lo) + Math.min(from + size, lo + span)) / 2;
    const x = middle(before.x, before.width, view.x, view.width);
    const y = middle(before.y, before.height, view.y, view.height);
    const share = { x: (x - before.x) / before.width, y: (y - before.y) / before.height };
    await button('Zoom 25%: show at 100%').click();
    await poll(scale).toBeCloseTo(1, 3);
    const after = await box(image());
    expect(Math.abs(after.x + share.x * after.width - x)).toBeLessThan(2);
    expect(Math.abs(after.y + share.y * after.height - y)).toBeLessThan(2);
    await button('Zoom out').click();
    await poll(said).toBe('75%');
    await button('Fit').click();
    await poll(scale).toBeCloseTo(fit, 3);
    expect(await scrolled()).toEqual({ left: 0, top: 0 });
    // Up to 400% and no further.
    await pane().focus();
    for (let i = 0; i < 12; i++) await page.keyboard.press('+');
    await poll(said).toBe('400%');
    expect(await button('Zoom in').getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('0');
    await poll(scale).toBeCloseTo(fit, 3);
  });

  it('Ctrl+wheel zooms around the pointer; the wheel alone scrolls', async () => {
    const fit = await scale();
    const view = await box(pane());
    // The pointer on the company's name, near the top: room to keep it there as the picture grows.
    const company = result.fieldMeta.company!.evidence!;
    const at = async () => {
      const drawn = await box(image());
      return {
        x: drawn.x + ((company.x + company.w / 2) / 1920) * drawn.width,
        y: drawn.y + ((company.y + company.h / 2) / 1080) * drawn.height,
      };
    };
    const before = await at();
    await page.mouse.move(before.x, before.y);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -600);
    await page.keyboard.up('Control');
    await poll(scale).toBeGreaterThan(fit * 1.5);
    const after = await at();
    expect(Math.abs(after.x - before.x)).toBeLessThan(3);
    expect(Math.abs(after.y - before.y)).toBeLessThan(3);
    expect(after.x).toBeLessThan(view.x + view.width);

    // The wheel alone: the pane scrolls, the zoom stays.
    const zoomed = await scale();
    const top = (await scrolled()).top;
    await page.mouse.wheel(0, -120);
    await poll(async () => (await scrolled()).top).toBeLessThan(top);
    expect(await scale()).toBeCloseTo(zoomed, 4);
    await page.keyboard.press('0');

    // A pinch: many events in one go, each zooming on from the one before (4 x 100 px: e^1).
    await pane().evaluate((el) => {
      const target = el as unknown as { dispatchEvent(e: unknown): boolean };
      const Wheel = (globalThis as unknown as { WheelEvent: new (type: string, init: object) => unknown })
        .WheelEvent;
      for (let i = 0; i < 4; i++)
        target.dispatchEvent(
          new Wheel('wheel', { deltaY: -100, ctrlKey: true, bubbles: true, cancelable: true }),
        );
    });
    await poll(scale).toBeGreaterThan(fit * 2.6);
    expect(await scale()).toBeLessThan(fit * 2.8);
    await page.keyboard.press('0');
  });

  it('at 200% each box is still on its words, and a drag or the arrows pan', async () => {
    await percent().click();
    await poll(said).toBe('100%');
    await pane().focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('+');
    await poll(said).toBe('200%');
    await pane().evaluate((el) => {
      const s = el as unknown as Scrolled;
      s.scrollLeft = 1200;
      s.scrollTop = 400;
    });
    const drawn = await box(image());
    for (const value of capture.values) {
      const area = textArea(value);
      const evidence = await box(detail().locator(`.ev-box[data-key="${value.key}"]`));
      // The box's middle, in the capture's pixels, is on the text the test drew there.
      const x = ((evidence.x + evidence.width / 2 - drawn.x) / drawn.width) * capture.width;
      const y = ((evidence.y + evidence.height / 2 - drawn.y) / drawn.height) * capture.height;
      expect(x, value.key).toBeGreaterThan(area.left);
      expect(x, value.key).toBeLessThan(area.right);
      expect(y, value.key).toBeGreaterThan(area.top);
      expect(y, value.key).toBeLessThan(area.bottom);
      // And drawn at the zoom: twice the evidence's size.
      const { w, h } = result.fieldMeta[value.key]!.evidence!;
      expect(Math.abs(evidence.width - 2 * w), value.key).toBeLessThan(1.5);
      expect(Math.abs(evidence.height - 2 * h), value.key).toBeLessThan(1.5);
    }

    // A drag moves the picture with the mouse.
    const view = await box(pane());
    const start = await scrolled();
    await page.mouse.move(view.x + view.width / 2, view.y + view.height / 2);
    await page.mouse.down();
    await page.mouse.move(view.x + view.width / 2 - 150, view.y + view.height / 2 - 80, { steps: 5 });
    await page.mouse.up();
    const moved = await scrolled();
    expect(Math.abs(moved.left - start.left - 150)).toBeLessThan(2);
    expect(Math.abs(moved.top - start.top - 80)).toBeLessThan(2);
    // The arrows, the pane having the focus.
    await pane().focus();
    await page.keyboard.press('ArrowRight');
    await poll(async () => (await scrolled()).left).toBeGreaterThan(moved.left);
    await page.keyboard.press('ArrowDown');
    await poll(async () => (await scrolled()).top).toBeGreaterThan(moved.top);
    await shoot('zoom-200-1280');
  });

  it('a value focused brings its box into the zoomed pane, with room around it', async () => {
    await pane().evaluate((el) => {
      const s = el as unknown as Scrolled;
      s.scrollLeft = 0;
      s.scrollTop = 0;
    });
    const evidence = detail().locator('.ev-box[data-key="total"]');
    const inView = async () => {
      const view = await box(pane());
      const b = await box(evidence);
      return (
        b.x >= view.x + 8 &&
        b.x + b.width <= view.x + view.width - 8 &&
        b.y >= view.y + 8 &&
        b.y + b.height <= view.y + view.height - 8
      );
    };
    expect(await inView()).toBe(false);
    await detail()
      .getByRole('button', { name: /^Edit Total \(/ })
      .focus();
    await poll(() => evidence.getAttribute('class')).toContain('ev-active');
    await poll(inView).toBe(true);
    expect(await percent().textContent()).toBe('200%');
    // Hovering another value in the list takes the pane to its box.
    const company = detail().locator('.ev-box[data-key="company"]');
    await detail().locator('[data-value-key="company"] .value').hover();
    await poll(() => company.getAttribute('class')).toContain('ev-active');
    // Wider than the pane at 200%: as much of it as the pane holds, all of its height.
    await poll(async () => {
      const view = await box(pane());
      const b = await box(company);
      return (
        b.x < view.x + view.width &&
        b.x + b.width > view.x &&
        b.y >= view.y &&
        b.y + b.height <= view.y + view.height
      );
    }).toBe(true);
    await page.mouse.move(0, 0);
  });

  it('fits a 900x600 window: no row overflowing, no page scrolling sideways, no control over another, light and dark', async () => {
    await page.setViewportSize({ width: 900, height: 600 });
    await pane().focus();
    await page.keyboard.press('0');
    // Fitted again to the smaller pane (measured as the window shrank): all of it in sight.
    await poll(async () => {
      const view = await box(pane());
      const drawn = await box(image());
      return (
        drawn.x + drawn.width <= view.x + view.width + 0.5 &&
        drawn.y + drawn.height <= view.y + view.height + 0.5
      );
    }).toBe(true);
    expect(await layoutProblems(page, '.vrow')).toEqual([]);
    await shoot('zoom-fit-900');
    await percent().click();
    await poll(said).toBe('100%');
    expect(await layoutProblems(page, '.vrow')).toEqual([]);
    await shoot('zoom-100-900');
    expect(r.errors).toEqual([]);
  });

  it('says it in Spanish, and the longer words fit the small window too', async () => {
    const spanish = await r.open('#/history', { viewport: { width: 900, height: 600 }, locale: 'es-ES' });
    await spanish.getByRole('listbox').getByRole('option').first().click();
    const controls = spanish.locator('.pictures-bar');
    await poll(() => controls.getByRole('button').allTextContents()).toEqual(
      expect.arrayContaining(['Ajustar', 'Abrir imagen']),
    );
    expect(await controls.getByRole('button', { name: 'Acercar' }).count()).toBe(1);
    expect(await layoutProblems(spanish, '.vrow')).toEqual([]);
    expect(await seriousAxeViolations(spanish)).toEqual([]);
    await spanish.screenshot({ path: path.join(SHOTS, 'zoom-fit-900-es.png') });
    await spanish.context().close();
  });
  it('the next capture of the same size opens as the last was left; one of another size fitted', async () => {
    // The same screen captured again a minute later, and a smaller picture after it: newest first,
    // the small one, the copy, then the first capture.
    const at = (minutes: number) => new Date(Date.parse(result.createdAt) + minutes * 60_000);
    await r.app.store.save(storedResult(at(1), result.profile, result.fields, { image: result.image }), {
      data: capture.png,
      ext: 'png',
    });
    const small = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    await r.app.store.save(
      storedResult(at(2), result.profile, result.fields, {
        image: { path: '', width: 800, height: 600, sha256: 'cd'.repeat(32) },
      }),
      { data: small, ext: 'png' },
    );
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    const rows = page.getByRole('listbox').getByRole('option');
    await poll(() => rows.count()).toBe(3);
    await rows.nth(2).click();
    await poll(() => image().evaluate((img) => (img as unknown as { complete: boolean }).complete)).toBe(
      true,
    );
    // Zoomed to 200% and moved to the total, as a person checking it would.
    await percent().click();
    await pane().focus();
    for (let i = 0; i < 8 && (await said()) !== '200%'; i++) await page.keyboard.press('+');
    await poll(said).toBe('200%');
    await pane().evaluate((el) => {
      const s = el as unknown as Scrolled;
      s.scrollLeft = 1500;
      s.scrollTop = 1200;
    });
    const there = await scrolled();
    expect(there.left).toBeGreaterThan(0);

    // k: the copy, the same size: at 200%, where the first was left.
    await page.keyboard.press('k');
    await poll(() => rows.nth(1).getAttribute('aria-selected')).toBe('true');
    await poll(said).toBe('200%');
    await poll(scrolled).toEqual(there);
    // k: the smaller picture opens fitted; j: back to the copy, still as it was left.
    await page.keyboard.press('k');
    await poll(() => rows.nth(0).getAttribute('aria-selected')).toBe('true');
    await poll(async () => (await button('Fit').isDisabled()) && (await said()) !== '200%').toBe(true);
    await page.keyboard.press('j');
    await poll(said).toBe('200%');
    await poll(scrolled).toEqual(there);
    // Back to fit there: the next capture of that size opens fitted too.
    await pane().focus();
    await page.keyboard.press('0');
    await poll(() => button('Fit').isDisabled()).toBe(true);
    await page.keyboard.press('j');
    await poll(() => rows.nth(2).getAttribute('aria-selected')).toBe('true');
    await poll(() => button('Fit').isDisabled()).toBe(true);
  });
});
