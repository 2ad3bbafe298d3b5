import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../src/shared/field.ts';
import type { Result } from '../../src/shared/result.ts';
import { coveredControls, layoutProblems, overflowingRows, sidewaysScroll } from '../helpers/geometry.ts';
import {
  hasChromium,
  seriousAxeViolations,
  startRenderer,
  type RendererHarness,
  poll,
} from '../helpers/renderer.ts';
import { storedResult } from '../helpers/stored-result.ts';

/** A small laptop screen, or a window a clerk keeps beside the documents. */
const SMALL = { width: 900, height: 600 };
/** Screenshots for a person to look at. */
const SHOTS = process.env.EXTRACTO_SHOTS ?? path.join(tmpdir(), 'extracto-small-window-shots');

/** A result with the long values and every badge a row can carry. */
function stored(profile: Profile, minute: number, extra: Partial<Result> = {}): Result {
  return storedResult(
    new Date(Date.UTC(2026, 2, 1, 10, minute)),
    profile,
    {
      invoice_number: `INV-2026-${String(minute).padStart(5, '0')}-PORTAL-REFERENCE`,
      vendor: 'Hermanos García Distribuciones Industriales S.L.',
      total: { amount: 12345.67, currency: 'EUR' },
    },
    {
      source: { kind: 'file', path: '/scans/invoice.png' },
      model: null,
      detail: 'auto',
      image: { path: '', width: 10, height: 10, sha256: 'ab'.repeat(32) },
      durationMs: 1,
      ...extra,
    },
  );
}

// The windows at 900x600 against a real AppService: nothing printed over anything else, no
// control under another, no page wider than the window.
describe.skipIf(!hasChromium)('Settings and History in a small window', () => {
  let r: RendererHarness;
  let profile: Profile;

  beforeAll(async () => {
    r = await startRenderer();
    await mkdir(SHOTS, { recursive: true });
    profile = await r.app.saveProfile({
      name: 'Supplier invoices from the purchasing portal',
      fields: [
        { key: 'invoice_number', label: 'Invoice number', type: 'text', hints: { pattern: 'INV-\\d+' } },
        { key: 'vendor', label: 'Vendor', type: 'text' },
        { key: 'total', label: 'Total', type: 'currency' },
        {
          key: 'items',
          label: 'Line items',
          type: 'table',
          columns: [
            { key: 'description', label: 'Description', type: 'text' },
            { key: 'amount', label: 'Amount', type: 'currency' },
          ],
        },
      ],
    });
    for (let minute = 0; minute < 12; minute++)
      await r.app.store.save(
        stored(profile, minute, {
          ...(minute % 4 === 3
            ? {
                status: 'failed',
                fields: {},
                error: 'The provider answered with something that does not fit the profile, twice.',
              }
            : {}),
          ...(minute % 3 === 0 ? { review: true } : {}),
          ...(minute % 5 === 0 ? { edited: true } : {}),
        }),
      );
  });
  afterAll(() => r?.close());

  async function shoot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  it("keeps History's rows inside their boxes, each line on one line", async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await r.open('#/history', { viewport: SMALL, colorScheme: scheme });
      await poll(() => page.locator('.vrow .row-main').count()).toBeGreaterThan(5);
      expect(await overflowingRows(page, '.vrow')).toEqual([]);
      expect(await sidewaysScroll(page)).toEqual([]);
      expect(await coveredControls(page)).toEqual([]);
      await shoot(page, `history-${scheme}`);
      await page.context().close();
    }
  });

  it('lays Settings out without a control over another, in English and Spanish', async () => {
    for (const locale of ['en-US', 'es-ES']) {
      const page = await r.open('#/settings', { viewport: SMALL, locale });
      await poll(() => page.locator('.field-row').count()).toBe(4);
      // The capture section has settled (its shortcuts are read after the page).
      await page.locator('#hotkey-capture').waitFor();
      expect(await layoutProblems(page)).toEqual([]);
      // With every field's Advanced open, too.
      const closed = page.locator('.advanced:not([open]) > summary');
      while ((await closed.count()) > 0) await closed.first().click();
      expect(await page.locator('.advanced[open]').count()).toBe(4);
      expect(await layoutProblems(page)).toEqual([]);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shoot(page, `settings-${locale}`);
      await page.context().close();
    }
    expect(r.errors).toEqual([]);
  });

  it('lays the first-run steps out in a small window, light and dark, English and Spanish', async () => {
    for (const p of r.app.profiles()) await r.app.removeProfile(p.id);
    for (const locale of ['en-US', 'es-ES'])
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await r.open('#/settings', { viewport: SMALL, locale, colorScheme });
        await page.locator('#first-run-title').waitFor();
        await page.locator('#hotkey-capture').waitFor();
        expect(await layoutProblems(page)).toEqual([]);
        await page.screenshot({ path: path.join(SHOTS, `first-run-${locale}-${colorScheme}.png`) });
        await page.context().close();
      }
  });
});
