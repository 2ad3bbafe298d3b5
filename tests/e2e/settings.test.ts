import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Result } from '../../src/shared/result.ts';
import type { Settings } from '../../src/shared/settings.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedResult } from '../helpers/stored-result.ts';

/** Longer than a section's pause before it saves (useSection's SAVE_DELAY_MS, 600 ms), with room. */
const UNSAVED_BY_NOW_MS = 1_500;
import {
  hasChromium,
  seriousAxeViolations,
  startRenderer,
  type RendererHarness,
  poll,
} from '../helpers/renderer.ts';

/** The page's globals this file reads (the node tsconfig has no DOM lib). */
type Browserish = {
  document: {
    activeElement: { id: string; textContent: string | null } | null;
    documentElement: { lang: string };
  };
};

/** The page's globals the steady-page test keeps its frame-by-frame positions in. */
type Framed = {
  headingTops: Record<string, number[]>;
  document: {
    querySelectorAll(selector: string): Iterable<{ id: string; getBoundingClientRect(): { top: number } }>;
  };
  requestAnimationFrame(callback: () => void): void;
};

/** A result as the store keeps it, for the history to hold something. */
function stored(at: string): Result {
  return storedResult(
    at,
    { id: 'p', name: 'Invoices' },
    { total: 1 },
    {
      source: { kind: 'file', path: '/docs/invoice.png' },
      model: null,
      detail: 'auto',
      image: { path: '', width: 10, height: 10, sha256: 'ab'.repeat(32) },
      durationMs: 1,
    },
  );
}

