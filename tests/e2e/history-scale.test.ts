import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeServer, type BridgeServer } from '../../src/app/bridge-server.ts';
import { AppService } from '../../src/app/service.ts';
import { resultRelPath, serializeResult } from '../../src/core/store/files.ts';
import { newResultId } from '../../src/shared/ids.ts';
import type { Result } from '../../src/shared/result.ts';
import { poll } from '../helpers/renderer.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const COUNT = 10_000;

/**
 * Writes COUNT result files straight into results/ (saving them one by one through the store would
 * take longer than the test): opening the store then builds the index from them, as it would after
 * a crash or an upgrade.
 */
async function seedHistory(home: string): Promise<void> {
  const image = path.join(home, 'images', 'shared.png');
  await mkdir(path.dirname(image), { recursive: true });
  await writeFile(
    image,
    await sharp({ create: { width: 40, height: 48, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer(),
  );
  const start = Date.parse('2026-01-01T00:00:00Z');
  const dirs = new Set<string>();
  const writes: Promise<void>[] = [];
  for (let i = 0; i < COUNT; i++) {
    const at = new Date(start + i * 60_000);
    const id = newResultId(at);
    const file = path.join(home, 'results', resultRelPath(id));
    if (!dirs.has(path.dirname(file))) {
      dirs.add(path.dirname(file));
      await mkdir(path.dirname(file), { recursive: true });
    }
    const result: Result = {
      version: 2,
      id,
      createdAt: at.toISOString(),
      source: { kind: 'file', path: `/scans/${i}.png` },
      profile: { id: 'receipts', name: 'Receipts' },
      provider: 'local',
      model: 'paddle',
      detail: 'original',
      image: { path: image, width: 40, height: 48, sha256: '' },
      status: i % 50 === 0 ? 'failed' : 'ok',
      fields: { number: `R-${i}`, total: i / 100 },
      fieldMeta: {},
      durationMs: 1,
    };
    writes.push(writeFile(file, serializeResult(result)));
  }
  await Promise.all(writes);
}

// The history list must stay fast with 10,000+ results: only the rows in view are in the DOM, and
// jumping to the end fetches only the page that holds it.
describe.skipIf(!existsSync(CHROMIUM))('History with 10,000 results', () => {
  let home: string;
  let app: AppService;
  let bridge: BridgeServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'extracto-scale-'));
    const outDir = path.join(home, 'renderer');
    await Promise.all([
      seedHistory(home),
      build({
        configFile: path.join(REPO, 'vite.renderer.config.ts'),
        configLoader: 'native',
        logLevel: 'warn',
        build: { outDir, emptyOutDir: true },
      }),
    ]);
    app = await AppService.open({ home, env: {} });
    bridge = await startBridgeServer({ app, staticDir: outDir });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, locale: 'en-US' });
    await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    await app?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('renders only the rows in view, newest first, and reaches the oldest with End', async () => {
    expect(app.store.count()).toBe(COUNT);
    const started = performance.now();
    await page.goto(`${bridge.url}/#/history`);
    const rows = page.getByRole('listbox').getByRole('option');
    await poll(() => rows.first().textContent()).toContain(`R-${COUNT - 1}`);
    const firstRowMs = Math.round(performance.now() - started);
    expect(await page.locator('.count').textContent()).toBe('10,000 results');
    const rendered = await rows.count();
    expect(rendered).toBeLessThan(40);
    expect(await rows.first().getAttribute('aria-setsize')).toBe(String(COUNT));

    const jumped = performance.now();
    await page.getByRole('listbox').focus();
    await page.keyboard.press('End');
    await poll(() => page.locator('.detail-pane .value').first().textContent()).toBe('R-0');
    const endMs = Math.round(performance.now() - jumped);
    expect(await rows.count()).toBeLessThan(40);
    const selected = page.getByRole('listbox').getByRole('option', { selected: true });
    expect(await selected.getAttribute('aria-posinset')).toBe(String(COUNT));

    await page.getByLabel('Search', { exact: true }).fill('R-5000');
    await poll(() => page.locator('.count').textContent()).toBe('1 result');
    await page.getByLabel('Search', { exact: true }).fill('');
    await page.getByLabel('Status', { exact: true }).selectOption('failed');
    await poll(() => page.locator('.count').textContent()).toBe(`${COUNT / 50} results`);
    console.log(
      `History, ${COUNT} results: first row after ${firstRowMs} ms, ${rendered} rows in the DOM, End -> detail in ${endMs} ms`,
    );
  });
});
