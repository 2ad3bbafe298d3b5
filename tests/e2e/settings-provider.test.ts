import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretPort } from '../../src/main/ports.ts';
import { SecretStore } from '../../src/main/secrets.ts';
import { hasChromium, startRenderer, type RendererHarness, poll } from '../helpers/renderer.ts';

// Settings > Provider against a real AppService: what it saves, and what it leaves alone. The API
// key goes to main's SecretStore (what the desktop app keeps keys in), with a stand-in keychain
// that a test can take away.
describe.skipIf(!hasChromium)('Settings: provider', () => {
  let r: RendererHarness;
  let keys: string;
  let secrets: SecretStore;
  let keychainOpen = true;

  beforeAll(async () => {
    keys = await mkdtemp(path.join(tmpdir(), 'extracto-keys-'));
    const keychain: SecretPort = {
      available: () => Promise.resolve(keychainOpen),
      encrypt: (text) => Promise.resolve(Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a))),
      decrypt: (data) =>
        Promise.resolve({ text: Buffer.from([...data].map((b) => b ^ 0x5a)).toString(), stale: false }),
    };
    secrets = new SecretStore(path.join(keys, 'secrets.json'), keychain);
    r = await startRenderer({
      main: {
        'secrets:status': () => secrets.status({}),
        'secrets:save': async ({ name, value }) => {
          if (value.trim()) await secrets.set(name, value.trim());
          else await secrets.remove(name);
          return secrets.status({});
        },
      },
    });
    const s = r.app.getSettings();
    // A wait set in settings.json, which no control in the window edits.
    await r.app.saveSettings({ ...s, provider: { id: 'openai', detail: 'auto', timeoutSeconds: 90 } });
  });
  afterAll(async () => {
    await r?.close();
    await rm(keys, { recursive: true, force: true });
  });

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

  it('stores a pasted key when Save provider is pressed, and says it did', async () => {
    const page = await r.open('#/settings');
    const where = page.locator('#api-key-where');
    await poll(() => where.textContent()).toBe('No key yet: paste one to use this provider.');
    await page.getByLabel('API key').fill('sk-proj-pasted-123456');
    expect(await where.textContent()).toBe(
      'Not stored yet: Save provider (or Store key) keeps it in the keychain.',
    );
    await page.getByRole('button', { name: 'Save provider' }).click();
    await poll(() => page.locator('#provider-title ~ .status').textContent()).toBe(
      'Saved, with the API key.',
    );
    expect(await secrets.get('OPENAI_API_KEY')).toBe('sk-proj-pasted-123456');
    expect(await page.getByLabel('API key').inputValue()).toBe('');
    await poll(() => where.textContent()).toBe('Key stored in the keychain.');
    await page.reload();
    await poll(() => where.textContent()).toBe('Kept in the system keychain (encrypted).');
    await page.context().close();
  });

  it('says a key the keychain refused was not stored, and keeps it in the field', async () => {
    await secrets.remove('ANTHROPIC_API_KEY');
    const page = await r.open('#/settings');
    await page.locator('#provider').selectOption('anthropic');
    await poll(() => page.locator('#api-key-where').textContent()).toBe(
      'No key yet: paste one to use this provider.',
    );
    keychainOpen = false;
    try {
      await page.getByLabel('API key').fill('sk-ant-refused-654321');
      await page.getByRole('button', { name: 'Save provider' }).click();
      const refused =
        'This system offers no keychain to keep ANTHROPIC_API_KEY encrypted, so Extracto will not store it; set ANTHROPIC_API_KEY in the environment instead.';
      await poll(() => page.locator('#provider-title ~ [role="alert"]').textContent()).toBe(
        `The provider is saved, but the API key was not stored. ${refused}`,
      );
      expect(await page.locator('#api-key-where').textContent()).toBe(refused);
      expect(r.app.getSettings().provider.id).toBe('anthropic');
      expect(secrets.has('ANTHROPIC_API_KEY')).toBe(false);
      expect(await page.getByLabel('API key').inputValue()).toBe('sk-ant-refused-654321');
      expect(await page.getByText('Saved, with the API key.').count()).toBe(0);
    } finally {
      keychainOpen = true;
    }
    await page.context().close();
  });
});