// Settings' capture, automatic capture, privacy and language sections against a real AppService:
// what is saved is read back from the settings the app and the CLI share.
describe.skipIf(!hasChromium)('Settings: capture, automatic capture, privacy, language', () => {
  let r: RendererHarness;

  beforeAll(async () => {
    r = await startRenderer();
    await r.app.saveProfile({ name: 'Invoices', fields: [{ key: 'total', label: 'Total', type: 'number' }] });
    const s = r.app.getSettings();
    await r.app.saveSettings({ ...s, provider: { id: 'openai', detail: 'auto' } });
  });
  afterAll(() => r?.close());

  it("shows this platform's default shortcuts, and saving keeps them out of the file", async () => {
    const mac = await r.open('#/settings', {
      userAgent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
    });
    await poll(() => mac.locator('.hotkey-value').nth(0).textContent()).toBe('⌘⇧1');
    expect(await mac.locator('.hotkey-value').nth(1).textContent()).toBe('⌘⇧2');
    await mac.getByLabel('Which screen').selectOption('all');
    await poll(() => r.app.getSettings().capture.display).toBe('all');
    const file = JSON.parse(await readFile(r.app.paths.settings, 'utf8')) as Settings;
    expect(file.capture).not.toHaveProperty('hotkey');
    expect(file.capture).not.toHaveProperty('regionHotkey');
    // The empty History names the shortcut that captures.
    await mac.goto(`${r.bridge.url}/#/history`);
    await poll(() => mac.locator('.list-pane .empty').textContent()).toBe(
      'Nothing here yet. Press ⌘⇧1 on a document to capture it.',
    );
    await mac.context().close();

    const linux = await r.open('#/settings');
    await poll(() => linux.locator('.hotkey-value').nth(0).textContent()).toBe('Ctrl+Space');
    expect(await linux.locator('.hotkey-value').nth(1).textContent()).toBe('Ctrl+Shift+Space');
    await linux.goto(`${r.bridge.url}/#/history`);
    await poll(() => linux.locator('.list-pane .empty').textContent()).toBe(
      'Nothing here yet. Press Ctrl+Space on a document to capture it.',
    );
    await linux.context().close();
  });

  it('records a shortcut by pressing it, refuses one without a modifier, and saves it', async () => {
    const page = await r.open('#/settings');
    const change = page.locator('#hotkey-region');
    await change.click();
    await poll(() => page.locator('.hotkey-value').nth(1).textContent()).toMatch(/Press the new combination/);
    await page.keyboard.press('KeyQ');
    await poll(() => page.locator('#hotkey-region-note').textContent()).toBe(
      'Use a modifier too: Ctrl, Alt, Shift or ⌘.',
    );
    await page.keyboard.press('Control+Alt+KeyQ');
    await poll(() => page.locator('.hotkey-value').nth(1).textContent()).toBe('Ctrl+Alt+Q');
    // The same combination for both actions cannot be saved.
    await page.locator('#hotkey-capture').click();
    // Keys count only once the recorder is listening (a re-render away on a loaded machine).
    await poll(() => page.locator('.hotkey-value').nth(0).textContent()).toMatch(/Press the new combination/);
    await page.keyboard.press('Control+Alt+KeyQ');
    await poll(() => page.locator('#hotkey-region-note').textContent()).toBe(
      'The two shortcuts must differ.',
    );
    // Saved as edited, but not with a mistake in it: the capture shortcut stays as it was.
    await page.waitForTimeout(UNSAVED_BY_NOW_MS);
    expect(r.app.getSettings().capture.hotkey).not.toBe('CommandOrControl+Alt+Q');
    await page.locator('#hotkey-capture').click();
    await poll(() => page.locator('.hotkey-value').nth(0).textContent()).toMatch(/Press the new combination/);
    await page.keyboard.press('Escape');
    await poll(() => page.locator('.hotkey-value').nth(0).textContent()).toBe('Ctrl+Alt+Q');
    await page.locator('#hotkey-capture').click();
    await poll(() => page.locator('.hotkey-value').nth(0).textContent()).toMatch(/Press the new combination/);
    await page.keyboard.press('Control+Shift+F9');
    await page.getByLabel('Which screen').selectOption('primary');
    await page.getByLabel('Keep screenshots as').selectOption('jpeg');
    await poll(() => r.app.getSettings().capture).toMatchObject({
      hotkey: 'CommandOrControl+Shift+F9',
      regionHotkey: 'CommandOrControl+Alt+Q',
      display: 'primary',
      imageFormat: 'jpeg',
    });
    // Over the bridge there is no desktop app to register shortcuts: it says so.
    expect(await page.locator('#hotkey-capture-note').textContent()).toBe(
      'Checked when the desktop app runs.',
    );
    await page.context().close();
  });

  it('turns automatic capture on with caps, and checks the numbers', async () => {
    const page = await r.open('#/settings');
    await page.getByLabel('Capture automatically').check();
    await page.getByLabel('At a fixed interval').check();
    const every = page.getByLabel('Every (seconds)');
    await every.fill('0');
    await poll(() => every.getAttribute('aria-invalid')).toBe('true');
    await page.waitForTimeout(UNSAVED_BY_NOW_MS);
    expect(r.app.getSettings().auto.intervalSeconds).toBeGreaterThan(0);
    await every.fill('15');
    await page.getByLabel('At most per hour').fill('40');
    await page.getByLabel('At most per day (US$)').fill('0.5');
    await poll(() => r.app.getSettings().auto).toEqual({
      enabled: true,
      mode: 'interval',
      intervalSeconds: 15,
      threshold: 0.005,
      maxPerHour: 40,
      maxCostPerDayUsd: 0.5,
      allowDuplicates: false,
    });
    // Emptying a cap removes it.
    await page.getByLabel('At most per hour').fill('');
    await poll(() => r.app.getSettings().auto.maxPerHour).toBeUndefined();
    // Undo puts back what the section was before its last save.
    await page.getByRole('button', { name: 'Undo' }).click();
    await poll(() => r.app.getSettings().auto.maxPerHour).toBe(40);
    expect(await page.getByLabel('At most per hour').inputValue()).toBe('40');
    await poll(() => page.getByText('Back as it was.').isVisible()).toBe(true);
    await page.context().close();
  });

  it("draws the page in one go: nothing moves under the pointer while main's answers arrive", async () => {
    const page = await r.open();
    // Main answering slowly and out of order: each question waits less than the one before it.
    let asked = 0;
    await page.route(/\/ipc\//, async (route) => {
      const wait = Math.max(0, 700 - 100 * asked++);
      await new Promise((done) => setTimeout(done, wait));
      await route.continue();
    });
    // Where each section's heading is, frame by frame, from before the page is drawn.
    await page.addInitScript(() => {
      const w = globalThis as unknown as Framed;
      w.headingTops = {};
      const frame = () => {
        for (const h of w.document.querySelectorAll('section.card h2')) {
          const tops = (w.headingTops[h.id] ??= []);
          const top = Math.round(h.getBoundingClientRect().top);
          if (tops.at(-1) !== top) tops.push(top);
        }
        w.requestAnimationFrame(frame);
      };
      w.requestAnimationFrame(frame);
    });
    await page.goto(`${r.bridge.url}/#/settings`);
    await page.getByRole('heading', { name: 'Language' }).waitFor();
    // Long enough for every answer asked for after the page was drawn (the API key's, the estimates').
    await page.waitForTimeout(1_500);
    const tops = await page.evaluate(() => (globalThis as unknown as Framed).headingTops);
    expect(Object.keys(tops)).toEqual(
      expect.arrayContaining([
        'editor-title',
        'provider-title',
        'capture-title',
        'privacy-title',
        'language-title',
      ]),
    );
    for (const [id, seen] of Object.entries(tops)) expect({ id, seen }).toEqual({ id, seen: [seen[0]] });
    await page.context().close();
  });

  it('saves privacy guards, refuses a broken pattern, and deletes all results on confirmation', async () => {
    const page = await r.open('#/settings');
    await page.getByLabel('Local only: never send anything to a cloud provider').check();
    await page
      .getByLabel('Never capture while these windows are active')
      .fill('KeePassXC\n\n  Online Banking  \n');
    await page.getByLabel('Black out sensitive text before an image goes to a cloud provider').check();
    await page.getByLabel('Phone numbers').uncheck();
    const patterns = page.getByLabel('Your own patterns (regular expressions, one per line)');
    await patterns.fill('\\d{8}[A-Z]\n([unclosed');
    await poll(() => page.getByText('Line 2 is not a valid regular expression.').isVisible()).toBe(true);
    await page.waitForTimeout(UNSAVED_BY_NOW_MS);
    expect(r.app.getSettings().privacy.redact.patterns).not.toContain('([unclosed');
    await patterns.fill('\\d{8}[A-Z]');
    await poll(() => r.app.getSettings().privacy).toEqual({
      previewBeforeSend: false,
      localOnly: true,
      excludedWindows: ['KeePassXC', 'Online Banking'],
      redact: { enabled: true, kinds: ['card', 'iban', 'email'], patterns: ['\\d{8}[A-Z]'] },
    });

    await page.getByText(`Results, screenshots and logs are kept in ${r.home}`).waitFor();
    for (const at of ['2026-11-30T10:00:00Z', '2026-12-01T10:00:00Z']) await r.app.store.save(stored(at));
    // An export holds copies of the results; a file of the person's own in that folder is not ours.
    const exportsDir = path.join(r.home, 'exports');
    await mkdir(exportsDir, { recursive: true });
    const exported = path.join(exportsDir, 'extracto-20261201T100000.csv');
    const theirs = path.join(exportsDir, 'notes.txt');
    await writeFile(exported, 'id,total\n');
    await writeFile(theirs, 'mine');
    await page.getByRole('button', { name: 'Delete all results…' }).click();
    // Focus lands on Cancel: Enter never deletes by accident.
    await poll(() =>
      page.evaluate(() => (globalThis as unknown as Browserish).document.activeElement?.textContent),
    ).toBe('Cancel');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await poll(() => page.getByText('Deleted 2 results.').isVisible()).toBe(true);
    expect(r.app.store.count()).toBe(0);
    expect(existsSync(exported)).toBe(false);
    expect(await readFile(theirs, 'utf8')).toBe('mine');
    expect(r.app.getSettings().profiles).toHaveLength(1);
    // Opening the folder needs the desktop app; the sentence says so.
    await page.getByRole('button', { name: 'Open folder' }).click();
    await poll(() => page.getByText('Only the Extracto desktop app can do this.').isVisible()).toBe(true);
    await page.context().close();
  });

  it('says where API keys are kept, and switches the language at once', async () => {
    const page = await r.open('#/settings');
    await poll(() => page.locator('#api-key-where').textContent()).toBe(
      'Keys are kept by the desktop app, in the system keychain.',
    );
    expect(await page.getByLabel('API key').isDisabled()).toBe(true);
    expect(await page.getByLabel('API key').getAttribute('type')).toBe('password');
    await page.getByLabel('Language of the windows and notifications').selectOption('es');
    await poll(() => page.locator('#capture-title').textContent()).toBe('Captura');
    expect(r.app.getSettings().locale).toBe('es');
    expect(
      await page.evaluate(() => (globalThis as unknown as Browserish).document.documentElement.lang),
    ).toBe('es');
    await page.getByLabel('Idioma de las ventanas y notificaciones').selectOption('auto');
    await poll(() => page.locator('#capture-title').textContent()).toBe('Capture');
    await page.context().close();
  });

  it('exports a profile as JSON and imports it back as a new one; a foreign file is refused', async () => {
    const page = await r.open('#/settings');
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export as JSON' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('Invoices.extracto-profile.json');
    const text = await readFile((await download.path())!, 'utf8');
    expect(JSON.parse(text)).toEqual({
      extracto: 'profile',
      version: 1,
      profile: { name: 'Invoices', fields: [{ key: 'total', label: 'Total', type: 'number' }] },
    });
    const input = page.locator('input[type="file"]');
    await input.setInputFiles({ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await poll(() => page.getByText('Imported "Invoices (imported)".').isVisible()).toBe(true);
    expect(r.app.getSettings().profiles.map((p) => p.name)).toEqual(['Invoices', 'Invoices (imported)']);
    await input.setInputFiles({
      name: 'x.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"name": "x"}'),
    });
    await poll(() => page.getByText(/This file is not an Extracto profile/).isVisible()).toBe(true);
    await input.setInputFiles({
      name: 'x.json',
      mimeType: 'application/json',
      buffer: Buffer.from('not json'),
    });
    await poll(() => page.getByText('This file is not JSON.').isVisible()).toBe(true);
    expect(r.app.getSettings().profiles).toHaveLength(2);
    await page.context().close();
  });

  it('duplicates, renames and deletes a profile, and tests the provider connection', async () => {
    const page = await r.open('#/settings');
    const list = page.getByRole('complementary', { name: 'Profiles' });
    await list.getByRole('button', { name: /^Invoices( Active)?$/ }).click();
    await page.getByRole('button', { name: 'Duplicate' }).click();
    const name = page.getByLabel('Profile name');
    await poll(() => name.inputValue()).toBe('Invoices (copy)');
    await name.fill('Receipts');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await poll(() => r.app.getSettings().profiles.map((p) => p.name)).toContain('Receipts');
    const copy = r.app.getSettings().profiles.find((p) => p.name === 'Receipts')!;
    expect(copy.fields).toEqual([{ key: 'total', label: 'Total', type: 'number' }]);
    // The window has taken the saved profile back (selected in the list, no longer marked new)
    // before it is edited again.
    await poll(() =>
      list.getByRole('button', { name: 'Receipts', exact: true }).getAttribute('aria-current'),
    ).toBe('true');

    await name.fill('Receipts 2026');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await poll(() => r.app.getSettings().profiles.find((p) => p.id === copy.id)?.name).toBe('Receipts 2026');

    await page.getByRole('button', { name: 'Delete profile' }).click();
    await page
      .getByRole('alertdialog')
      .getByText('Delete the profile "Receipts 2026"?', { exact: false })
      .waitFor();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await poll(() => r.app.getSettings().profiles.some((p) => p.id === copy.id)).toBe(false);
    await poll(() => list.getByRole('button', { name: /Receipts/ }).count()).toBe(0);

    // The harness runs OpenAI without a key: the check answers with the sentence, sending nothing.
    await page.getByRole('button', { name: 'Test connection' }).click();
    await poll(() => page.getByRole('alert').textContent()).toMatch(/^No OpenAI API key: set OPENAI_API_KEY/);
    await page.context().close();
  });

  it('jumps to a section from the side list, and has no serious accessibility problems', async () => {
    const page = await r.open('#/settings');
    // Each section appears once it has read its settings: on a loaded machine, after the list.
    await page.locator('#privacy-title').waitFor();
    await page
      .getByRole('navigation', { name: 'On this page' })
      .getByRole('button', { name: 'Privacy' })
      .click();
    await poll(() =>
      page.evaluate(() => (globalThis as unknown as Browserish).document.activeElement?.id),
    ).toBe('privacy-title');
    expect(page.url()).toMatch(/#\/settings$/);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousAxeViolations(page), scheme).toEqual([]);
    }
    expect(r.errors).toEqual([]);
    await page.context().close();
  });

  it('on first run, starts the page with the steps: a profile, the engine, the shortcut as set', async () => {
    for (const p of r.app.profiles()) await r.app.removeProfile(p.id);
    const before = r.app.getSettings();
    const title = 'Your first result in three steps';
    await r.app.saveSettings({ ...before, capture: { ...before.capture, hotkey: 'CommandOrControl+Alt+K' } });
    // The person's own shortcut, written as their system writes it; the provider they chose.
    const mac = await r.open('#/settings', {
      userAgent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
    });
    const macCard = mac.getByRole('region', { name: title });
    await poll(() => macCard.getByText(/^Press ⌘⌥K with a document on screen/).count()).toBe(1);
    expect(await macCard.getByRole('heading', { name: 'OpenAI needs its key' }).count()).toBe(1);
    await mac.context().close();

    await r.app.saveSettings({ ...r.app.getSettings(), provider: { id: 'local', detail: 'auto' } });
    const page = await r.open('#/settings');
    const card = page.getByRole('region', { name: title });
    await poll(() => card.getByText(/^Press Ctrl\+Alt\+K with a document on screen/).count()).toBe(1);
    expect(await card.getByRole('heading', { name: 'The offline engine is ready' }).count()).toBe(1);
    // It is what the main column starts with, and the side list's first entry leads to it.
    expect(await page.locator('.content > .card').first().getAttribute('aria-labelledby')).toBe(
      'first-run-title',
    );
    const sections = page.getByRole('navigation', { name: 'On this page' });
    await sections.getByRole('button', { name: 'Get started' }).click();
    await poll(() =>
      page.evaluate(() => (globalThis as unknown as Browserish).document.activeElement?.id),
    ).toBe('first-run-title');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousAxeViolations(page), scheme).toEqual([]);
    }

    // Create a profile starts one, named and listed as not saved, its name to type into.
    await card.getByRole('button', { name: 'Create a profile' }).click();
    await poll(() =>
      page.evaluate(() => (globalThis as unknown as Browserish).document.activeElement?.id),
    ).toBe('profile-name');
    expect(
      await page
        .getByRole('complementary', { name: 'Profiles' })
        .getByRole('button', { name: 'New profile not saved' })
        .count(),
    ).toBe(1);
    expect(await card.getByText('Give it a name and its fields below, then Save profile.').count()).toBe(1);
    await sections.getByRole('button', { name: 'Fields' }).click();
    await poll(() =>
      page.evaluate(() => (globalThis as unknown as Browserish).document.activeElement?.id),
    ).toBe('editor-title');
    // The way to History asks first: the new profile is not saved.
    await card.getByRole('link', { name: 'Or drop an image or PDF on History' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Discard changes' }).click();
    await poll(() => page.url()).toMatch(/#\/history$/);
    await page.context().close();

    const spanish = await r.open('#/settings', { locale: 'es-ES' });
    await spanish.getByRole('region', { name: 'Tu primer resultado en tres pasos' }).waitFor();
    expect(await spanish.getByText(/^Pulsa Ctrl\+Alt\+K con un documento en pantalla/).count()).toBe(1);
    await spanish.context().close();
    await r.app.saveSettings({ ...r.app.getSettings(), capture: before.capture, provider: before.provider });
    expect(r.errors).toEqual([]);
  });

  it('on first run, offers a sample profile that works with the offline engine', async () => {
    for (const p of r.app.profiles()) await r.app.removeProfile(p.id);
    const page = await r.open('#/settings');
    await page.getByRole('button', { name: 'Start with a sample: invoices' }).click();
    await poll(() => r.app.activeProfile()?.name).toBe('Invoices');
    expect(r.app.activeProfile()!.fields.map((f) => `${f.key}:${f.type}`)).toEqual([
      'invoice_number:text',
      'date:date',
      'total:currency',
      'vendor:text',
    ]);
    await poll(() => page.getByLabel('Profile name').inputValue()).toBe('Invoices');
    await page.context().close();
  });
});
